package io.github.kerasrs4j.keras;

import org.nd4j.linalg.api.buffer.DataType;
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
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A model saved by real Keras 3 (src/test/resources/keras3, see its README) and what Keras computed with it. */
final class Keras3Fixture {

    static final List<String> MODELS = List.of("dot_interaction_si0_sg0", "dot_interaction_si0_sg1",
            "dot_interaction_si1_sg0", "dot_interaction_si1_sg1", "dlrm_criteo_like", "dlrm_movielens_like");

    final String model;
    /** Keras's inputs, by input name in Keras order; a categorical input as a column [batch, 1]. */
    final Map<String, INDArray> inputs = new LinkedHashMap<>();
    /** The inputs Keras took as int32 ids of shape (batch,). */
    final Set<String> categorical = new HashSet<>();
    /** Keras's outputs, by output layer name in Keras order. */
    final Map<String, INDArray> outputs = new LinkedHashMap<>();
    /** Each DotInteraction layer's output. */
    final Map<String, INDArray> interactions = new LinkedHashMap<>();
    /** Each DotInteraction layer's [self_interaction, skip_gather]. */
    final Map<String, boolean[]> flags = new LinkedHashMap<>();

    private Keras3Fixture(String model, JsonNode json) {
        this.model = model;
        json.get("inputs").fields().forEachRemaining(e -> {
            inputs.put(e.getKey(), array(e.getValue()));
            if (!e.getValue().get(0).isArray()) {
                categorical.add(e.getKey());
            }
        });
        json.get("outputs").fields().forEachRemaining(e -> outputs.put(e.getKey(), array(e.getValue())));
        json.get("interactions").fields().forEachRemaining(e -> interactions.put(e.getKey(), array(e.getValue())));
        json.get("config").fields().forEachRemaining(e -> flags.put(e.getKey(), new boolean[]{
                e.getValue().get("self_interaction").asBoolean(), e.getValue().get("skip_gather").asBoolean()}));
    }

    static Keras3Fixture load(String model) {
        try (InputStream in = Keras3Fixture.class.getResourceAsStream("/keras3/" + model + ".json")) {
            return new Keras3Fixture(model, new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The saved model file with this extension ("keras" or "h5"). */
    static Path file(String model, String extension) {
        try {
            return Path.of(Keras3Fixture.class.getResource("/keras3/" + model + "." + extension).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    INDArray[] inputArrays() {
        return inputs.values().toArray(new INDArray[0]);
    }

    /** The inputs with the ids as INT columns, as a user holding integer ids would pass them. */
    INDArray[] inputArraysWithIntIds() {
        return inputs.entrySet().stream()
                .map(e -> categorical.contains(e.getKey()) ? e.getValue().castTo(DataType.INT) : e.getValue())
                .toArray(INDArray[]::new);
    }

    /** A JSON array of numbers as a float array; a flat list (one id per sample) becomes a column. */
    private static INDArray array(JsonNode node) {
        boolean flat = !node.get(0).isArray();
        List<float[]> rows = new ArrayList<>();
        for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
            JsonNode row = it.next();
            float[] values = new float[flat ? 1 : row.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (flat ? row : row.get(i)).asDouble();
            }
            rows.add(values);
        }
        return Nd4j.create(rows.toArray(new float[0][])).castTo(DataType.FLOAT);
    }
}
