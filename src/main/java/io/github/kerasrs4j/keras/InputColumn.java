package io.github.kerasrs4j.keras;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.List;

/**
 * One input of an imported model, and the one place where a raw named column becomes the array the
 * graph takes for it: a Keras input of shape () or (1,) becomes a column [batch, 1], one of shape (n,)
 * a matrix [batch, n], in the graph's data type.
 */
final class InputColumn {

    /** Integers above this lose their last digits in float32. */
    private static final long FLOAT_EXACT_INTEGERS = 1L << 24;

    private final String name;
    private final String vertex;
    private final long width;
    private final String dtype;
    private final DataType graphType;
    private final RawInputTransform preprocessing;

    /**
     * @param name       the Keras input name
     * @param vertex     the graph input it feeds
     * @param batchShape the InputLayer's batch_shape: (batch,) or (batch, n)
     * @param dtype      its Keras dtype, e.g. "int32" (null when the file does not say)
     * @param graphType  the data type the graph computes in
     * @param preprocessing the lookup or normalization run on the raw column before the graph, or null
     */
    InputColumn(String name, String vertex, List<Object> batchShape, String dtype, DataType graphType,
            RawInputTransform preprocessing) {
        this.name = name;
        this.vertex = vertex;
        this.width = batchShape.size() == 1 ? 1 : ((Number) batchShape.get(1)).longValue();
        this.dtype = dtype;
        this.graphType = graphType;
        this.preprocessing = preprocessing;
    }

    String name() {
        return name;
    }

    String vertex() {
        return vertex;
    }

    /**
     * The graph's array for a raw column.
     *
     * @throws IllegalArgumentException naming the input when the value is of a type or shape it cannot take
     */
    INDArray toGraphInput(Object value) {
        INDArray array = preprocessing == null ? toArray(value)
                : preprocessing.apply(preprocessing.readsNumbers() ? toArray(value) : value, name);
        if (array.rank() == 1 && width == 1) {
            array = array.reshape(array.length(), 1);
        }
        if (array.rank() != 2 || array.size(1) != width) {
            throw new IllegalArgumentException("input '" + name + "' takes " + expected() + ", got an array of shape "
                    + Arrays.toString(array.shape()));
        }
        return array.dataType() == graphType ? array : array.castTo(graphType);
    }

    private INDArray toArray(Object value) {
        if (value == null) {
            throw new IllegalArgumentException("input '" + name + "' is null");
        }
        if (value instanceof INDArray) {
            return (INDArray) value;
        }
        if (value instanceof int[]) {
            return Nd4j.createFromArray(Arrays.stream((int[]) value).asDoubleStream().toArray()).castTo(graphType);
        }
        if (value instanceof long[]) {
            long[] ids = (long[]) value;
            for (long id : ids) {
                if (Math.abs(id) > FLOAT_EXACT_INTEGERS && graphType != DataType.DOUBLE) {
                    throw new IllegalArgumentException("input '" + name + "' holds " + id + ", which float32 cannot "
                            + "hold exactly (integers up to 2^24 can): the graph computes in float32");
                }
            }
            return Nd4j.createFromArray(Arrays.stream(ids).asDoubleStream().toArray()).castTo(graphType);
        }
        if (value instanceof float[]) {
            return Nd4j.createFromArray((float[]) value);
        }
        if (value instanceof double[]) {
            return Nd4j.createFromArray((double[]) value);
        }
        if (value instanceof float[][]) {
            float[][] rows = (float[][]) value;
            checkRows(Arrays.stream(rows).mapToInt(row -> row == null ? -1 : row.length).toArray());
            return Nd4j.createFromArray(rows);
        }
        if (value instanceof double[][]) {
            double[][] rows = (double[][]) value;
            checkRows(Arrays.stream(rows).mapToInt(row -> row == null ? -1 : row.length).toArray());
            return Nd4j.createFromArray(rows);
        }
        if (value instanceof String[]) {
            throw new IllegalArgumentException("input '" + name + "' holds " + (dtype == null ? "numbers" : dtype)
                    + " values, not strings: give " + expected());
        }
        throw new IllegalArgumentException("input '" + name + "' is a " + value.getClass().getSimpleName()
                + "; it takes " + expected() + " as an INDArray, int[], long[], float[], double[], float[][] or double[][]");
    }

    /** Rows of a float[][]/double[][], by their lengths: one or more, each of the input's width. */
    private void checkRows(int[] lengths) {
        if (lengths.length == 0) {
            throw new IllegalArgumentException("input '" + name + "' has no rows");
        }
        for (int i = 0; i < lengths.length; i++) {
            if (lengths[i] != width) {
                throw new IllegalArgumentException("input '" + name + "' takes " + expected() + ", but its row " + i
                        + (lengths[i] < 0 ? " is null" : " holds " + lengths[i] + " values"));
            }
        }
    }

    private String expected() {
        String kind = dtype == null ? "" : dtype + " ";
        return width == 1 && dtype != null && !dtype.contains("float")
                ? "one " + kind + "value per sample (shape (batch,))"
                : kind + "values of shape (batch, " + width + ")" + (width == 1 ? " or (batch,)" : "");
    }
}
