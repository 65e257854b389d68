package io.github.kerasrs4j.runtime;

import io.github.kerasrs4j.layers.DotInteraction;
import io.github.kerasrs4j.testing.VertexRunner;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Random cases: F in [1, 40], D in [1, 64], batch in [1, 64], both flags, every input form, float and
 * double. The vertex's output and input gradients must agree with {@link PlainReference}, a loop over
 * the definition, entry by entry within the standard a-priori bound for a sum of n products:
 * |actual - exact| &lt;= (n + 2) u Σ|terms|, u the unit roundoff of the data type (2^-24, 2^-53),
 * widened by n 2^-53 Σ|terms| for the reference's own rounding in double.
 * Each case runs two batches on one vertex, so reused working memory is exercised across sizes.
 *
 * <p>The seed is printed; replay a failure with {@code -Dkerasrs4j.property.seed=<seed>} (and
 * {@code -Dkerasrs4j.property.cases=<n>} to run more or fewer cases).
 */
class DotInteractionPropertyTest {

    private static final long DEFAULT_SEED = 20261128L;
    private static final int DEFAULT_CASES = 300;

    enum InputForm { SEPARATE, STACKED_NWC, STACKED_NCW }

    @Test
    void vertexAgreesWithPlainJavaLoopOnRandomCases() {
        long seed = Long.getLong("kerasrs4j.property.seed", DEFAULT_SEED);
        int cases = Integer.getInteger("kerasrs4j.property.cases", DEFAULT_CASES);
        System.out.println("DotInteractionPropertyTest: seed " + seed + ", " + cases
                + " cases (replay with -Dkerasrs4j.property.seed=" + seed + ")");
        SplittableRandom random = new SplittableRandom(seed);
        int checked = 0;
        int refused = 0;
        for (int c = 0; c < cases; c++) {
            Case testCase = Case.draw(random);
            try {
                if (testCase.hasNoOutput()) {
                    assertRefused(testCase);
                    refused++;
                } else {
                    testCase.check(random);
                    checked++;
                }
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("case " + c + " of seed " + seed + ": " + testCase + ": " + e.getMessage(), e);
            }
        }
        System.out.println("DotInteractionPropertyTest: " + checked + " cases agreed with the reference, "
                + refused + " F=1 cases without flags were refused");
        assertEquals(cases, checked + refused);
    }

    /** F=1 with neither flag has no output column: refused whatever the input form, never an empty array. */
    @ParameterizedTest
    @EnumSource(InputForm.class)
    void singleFeatureWithoutFlagsIsRefused(InputForm form) {
        assertRefused(new Case(1, 5, 3, false, false, form, DataType.FLOAT));
    }

