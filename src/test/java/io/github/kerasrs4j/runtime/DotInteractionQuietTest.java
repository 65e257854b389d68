package io.github.kerasrs4j.runtime;

import io.github.kerasrs4j.layers.DotInteraction;
import io.github.kerasrs4j.testing.TestGraphs;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Training and inference through the vertex print nothing to stdout: the runtime builds no SameDiff
 * gradient function, whose M2.1 code prints "Added differentiated op" for every op.
 */
class DotInteractionQuietTest {

    @Test
    void fitAndOutputWriteNothingToStdout() {
        ComputationGraph graph = TestGraphs.denseFeatures(new DotInteraction(true, false), 3, 4, DataType.FLOAT,
                new Adam(0.01), 3);
        INDArray[] inputs = {Nd4j.rand(DataType.FLOAT, 5, 3), Nd4j.rand(DataType.FLOAT, 5, 3), Nd4j.rand(DataType.FLOAT, 5, 3)};
        MultiDataSet data = new MultiDataSet(inputs, new INDArray[]{Nd4j.rand(DataType.FLOAT, 5, TestGraphs.OUT)});

        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            graph.fit(data);
            graph.output(inputs);
        } finally {
            System.setOut(stdout);
        }
        assertEquals("", captured.toString(StandardCharsets.UTF_8));
    }
}
