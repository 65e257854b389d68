package io.github.kerasrs4j.runtime;

import io.github.kerasrs4j.layers.FeatureCross;
import io.github.kerasrs4j.testing.VertexRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * FeatureCross in FLOAT, whose element-wise passes are the Vector API loops, computes what it computes
 * in DOUBLE on ND4J ops (which the gradient checks and the SameDiff equivalence prove): the output and
 * every gradient, for every argument combination. d is no multiple of the vector length, and the
 * batch no multiple of the rows a pass stages at a time (its last block is short).
 */
class FeatureCrossPassesTest {

    private static final int BATCH = 401;
    private static final int DIM = 333;
    /** Float rounding of sums over a few hundred terms, relative to the largest entry; a wrong term is off by far more. */
    private static final double TOLERANCE = 1e-4;

    @Test
    void floatRunsOnVectorLoopsAndDoubleOnNd4jOps() {
        assertInstanceOf(VectorCrossPasses.class, FeatureCrossPasses.of(DataType.FLOAT),
                "the tests run with the Vector API: FLOAT should use it");
        assertInstanceOf(Nd4jCrossPasses.class, FeatureCrossPasses.of(DataType.DOUBLE));
    }

    static Stream<Arguments> configs() {
        return FeatureCrossArguments.combinations(27, 0.7, Activation.IDENTITY, Activation.RELU);
    }

    @ParameterizedTest(name = "projection={0} diag={1} bias={2} pre={3} inputs={4}")
    @MethodSource("configs")
    void floatMatchesDouble(Integer projection, double diagScale, boolean bias, Activation activation,
                            int numInputs) {
        Nd4j.getRandom().setSeed(11);
        FeatureCross config = FeatureCross.builder().projectionDim(projection).diagScale(diagScale).useBias(bias)
                .preActivation(activation).biasInit(0.2).inputSize(DIM).build();
        VertexRunner exact = new VertexRunner(config, DataType.DOUBLE, numInputs);
        VertexRunner fast = new VertexRunner(config, DataType.FLOAT, numInputs);
        INDArray params = fast.vertex().params();
        exact.vertex().params().assign(params.castTo(DataType.DOUBLE));
        INDArray[] inputs = new INDArray[numInputs];
        INDArray[] exactInputs = new INDArray[numInputs];
        for (int i = 0; i < numInputs; i++) {
            inputs[i] = Nd4j.randn(DataType.FLOAT, BATCH, DIM);
            exactInputs[i] = inputs[i].castTo(DataType.DOUBLE);
        }
        INDArray eps = Nd4j.randn(DataType.FLOAT, BATCH, DIM);

        assertClose(exact.forward(exactInputs), fast.forward(inputs), "output");
        INDArray[] exactGradients = exact.backward(eps.castTo(DataType.DOUBLE));
        INDArray[] gradients = fast.backward(eps);
        assertEquals(numInputs, gradients.length);
        for (int i = 0; i < numInputs; i++) {
            assertClose(exactGradients[i], gradients[i], "dL/d" + (i == 0 ? "x0" : "x"));
        }
        for (String key : fast.vertex().paramTable(false).keySet()) {
            assertClose(exact.parameterGradients().getGradientFor(key), fast.parameterGradients().getGradientFor(key),
                    "dL/d" + key);
        }
    }

    /**
     * Both passes, on the same FLOAT arrays (the bias a row of a bigger array, so at an offset, as the
     * vertex's parameters are): the same outputs, and every input as it was, since the backward adds
     * the scale up again from the terms the forward used.
     */
    @ParameterizedTest(name = "diag={0} bias={1} oneInput={2}")
    @CsvSource({"0, true, false", "0.7, true, false", "0.7, false, true", "0, false, true"})
    void vectorAndNd4jPassesAgreeAndLeaveTheirInputs(double diagScale, boolean bias, boolean oneInput) {
        Nd4j.getRandom().setSeed(5);
        INDArray activated = Nd4j.randn(DataType.FLOAT, BATCH, DIM);
        INDArray biasRow = bias ? Nd4j.randn(DataType.FLOAT, 3, DIM).getRow(1, true) : null;
        INDArray x0 = Nd4j.randn(DataType.FLOAT, BATCH, DIM);
        INDArray x = oneInput ? x0 : Nd4j.randn(DataType.FLOAT, BATCH, DIM);
        INDArray upstream = Nd4j.randn(DataType.FLOAT, BATCH, DIM);
        FeatureCrossPasses.Scale scale = new FeatureCrossPasses.Scale(activated, biasRow, diagScale, x);
        INDArray[] inputs = {activated, x0, x, upstream};
        INDArray[] before = new INDArray[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            before[i] = inputs[i].dup();
        }

        INDArray[][] results = new INDArray[2][];
        FeatureCrossPasses[] passes = {new Nd4jCrossPasses(), new VectorCrossPasses()};
        for (int p = 0; p < passes.length; p++) {
            INDArray output = Nd4j.zeros(DataType.FLOAT, BATCH, DIM);
            INDArray gradScale = Nd4j.zeros(DataType.FLOAT, BATCH, DIM);
            INDArray gradX0 = Nd4j.zeros(DataType.FLOAT, BATCH, DIM);
            INDArray gradX = oneInput ? null : Nd4j.zeros(DataType.FLOAT, BATCH, DIM);
            INDArray biasGradient = Nd4j.zeros(DataType.FLOAT, 2, DIM).getRow(1, true);
            passes[p].forward(scale, x0, output);
            passes[p].backward(upstream, x0, scale, gradScale, gradX0, gradX, biasGradient);
            results[p] = oneInput ? new INDArray[]{output, gradScale, gradX0, biasGradient}
                    : new INDArray[]{output, gradScale, gradX0, biasGradient, gradX};
            for (int i = 0; i < inputs.length; i++) {
                assertEquals(before[i], inputs[i], passes[p].getClass().getSimpleName() + " changed input " + i);
            }
        }
        String[] names = {"output", "gradScale", "gradX0", "biasGradient", "gradX"};
        for (int i = 0; i < results[0].length; i++) {
            assertClose(results[0][i].castTo(DataType.DOUBLE), results[1][i], names[i]);
        }
    }

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        double scale = expected.amaxNumber().doubleValue();
        double error = actual.castTo(DataType.DOUBLE).reshape(expected.shape()).sub(expected).amaxNumber().doubleValue();
        assertTrue(error <= TOLERANCE * scale, what + ": off by " + error + " where its largest entry is " + scale);
    }
}
