package io.github.kerasrs4j.testing;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.dataset.MultiDataSet;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Writes an object or a graph out and reads it back, as Spark and saved models do. */
public final class RoundTrips {

    private RoundTrips() {
    }

    /** {@code object} after Java serialization and back. */
    public static Object viaJavaSerialization(Object object) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return in.readObject();
        }
    }

    /**
     * Asserts that {@code restored} is {@code graph} restored: the same configuration, bit-identical
     * outputs on {@code data}, and three more training steps that give both the same parameters and
     * a lower loss.
     */
    public static void assertRestoredTrainsLikeOriginal(ComputationGraph graph, ComputationGraph restored,
                                                        MultiDataSet data) {
        assertEquals(graph.getConfiguration(), restored.getConfiguration());
        assertEquals(graph.outputSingle(data.getFeatures()), restored.outputSingle(data.getFeatures()));
        double before = restored.score(data);
        for (int i = 0; i < 3; i++) {
            graph.fit(data);
            restored.fit(data);
        }
        assertEquals(graph.params(), restored.params(), "restored model trains exactly like the original");
        assertTrue(restored.score(data) < before, "training goes on lowering the loss");
    }

    /** {@code graph} saved with its updater state into {@code dir} by ModelSerializer and restored. */
    public static ComputationGraph viaModelSerializer(ComputationGraph graph, File dir) throws IOException {
        File file = new File(dir, "graph.zip");
        ModelSerializer.writeModel(graph, file, true);
        return ModelSerializer.restoreComputationGraph(file, true);
    }
}
