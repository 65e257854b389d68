package io.github.kerasrs4j.runtime;

import io.github.kerasrs4j.layers.DotInteraction;
import io.github.kerasrs4j.testing.VertexRunner;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What NaN and Inf in the features give, in each mode, against Keras's computation done in IEEE
 * arithmetic (docs/non-finite.md): Z = X·Xᵀ; skip_gather multiplies Z by the 0/1 mask, so a masked
 * NaN or Inf becomes NaN and a masked negative -0.0; gather takes the kept entries only. Outputs must
 * agree with Keras in kind (NaN, +Inf, -Inf, +0.0, -0.0, finite), finite ones in value. Input
 * gradients must be (G + Gᵀ)·X, and differ from Keras's G·X + Gᵀ·X only where an infinite feature
 * meets one of G's zeros: Keras then gets 0·Inf = NaN, the vertex ±Inf.
 */
class DotInteractionNonFiniteTest {

    private static final int F = 4;
    private static final int D = 3;

    /** Named feature values [F][D]; every pairwise dot product of the finite rows is clearly non-zero. */
    static Stream<Arguments> cases() {
        float nan = Float.NaN;
        float inf = Float.POSITIVE_INFINITY;
        float[][] nanInOneFeature = {{1, 2, 0.5f}, {-1, 0.5f, 2}, {0.25f, nan, -1}, {2, -1, 1}};
        // Feature 0 meets Inf with a 0 (Inf·0 = NaN) and feature 3 with a negative (-Inf).
        float[][] infInOneFeature = {{0, 2, 0.5f}, {1, 0.5f, 2}, {inf, 1, -1}, {-2, -1, 1}};
        // Opposite infinities in one dimension: Inf·(-Inf) = -Inf, and their sum in a dot product NaN.
        float[][] opposingInfinities = {{1, inf, 0.5f}, {-1, -inf, 2}, {0.25f, 1, -1}, {2, -1, 1}};
        return Stream.of(new Object[]{"NaN in feature 2", nanInOneFeature},
                        new Object[]{"+Inf in feature 2", infInOneFeature},
                        new Object[]{"+Inf and -Inf", opposingInfinities})
                .flatMap(c -> Stream.of(new boolean[][]{{false, false}, {true, false}, {false, true}, {true, true}})
                        .map(flags -> Arguments.of(c[0], c[1], flags[0], flags[1])));
    }

    @ParameterizedTest(name = "{0}, self={2} skip={3}")
    @MethodSource("cases")
    void nonFiniteFeaturesGiveWhatKerasGives(String name, float[][] x, boolean self, boolean skip) {
        INDArray[] features = new INDArray[F];
        for (int i = 0; i < F; i++) {
            features[i] = Nd4j.createFromArray(new float[][]{x[i]});
        }
        float[] upstream = new float[(int) new DotInteraction(self, skip).layout(F).outputSize()];
        for (int k = 0; k < upstream.length; k++) {
            upstream[k] = 0.5f + k % 3;
        }
        VertexRunner runner = new VertexRunner(new DotInteraction(self, skip), DataType.FLOAT, F);
        float[] output = runner.forward(features).dup().data().asFloat();
        INDArray[] gradients = runner.backward(Nd4j.createFromArray(new float[][]{upstream}));

        KerasInIeee keras = new KerasInIeee(x, self, skip);
        double[] expectedOutput = keras.output();
        assertEquals(expectedOutput.length, output.length, "output width");
        for (int k = 0; k < output.length; k++) {
            assertSameKind(expectedOutput[k], output[k], "output " + k);
        }
        double[][] kerasGradient = keras.inputGradient(upstream, false);
        double[][] summedFirst = keras.inputGradient(upstream, true);
        for (int i = 0; i < F; i++) {
            float[] gradient = gradients[i].dup().data().asFloat();
            for (int d = 0; d < D; d++) {
                String what = "gradient of feature " + i + ", dim " + d;
                assertSameKind(summedFirst[i][d], gradient[d], what);
                if (!kind(kerasGradient[i][d]).equals(kind(gradient[d]))) {
                    // The one difference: Keras's 0·Inf (G's zeros times an infinite feature) is NaN where
                    // the vertex, adding G and Gᵀ first, multiplies Inf by their non-zero sum.
                    assertTrue(Double.isNaN(kerasGradient[i][d]) && Float.isInfinite(gradient[d])
                            && infiniteIn(x, d), what + ": Keras gives "
                            + kerasGradient[i][d] + ", the vertex " + gradient[d]);
                }
            }
        }
    }

    /**
     * The same features padded with zeros to D = 40, and feature 2 again as a fifth, where the vector kernel
     * computes Z by dot products of rows, rather than by columns, and at this odd F the diagonals of rows 0 and 4
     * apart from the other entries: the output is still Keras's.
     */
    @ParameterizedTest(name = "{0}, self={2} skip={3}")
    @MethodSource("cases")
    void nonFiniteFeaturesGiveWhatKerasGivesAtWideD(String name, float[][] x, boolean self, boolean skip) {
        float[][] five = Stream.concat(Stream.of(x), Stream.of(x[2])).toArray(float[][]::new);
        INDArray[] features = Stream.of(five).map(row -> Nd4j.createFromArray(new float[][]{Arrays.copyOf(row, 40)}))
                .toArray(INDArray[]::new);
        float[] output = new VertexRunner(new DotInteraction(self, skip), DataType.FLOAT, five.length).forward(features)
                .dup().data().asFloat();
        double[] expected = new KerasInIeee(five, self, skip).output();
        assertEquals(expected.length, output.length, "output width");
        for (int k = 0; k < output.length; k++) {
            assertSameKind(expected[k], output[k], "output " + k);
        }
    }

