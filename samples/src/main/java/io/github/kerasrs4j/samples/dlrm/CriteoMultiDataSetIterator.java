package io.github.kerasrs4j.samples.dlrm;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.NoSuchElementException;

/**
 * Streams one split of a Criteo file as minibatches for {@link DlrmGraphBuilder}'s graph: only the current
 * batch is in memory, so a full-size Criteo file trains as well as the generated one.
 *
 * <p>Each MultiDataSet has the inputs in {@link DlrmGraphBuilder#inputNames()} order: the dense features
 * [batch, 13], then per categorical feature its vocabulary indices [batch, 1] (EmbeddingLayer's input);
 * and one label array [batch, 1] with 1 for a click.
 */
public final class CriteoMultiDataSetIterator implements MultiDataSetIterator {

    private final Path file;
    private final CriteoRowParser parser;
    private final DataSplit split;
    private final long maxLines;
    private final int batchSize;
    private MultiDataSetPreProcessor preProcessor;
    private transient CriteoFileReader reader;
    private transient CriteoRow lookahead;

    public CriteoMultiDataSetIterator(Path file, CriteoRowParser parser, DataSplit split, long maxLines,
                                      int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        this.file = file;
        this.parser = parser;
        this.split = split;
        this.maxLines = maxLines;
        this.batchSize = batchSize;
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
        float[][] dense = new float[num][];
        float[][][] categories = new float[CriteoRow.CATEGORICAL_FEATURES][num][1];
        float[][] labels = new float[num][1];
        int rows = 0;
        while (rows < num && lookahead != null) {
            dense[rows] = lookahead.dense();
            for (int c = 0; c < CriteoRow.CATEGORICAL_FEATURES; c++) {
                categories[c][rows][0] = lookahead.categories()[c];
            }
            labels[rows][0] = lookahead.label();
            rows++;
            advance();
        }
        INDArray[] inputs = new INDArray[1 + CriteoRow.CATEGORICAL_FEATURES];
        inputs[0] = matrix(dense, rows);
        for (int c = 0; c < CriteoRow.CATEGORICAL_FEATURES; c++) {
            inputs[1 + c] = matrix(categories[c], rows);
        }
        MultiDataSet batch = new org.nd4j.linalg.dataset.MultiDataSet(inputs, new INDArray[]{matrix(labels, rows)});
        if (preProcessor != null) {
            preProcessor.preProcess(batch);
        }
        return batch;
    }

    /** The first {@code rows} rows as a float matrix; the last batch of a split is usually short. */
    private static INDArray matrix(float[][] values, int rows) {
        float[][] used = rows == values.length ? values : Arrays.copyOf(values, rows);
        return Nd4j.createFromArray(used);
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
