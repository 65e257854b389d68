package io.github.kerasrs4j.keras;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A catalogue model saved by real Keras 3 (src/test/resources/keras3-catalogue, see its README): its
 * inputs as raw columns, as a Keras user holds them, and what Keras computed.
 */
final class KerasCatalogue {

    static final List<String> BACKENDS = List.of("tf", "jax", "torch");
    private static final String CATALOGUE = "keras3-catalogue";

    /** Raw columns by Keras input name: int[] ids, String[] or String[][] strings, double[] scalars, double[][] rows. */
    final Map<String, Object> inputs = new LinkedHashMap<>();
    /** Keras's outputs by output name. */
    final Map<String, INDArray> outputs = new LinkedHashMap<>();

    private KerasCatalogue(JsonNode json) {
        json.get("inputs").fields().forEachRemaining(e -> inputs.put(e.getKey(), column(e.getValue())));
        json.get("outputs").fields().forEachRemaining(e -> outputs.put(e.getKey(), Nd4j.create((double[][]) column(e.getValue()))));
    }

    static KerasCatalogue load(String model) {
        return load(CATALOGUE, model);
    }

    /** A model of another resource directory holding files of the catalogue's form. */
    static KerasCatalogue load(String directory, String model) {
        try (InputStream in = KerasCatalogue.class.getResourceAsStream("/" + directory + "/" + model + ".json")) {
            return new KerasCatalogue(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path file(String model, String extension) {
        return file(CATALOGUE, model, extension);
    }

    static Path file(String directory, String model, String extension) {
        try {
            return Path.of(KerasCatalogue.class.getResource("/" + directory + "/" + model + "." + extension).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object column(JsonNode node) {
        if (node.get(0).isArray() && node.get(0).get(0).isTextual()) {
            String[][] rows = new String[node.size()][];
            for (int b = 0; b < rows.length; b++) {
                rows[b] = (String[]) column(node.get(b));
            }
            return rows;
        }
        if (node.get(0).isArray()) {
            List<double[]> rows = new ArrayList<>();
            node.elements().forEachRemaining(row -> {
                double[] values = new double[row.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = row.get(i).asDouble();
                }
                rows.add(values);
            });
            return rows.toArray(new double[0][]);
        }
        if (node.get(0).isTextual()) {
            String[] strings = new String[node.size()];
            for (int i = 0; i < strings.length; i++) {
                strings[i] = node.get(i).asText();
            }
            return strings;
        }
        boolean ids = node.get(0).isIntegralNumber();
        int[] intValues = new int[node.size()];
        double[] values = new double[node.size()];
        for (int i = 0; i < values.length; i++) {
            intValues[i] = node.get(i).asInt();
            values[i] = node.get(i).asDouble();
        }
        return ids ? intValues : values;
    }
}