    /** In gather mode a NaN reaches only the entries that pair its feature; skip_gather spreads it to the masked ones too. */
    @ParameterizedTest(name = "skip={0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void nanReachesOnlyPairsOfItsFeatureUnlessMasked(boolean skip) {
        float[][] x = {{1, 2}, {3, 4}, {5, Float.NaN}};
        INDArray[] features = Stream.of(x).map(row -> Nd4j.createFromArray(new float[][]{row})).toArray(INDArray[]::new);
        float[] output = new VertexRunner(new DotInteraction(false, skip), DataType.FLOAT, 3).forward(features)
                .dup().data().asFloat();
        if (skip) {
            // Z row by row: (0,0) (0,1) (0,2) (1,0) (1,1) (1,2) (2,0) (2,1) (2,2); only (1,0), (2,0), (2,1) kept.
            boolean[] nan = {false, false, true, false, false, true, true, true, true};
            for (int k = 0; k < nan.length; k++) {
                assertEquals(nan[k], Float.isNaN(output[k]), "entry " + k + " of " + java.util.Arrays.toString(output));
            }
        } else {
            // (1,0), (2,0), (2,1): the last two pair feature 2.
            assertEquals(11f, output[0]);
            assertTrue(Float.isNaN(output[1]) && Float.isNaN(output[2]), java.util.Arrays.toString(output));
        }
    }

    /**
     * DotInteraction.define (the SameDiff definition) gathers by a matmul with a 0/1 selection matrix,
     * and 0·NaN = NaN there: one NaN feature makes every output of its sample NaN, unlike Keras's take
     * and the vertex. Documented in docs/non-finite.md; this pins the difference down.
     */
    @org.junit.jupiter.api.Test
    void sameDiffDefinitionSpreadsNanToTheWholeSampleWhenGathering() {
        INDArray stacked = Nd4j.createFromArray(new float[][][]{{{1, 2}, {3, 4}, {5, Float.NaN}}});
        float[] definition = new io.github.kerasrs4j.testing.SameDiffReference(new DotInteraction(false, false), 3,
                DataType.FLOAT).output(stacked).dup().data().asFloat();
        assertTrue(Float.isNaN(definition[0]) && Float.isNaN(definition[1]) && Float.isNaN(definition[2]),
                java.util.Arrays.toString(definition));
    }

    private static boolean infiniteIn(float[][] x, int dim) {
        return Stream.of(x).anyMatch(row -> Float.isInfinite(row[dim]));
    }

    private static void assertSameKind(double expected, float actual, String what) {
        String message = what + ": Keras gives " + expected + ", the vertex " + actual;
        assertEquals(kind(expected), kind(actual), message);
        if (Double.isFinite(expected)) {
            assertEquals(expected, actual, 1e-5 * Math.max(1, Math.abs(expected)), message);
        }
    }

    private static String kind(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return Double.doubleToRawLongBits(v) == 0 ? "+0.0" : "-0.0";
        }
        return "finite";
    }

    /** Keras's DotInteraction.call and its autodiff, step by step in IEEE double arithmetic. */
    private static final class KerasInIeee {

        private final float[][] x;
        private final boolean self;
        private final boolean skip;
        private final int features;
        private final int dim;

        KerasInIeee(float[][] x, boolean self, boolean skip) {
            this.x = x;
            this.features = x.length;
            this.dim = x[0].length;
            this.self = self;
            this.skip = skip;
        }

        private boolean kept(int i, int j) {
            return self ? j <= i : j < i;
        }

        /** ops.matmul(features, transpose(features)). */
        private double[][] pairwise() {
            double[][] z = new double[features][features];
            for (int i = 0; i < features; i++) {
                for (int j = 0; j < features; j++) {
                    for (int d = 0; d < dim; d++) {
                        z[i][j] += (double) x[i][d] * x[j][d];
                    }
                }
            }
            return z;
        }

        /** skip_gather: ops.multiply(Z, cast(tril_mask)) flattened; else ops.take of the kept entries. */
        double[] output() {
            double[][] z = pairwise();
            java.util.List<Double> out = new java.util.ArrayList<>();
            for (int i = 0; i < features; i++) {
                for (int j = 0; j < features; j++) {
                    if (skip) {
                        out.add(z[i][j] * (kept(i, j) ? 1.0 : 0.0));
                    } else if (kept(i, j)) {
                        out.add(z[i][j]);
                    }
                }
            }
            return out.stream().mapToDouble(Double::doubleValue).toArray();
        }

        /**
         * G = the upstream gradient in Z's place (zero elsewhere). Keras's autodiff of the matmul gives
         * dX = G·X + Gᵀ·X over every feature; the vertex computes (G + Gᵀ)·X ({@code summedFirst}).
         */
        double[][] inputGradient(float[] upstream, boolean summedFirst) {
            double[][] g = new double[features][features];
            int k = 0;
            for (int i = 0; i < features; i++) {
                for (int j = 0; j < features; j++) {
                    if (skip) {
                        g[i][j] = upstream[k++] * (kept(i, j) ? 1.0 : 0.0);
                    } else if (kept(i, j)) {
                        g[i][j] = upstream[k++];
                    }
                }
            }
            double[][] dx = new double[features][dim];
            for (int i = 0; i < features; i++) {
                for (int d = 0; d < dim; d++) {
                    double fromRows = 0;
                    double fromColumns = 0;
                    for (int j = 0; j < features; j++) {
                        if (summedFirst) {
                            fromRows += (g[i][j] + g[j][i]) * x[j][d];
                        } else {
                            fromRows += g[i][j] * x[j][d];
                            fromColumns += g[j][i] * x[j][d];
                        }
                    }
                    dx[i][d] = fromRows + fromColumns;
                }
            }
            return dx;
        }
    }
}
