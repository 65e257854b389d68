package io.github.kerasrs4j.keras;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.lang.reflect.Array;
import java.util.Arrays;

/**
 * A raw column of tokens as a user gives it to a lookup layer: one token per sample (Keras shape
 * (batch,)) or a row of tokens per sample (shape (batch, n)). Integer tokens are {@link Long}s,
 * string tokens {@link String}s, as {@link IndexLookup} takes them.
 *
 * @param rows      [batch &gt;= 1][width &gt;= 1] tokens
 * @param perSample whether it came with one token per sample, as a 1-D array
 */
record RawTokens(Object[][] rows, boolean perSample) {

    /**
     * Integer ids: int[], long[], int[][], long[][], or an INDArray of rank 1 or 2 holding whole numbers.
     *
     * @param where names the input in errors
     */
    static RawTokens integers(Object value, String where) {
        if (value instanceof int[] || value instanceof long[]) {
            return new RawTokens(checked(columnOf(longs(value)), where), true);
        }
        if (value instanceof int[][] || value instanceof long[][]) {
            Object[] rows = (Object[]) value;
            Object[][] tokens = new Object[rows.length][];
            for (int b = 0; b < rows.length; b++) {
                tokens[b] = rows[b] == null ? null : longs(rows[b]);
            }
            return new RawTokens(checked(tokens, where), false);
        }
        if (value instanceof INDArray) {
            return fromArray((INDArray) value, where);
        }
        throw new IllegalArgumentException(where + " takes integer ids (int[], long[], int[][], long[][] or an "
                + "INDArray), found " + typeOf(value));
    }

    /** String tokens: String[] or String[][]. */
    static RawTokens strings(Object value, String where) {
        if (value instanceof String[][]) {
            return new RawTokens(checked((String[][]) value, where), false);
        }
        if (value instanceof String[]) {
            return new RawTokens(checked(columnOf((String[]) value), where), true);
        }
        throw new IllegalArgumentException(where + " takes strings (String[] or String[][]), found " + typeOf(value));
    }

    private static RawTokens fromArray(INDArray array, String where) {
        if (array.rank() < 1 || array.rank() > 2) {
            throw new IllegalArgumentException(where + " should be an array of shape (batch,) or (batch, n), found "
                    + "shape " + Arrays.toString(array.shape()));
        }
        INDArray matrix = array.rank() == 1 ? array.reshape(array.length(), 1) : array;
        Object[][] rows = new Object[(int) matrix.rows()][(int) matrix.columns()];
        for (int b = 0; b < rows.length; b++) {
            for (int i = 0; i < rows[b].length; i++) {
                double v = matrix.getDouble(b, i);
                if (v != Math.rint(v) || Double.isInfinite(v)) {
                    throw new IllegalArgumentException(where + " takes integer ids, found " + v + " at [" + b
                            + ", " + i + "]");
                }
                rows[b][i] = matrix.dataType().isIntType() ? matrix.getLong(b, i) : (long) v;
            }
        }
        return new RawTokens(checked(rows, where), array.rank() == 1);
    }

    private static Object[][] columnOf(Object[] values) {
        Object[][] rows = new Object[values.length][];
        for (int b = 0; b < values.length; b++) {
            rows[b] = new Object[]{values[b]};
        }
        return rows;
    }

    private static Object[] longs(Object array) {
        Object[] boxed = new Object[Array.getLength(array)];
        for (int i = 0; i < boxed.length; i++) {
            boxed[i] = ((Number) Array.get(array, i)).longValue();
        }
        return boxed;
    }

    /** Rejects an empty batch, ragged rows and nulls, naming where. */
    private static Object[][] checked(Object[][] rows, String where) {
        if (rows.length == 0) {
            throw new IllegalArgumentException(where + " has no samples");
        }
        for (int b = 0; b < rows.length; b++) {
            if (rows[b] == null || rows[b].length == 0 || rows[b].length != rows[0].length) {
                throw new IllegalArgumentException(where + ": sample " + b + " has "
                        + (rows[b] == null ? "no row" : rows[b].length + " values")
                        + ", but every sample needs the same number (at least 1)");
            }
            for (Object token : rows[b]) {
                if (token == null) {
                    throw new IllegalArgumentException(where + ": sample " + b + " holds a null");
                }
            }
        }
        return rows;
    }

    private static String typeOf(Object value) {
        return value == null ? "null" : value.getClass().getSimpleName();
    }
}