    private static void assertRefused(Case testCase) {
        DotInteraction config = testCase.config();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new VertexRunner(config, testCase.dataType, 1).forward(testCase.inputs(testCase.randomStacked(
                        new SplittableRandom(0), testCase.batch))));
        assertTrue(e.getMessage().contains("no pairs"), e.getMessage());
        InputType type = switch (testCase.form) {
            case SEPARATE -> InputType.feedForward(testCase.dim);
            case STACKED_NWC -> InputType.recurrent(testCase.dim, 1, RNNFormat.NWC);
            case STACKED_NCW -> InputType.recurrent(testCase.dim, 1, RNNFormat.NCW);
        };
        assertThrows(InvalidInputTypeException.class, () -> config.getOutputType(0, type));
    }

    /** One drawn configuration; the inputs are drawn when it is checked. */
    private record Case(int numFeatures, int dim, int batch, boolean self, boolean skip, InputForm form,
                        DataType dataType) {

        static Case draw(SplittableRandom random) {
            return new Case(random.nextInt(1, 41), random.nextInt(1, 65), random.nextInt(1, 65),
                    random.nextBoolean(), random.nextBoolean(), InputForm.values()[random.nextInt(3)],
                    random.nextBoolean() ? DataType.FLOAT : DataType.DOUBLE);
        }

        boolean hasNoOutput() {
            return numFeatures == 1 && !self && !skip;
        }

        DotInteraction config() {
            return form == InputForm.SEPARATE ? new DotInteraction(self, skip)
                    : DotInteraction.builder().selfInteraction(self).skipGather(skip)
                    .stackedInputFormat(form == InputForm.STACKED_NWC ? RNNFormat.NWC : RNNFormat.NCW).build();
        }

        void check(SplittableRandom random) {
            PlainReference reference = new PlainReference(numFeatures, self, skip);
            VertexRunner runner = new VertexRunner(config(), dataType, form == InputForm.SEPARATE ? numFeatures : 1);
            // A second, different batch size on the same vertex: its working memory is reused or regrown.
            for (int rows : new int[]{batch, 1 + (batch + 17) % 64}) {
                double[][][] x = randomStacked(random, rows);
                double[][] upstream = representable(random, rows, reference.outputSize());
                INDArray output = runner.forward(inputs(x));
                assertEquals(dataType, output.dataType());
                assertArrayEquals(new long[]{rows, reference.outputSize()}, output.shape(), "output shape");
                double[][] expectedOutput = reference.output(x);
                double[][] outputScale = reference.outputScale(x);
                double[][] actualOutput = toArray2(output, rows, reference.outputSize());
                for (int b = 0; b < rows; b++) {
                    for (int k = 0; k < expectedOutput[b].length; k++) {
                        assertWithin(expectedOutput[b][k], actualOutput[b][k], dim, outputScale[b][k],
                                "output[" + b + ", " + k + "], batch " + rows);
                    }
                }
                INDArray[] gradients = runner.backward(array(upstream, rows, reference.outputSize()));
                double[][][] expectedGradient = reference.inputGradient(x, upstream);
                double[][][] gradientScale = reference.inputGradientScale(x, upstream);
                double[][][] actualGradient = stackedGradient(gradients, rows);
                for (int b = 0; b < rows; b++) {
                    for (int i = 0; i < numFeatures; i++) {
                        for (int d = 0; d < dim; d++) {
                            // dX sums 2F products of a sum G[i][j] + G[j][i] with X[j][d].
                            assertWithin(expectedGradient[b][i][d], actualGradient[b][i][d], 2 * numFeatures + 1,
                                    gradientScale[b][i][d], "dX[" + b + ", " + i + ", " + d + "], batch " + rows);
                        }
                    }
                }
            }
        }

        private void assertWithin(double expected, double actual, int terms, double scale, String what) {
            double unitRoundoff = dataType == DataType.FLOAT ? 0x1p-24 : 0x1p-53;
            // The vertex's error bound, plus that of the reference's own sum in double.
            double tolerance = ((terms + 2) * unitRoundoff + terms * 0x1p-53) * scale;
            if (!(Math.abs(actual - expected) <= tolerance)) {
                fail(what + ": expected " + expected + " got " + actual + " (tolerance " + tolerance + ")");
            }
        }

        /** X [batch][F][D], normal values rounded to the data type, so both sides start from the same numbers. */
        double[][][] randomStacked(SplittableRandom random, int rows) {
            double[][][] x = new double[rows][][];
            for (int b = 0; b < rows; b++) {
                x[b] = representable(random, numFeatures, dim);
            }
            return x;
        }

        private double[][] representable(SplittableRandom random, int rows, int cols) {
            double[][] values = new double[rows][cols];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    double v = gaussian(random);
                    values[r][c] = dataType == DataType.FLOAT ? (float) v : v;
                }
            }
            return values;
        }

        private static double gaussian(SplittableRandom random) {
            // Box-Muller: SplittableRandom has no nextGaussian before Java 17's RandomGenerator default.
            return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
        }

        /** X in this case's input form: F arrays [batch, D], or one [batch, F, D] / [batch, D, F]. */
        INDArray[] inputs(double[][][] x) {
            int rows = x.length;
            return switch (form) {
                case SEPARATE -> {
                    INDArray[] features = new INDArray[numFeatures];
                    for (int i = 0; i < numFeatures; i++) {
                        double[][] feature = new double[rows][];
                        for (int b = 0; b < rows; b++) {
                            feature[b] = x[b][i];
                        }
                        features[i] = array(feature, rows, dim);
                    }
                    yield features;
                }
                case STACKED_NWC -> new INDArray[]{array(x, rows, numFeatures, dim)};
                case STACKED_NCW -> new INDArray[]{array(transposeFeatures(x), rows, dim, numFeatures)};
            };
        }

        /** The gradients, whatever the form, as dX [batch][F][D]. */
        private double[][][] stackedGradient(INDArray[] gradients, int rows) {
            assertEquals(form == InputForm.SEPARATE ? numFeatures : 1, gradients.length, "number of gradients");
            for (INDArray g : gradients) {
                assertEquals(dataType, g.dataType());
            }
            return switch (form) {
                case SEPARATE -> {
                    double[][][] dx = new double[rows][numFeatures][];
                    for (int i = 0; i < numFeatures; i++) {
                        assertArrayEquals(new long[]{rows, dim}, gradients[i].shape(), "gradient shape of input " + i);
                        double[][] g = toArray2(gradients[i], rows, dim);
                        for (int b = 0; b < rows; b++) {
                            dx[b][i] = g[b];
                        }
                    }
                    yield dx;
                }
                case STACKED_NWC -> {
                    assertArrayEquals(new long[]{rows, numFeatures, dim}, gradients[0].shape(), "gradient shape");
                    yield toArray3(gradients[0], rows, numFeatures, dim);
                }
                case STACKED_NCW -> {
                    assertArrayEquals(new long[]{rows, dim, numFeatures}, gradients[0].shape(), "gradient shape");
                    yield transposeFeatures(toArray3(gradients[0], rows, dim, numFeatures));
                }
            };
        }

        // Bulk copies: INDArray.toDoubleMatrix and createFromArray(double[][][]) go element by element.

        private INDArray array(double[][] values, int n0, int n1) {
            return array(new double[][][]{values}, 1, n0, n1).reshape(n0, n1);
        }

        private INDArray array(double[][][] values, int n0, int n1, int n2) {
            double[] flat = new double[n0 * n1 * n2];
            for (int a = 0; a < n0; a++) {
                for (int b = 0; b < n1; b++) {
                    System.arraycopy(values[a][b], 0, flat, (a * n1 + b) * n2, n2);
                }
            }
            return Nd4j.createFromArray(flat).reshape('c', n0, n1, n2).castTo(dataType);
        }

        private static double[][] toArray2(INDArray array, int n0, int n1) {
            return toArray3(array, 1, n0, n1)[0];
        }

        private static double[][][] toArray3(INDArray array, int n0, int n1, int n2) {
            double[] flat = array.castTo(DataType.DOUBLE).dup('c').data().asDouble();
            assertEquals((long) n0 * n1 * n2, flat.length, "length of " + array.shapeInfoToString());
            double[][][] out = new double[n0][n1][n2];
            for (int a = 0; a < n0; a++) {
                for (int b = 0; b < n1; b++) {
                    System.arraycopy(flat, (a * n1 + b) * n2, out[a][b], 0, n2);
                }
            }
            return out;
        }

        private static double[][][] transposeFeatures(double[][][] x) {
            double[][][] t = new double[x.length][x[0][0].length][x[0].length];
            for (int b = 0; b < x.length; b++) {
                for (int i = 0; i < x[b].length; i++) {
                    for (int d = 0; d < x[b][i].length; d++) {
                        t[b][d][i] = x[b][i][d];
                    }
                }
            }
            return t;
        }

        @Override
        public String toString() {
            return "F=" + numFeatures + " D=" + dim + " batch=" + batch + " self=" + self + " skip=" + skip
                    + " " + form + " " + dataType;
        }
    }

    /**
     * Keras's DotInteraction written as loops over its definition, in double: Z[i][j] = Σ_d X[i][d] X[j][d];
     * with skip_gather the whole Z, row by row, with the entries above the diagonal (and on it, without
     * self_interaction) zeroed; else the kept entries (j &lt; i, or j &lt;= i) read row by row.
     * The gradient: each output entry Z[i][j] = x_i·x_j sends g·x_j to dX[i] and g·x_i to dX[j].
     */
    static final class PlainReference {

        private final int numFeatures;
        private final boolean self;
        private final boolean skip;

        PlainReference(int numFeatures, boolean self, boolean skip) {
            this.numFeatures = numFeatures;
            this.self = self;
            this.skip = skip;
        }

        int outputSize() {
            int f = numFeatures;
            return skip ? f * f : self ? f * (f + 1) / 2 : f * (f - 1) / 2;
        }

        private boolean kept(int i, int j) {
            return self ? j <= i : j < i;
        }

        double[][] output(double[][][] x) {
            return forward(x, false);
        }

        /** Σ|terms| of each output entry: what its rounding error is proportional to. */
        double[][] outputScale(double[][][] x) {
            return forward(x, true);
        }

        private double[][] forward(double[][][] x, boolean absolute) {
            double[][] out = new double[x.length][outputSize()];
            for (int b = 0; b < x.length; b++) {
                int k = 0;
                for (int i = 0; i < numFeatures; i++) {
                    for (int j = 0; j < numFeatures; j++) {
                        if (kept(i, j)) {
                            out[b][k++] = dot(x[b][i], x[b][j], absolute);
                        } else if (skip) {
                            out[b][k++] = 0;
                        }
                    }
                }
            }
            return out;
        }

        double[][][] inputGradient(double[][][] x, double[][] upstream) {
            return backward(x, upstream, false);
        }

        /** Σ|terms| of each gradient entry. */
        double[][][] inputGradientScale(double[][][] x, double[][] upstream) {
            return backward(x, upstream, true);
        }

        private double[][][] backward(double[][][] x, double[][] upstream, boolean absolute) {
            int dim = x[0][0].length;
            double[][][] dx = new double[x.length][numFeatures][dim];
            for (int b = 0; b < x.length; b++) {
                int k = 0;
                for (int i = 0; i < numFeatures; i++) {
                    for (int j = 0; j < numFeatures; j++) {
                        if (!kept(i, j)) {
                            k += skip ? 1 : 0;
                            continue;
                        }
                        double g = absolute ? Math.abs(upstream[b][k++]) : upstream[b][k++];
                        for (int d = 0; d < dim; d++) {
                            dx[b][i][d] += g * (absolute ? Math.abs(x[b][j][d]) : x[b][j][d]);
                            dx[b][j][d] += g * (absolute ? Math.abs(x[b][i][d]) : x[b][i][d]);
                        }
                    }
                }
            }
            return dx;
        }

        private static double dot(double[] a, double[] b, boolean absolute) {
            double sum = 0;
            for (int d = 0; d < a.length; d++) {
                sum += absolute ? Math.abs(a[d] * b[d]) : a[d] * b[d];
            }
            return sum;
        }
    }
}
