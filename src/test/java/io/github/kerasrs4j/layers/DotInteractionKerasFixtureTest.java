package io.github.kerasrs4j.layers;

import io.github.kerasrs4j.testing.Fixtures;
import io.github.kerasrs4j.testing.VertexRunner;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real Keras 3.15.1 outputs of keras_rs DotInteraction, reproduced within 1e-6 in float32. */
class DotInteractionKerasFixtureTest {

    @ParameterizedTest
    @ValueSource(strings = {"si0_sg0", "si0_sg1", "si1_sg0", "si1_sg1"})
    @SuppressWarnings("unchecked")
    void reproducesKerasOutput(String flags) {
        Map<String, Object> fixture = Fixtures.json("keras3/dot_interaction_" + flags + ".json");
        Map<String, Object> inputs = (Map<String, Object>) fixture.get("inputs");
        Map<String, Object> config = (Map<String, Object>) ((Map<String, Object>) fixture.get("config")).get("interaction");
        DotInteraction layer = new DotInteraction((Boolean) config.get("self_interaction"), (Boolean) config.get("skip_gather"));

        INDArray[] features = new INDArray[inputs.size()];
        for (int i = 0; i < features.length; i++) {
            features[i] = Fixtures.matrix(inputs.get("f" + i), DataType.FLOAT);
        }
        INDArray expected = Fixtures.matrix(((Map<String, Object>) fixture.get("interactions")).get("interaction"),
                DataType.FLOAT);
        INDArray actual = new VertexRunner(layer, DataType.FLOAT, features.length).forward(features);

        assertArrayEquals(expected.shape(), actual.shape());
        double maxDiff = expected.sub(actual).amaxNumber().doubleValue();
        assertTrue(maxDiff <= 1e-6, flags + ": max |keras - kerasrs4j| = " + maxDiff);
    }
}
