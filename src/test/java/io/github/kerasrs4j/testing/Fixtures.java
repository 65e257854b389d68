package io.github.kerasrs4j.testing;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.core.type.TypeReference;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** Reads the JSON fixtures under src/test/resources. */
public final class Fixtures {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {
    }

    public static Map<String, Object> json(String resource) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/" + resource)) {
            if (in == null) {
                throw new IllegalArgumentException("No test resource " + resource);
            }
            return JSON.readValue(in, new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A [rows][cols] list of numbers as a matrix. */
    @SuppressWarnings("unchecked")
    public static INDArray matrix(Object rows, DataType dataType) {
        List<List<Number>> list = (List<List<Number>>) rows;
        double[][] values = new double[list.size()][];
        for (int r = 0; r < values.length; r++) {
            values[r] = list.get(r).stream().mapToDouble(Number::doubleValue).toArray();
        }
        return Nd4j.create(values).castTo(dataType);
    }

    /** A list of [rows][cols] matrices. */
    @SuppressWarnings("unchecked")
    public static INDArray[] matrices(Object list, DataType dataType) {
        return ((List<Object>) list).stream().map(m -> matrix(m, dataType)).toArray(INDArray[]::new);
    }
}
