package io.github.kerasrs4j.samples.dlrm;

import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Streams one split of a Criteo file as minibatches for {@link DlrmGraphBuilder}'s graph: only the current
 * batch is in memory, so a full-size Criteo file trains as well as the generated one.
 *
 * <p>Each MultiDataSet is laid out by {@link CriteoBatch}; the last batch of a split is usually short.
 */
public final class CriteoMultiDataSetIterator implements MultiDataSetIterator {

    private final Path file;
    private final CriteoRowParser parser;
    private final DataSplit split;
    private final long maxLines;
    private final int batchSize;
    private final EmbeddingForm form;
    private MultiDataSetPreProcessor preProcessor;
    private transient CriteoFileReader reader;
    private transient CriteoRow lookahead;

    /** Batches in the per-feature layout. */
    public CriteoMultiDataSetIterator(Path file, CriteoRowParser parser, DataSplit split, long maxLines,
                                      int batchSize) {
        this(file, parser, split, maxLines, batchSize, EmbeddingForm.PER_FEATURE);
    }

    public CriteoMultiDataSetIterator(Path file, CriteoRowParser parser, DataSplit split, long maxLines,
                                      int batchSize, EmbeddingForm form) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        this.file = file;
        this.parser = parser;
        this.split = split;
        this.maxLines = maxLines;
        this.batchSize = batchSize;
        this.form = form;
        reset();
    }

    @Override
    public boolean hasNext() {
        return lookahead != null;
    }

    @Override
    public MultiDataSet next() {
        return next(batchSize);
    }

    @Override
    public MultiDataSet next(int num) {
        if (lookahead == null) {
            throw new NoSuchElementException("no more rows in " + split + " split of " + file);
        }
        List<CriteoRow> rows = new ArrayList<>(num);
        while (rows.size() < num && lookahead != null) {
            rows.add(lookahead);
            advance();
        }
        MultiDataSet batch = CriteoBatch.of(rows, form);
        if (preProcessor != null) {
            preProcessor.preProcess(batch);
        }
        return batch;
    }

    private void advance() {
        lookahead = reader.next();
        if (lookahead == null) {
            reader.close();
        }
    }

    @Override
    public void reset() {
        if (reader != null) {
            reader.close();
        }
        reader = new CriteoFileReader(file, parser, split, maxLines);
        advance();
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return true;
    }

    @Override
    public void setPreProcessor(MultiDataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public MultiDataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }
}
