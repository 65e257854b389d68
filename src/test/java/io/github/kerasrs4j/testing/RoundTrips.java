package io.github.kerasrs4j.testing;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;

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

    /** {@code graph} saved with its updater state into {@code dir} by ModelSerializer and restored. */
    public static ComputationGraph viaModelSerializer(ComputationGraph graph, File dir) throws IOException {
        File file = new File(dir, "graph.zip");
        ModelSerializer.writeModel(graph, file, true);
        return ModelSerializer.restoreComputationGraph(file, true);
    }
}
