package io.github.kerasrs4j.runtime;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** The vector loops against the scalar loops they replace, bit for bit, over every tail length. */
class FloatRowVectorsTest {

    private static final float[] SPECIAL = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
            Float.MIN_VALUE, -Float.MIN_VALUE, 1e-30f, -1e-30f};

    private final Random random = new Random(7);

    @Test
    void addBiasAndActivateIsTheScalarLoop() {
        for (int width = 1; width <= 70; width++) {
            for (boolean relu : new boolean[]{true, false}) {
                float[] row = values(width);
                float[] bias = values(width);
                float[] expected = row.clone();
                for (int c = 0; c < width; c++) {
                    expected[c] = relu ? Math.max(row[c] + bias[c], 0) : row[c] + bias[c];
                }
                FloatRowVectors.addBiasAndActivate(row, bias, relu, width);
                assertArrayEquals(bits(expected), bits(row), "width " + width + ", relu " + relu);
            }
        }
    }

    @Test
    void reluGradientIsTheScalarLoop() {
        for (int width = 1; width <= 70; width++) {
            float[] row = values(width);
            float[] pre = values(width);
            float[] bias = values(width);
            float[] expected = row.clone();
            for (int c = 0; c < width; c++) {
                expected[c] = pre[c] + bias[c] > 0 ? row[c] : 0;
            }
            FloatRowVectors.reluGradient(row, pre, bias, width);
            assertArrayEquals(bits(expected), bits(row), "width " + width);
        }
    }

    @Test
    void addToIsTheScalarLoop() {
        for (int width = 1; width <= 70; width++) {
            float[] row = values(width);
            double[] sums = new double[width];
            for (int c = 0; c < width; c++) {
                sums[c] = random.nextGaussian();
            }
            double[] expected = sums.clone();
            for (int c = 0; c < width; c++) {
                expected[c] += row[c];
            }
            FloatRowVectors.addTo(sums, row, width);
            assertArrayEquals(expected, sums, 0, "width " + width);
        }
    }

    /** Gaussians with the special values mixed in. */
    private float[] values(int width) {
        float[] values = new float[width];
        for (int c = 0; c < width; c++) {
            values[c] = random.nextInt(4) == 0 ? SPECIAL[random.nextInt(SPECIAL.length)] : (float) random.nextGaussian();
        }
        return values;
    }

    private static int[] bits(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }
}
