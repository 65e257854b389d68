package io.github.kerasrs4j.samples.dlrm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class CriteoMultiDataSetIteratorTest {

    @TempDir
    Path dir;

    @Test
    void batchesHoldTheDenseFeaturesThenOneIndexColumnPerCategoryAndTheLabels() throws IOException {
        Path file = CriteoRows.write(dir, "rows.tsv", CriteoRows.valid(25));
        CriteoRowParser parser = new CriteoRowParser(50);
        CriteoMultiDataSetIterator iterator = new CriteoMultiDataSetIterator(file, parser, DataSplit.TRAIN, 0, 10);

        List<Long> batchSizes = new ArrayList<>();
        MultiDataSet first = iterator.next();
        batchSizes.add(first.getLabels(0).size(0));
        while (iterator.hasNext()) {
            batchSizes.add(iterator.next().getLabels(0).size(0));
        }
        assertEquals(List.of(10L, 10L, 3L), batchSizes, "23 training rows in batches of 10");
        assertEquals(DlrmGraphBuilder.inputNames().size(), first.getFeatures().length);
        assertArrayEquals(new long[]{10, CriteoRow.DENSE_FEATURES}, first.getFeatures(0).shape());
        assertArrayEquals(new long[]{10, 1}, first.getFeatures(1).shape());
        assertArrayEquals(new long[]{10, 1}, first.getLabels(0).shape());

        CriteoRow row = parser.parse(CriteoRows.valid(25).get(1));   // line 2: the second training row
        assertEquals(row.label(), first.getLabels(0).getInt(1, 0));
        assertEquals(row.dense()[4], first.getFeatures(0).getFloat(1, 4));
        assertEquals(row.categories()[25], first.getFeatures(26).getInt(1, 0));

        iterator.reset();
        assertEquals(first, iterator.next(), "reset streams the file again from the start");
        while (iterator.hasNext()) {
            iterator.next();
        }
        assertFalse(iterator.hasNext());
    }
}
