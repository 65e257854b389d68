package io.github.kerasrs4j.spark;

import io.github.kerasrs4j.samples.dlrm.CriteoBatch;
import io.github.kerasrs4j.samples.dlrm.CriteoRow;
import io.github.kerasrs4j.samples.dlrm.CriteoRowParser;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Encodes Criteo lines exactly as the DLRM sample does: its parser, then its minibatch layout, so the graph
 * from {@code DlrmGraphBuilder} gets its inputs in its own order on every executor.
 */
public final class SampleCriteoEncoder implements CriteoBatchEncoder {

    private final CriteoRowParser parser;

    public SampleCriteoEncoder(CriteoRowParser parser) {
        this.parser = parser;
    }

    @Override
    public MultiDataSet encode(List<String> lines) {
        List<CriteoRow> rows = new ArrayList<>(lines.size());
        for (String line : lines) {
            rows.add(parser.parse(line));
        }
        return CriteoBatch.of(rows);
    }
}
