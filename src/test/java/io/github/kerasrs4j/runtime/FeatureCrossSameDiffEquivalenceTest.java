package io.github.kerasrs4j.runtime;

import io.github.kerasrs4j.layers.FeatureCross;
import io.github.kerasrs4j.testing.DoublePrecision;
import io.github.kerasrs4j.testing.VertexRunner;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hand-written runtime computes what {@link FeatureCross#define}'s SameDiff graph computes: the
 * output, and through SameDiff's autodiff (loss sum(y * eps)) the gradients of x0, x and every parameter.
 */
@ExtendWith(DoublePrecision.class)
class FeatureCrossSameDiffEquivalenceTest {

    private static final int BATCH = 5;
    private static final int DIM = 6;

    static Stream<Arguments> configs() {
        return FeatureCrossArguments.combinations(3, 0.7, Activation.IDENTITY, Activation.RELU, Activation.SWISH);
    }

    @ParameterizedTest(name = "projection={0} diag={1} bias={2} pre={3} inputs={4}")
    @MethodSource("configs")
    void runtimeEqualsDefinedGraph(Integer projection, double diagScale, boolean bias, Activation activation,
                                   int numInputs) {
        FeatureCross config = FeatureCross.builder().projectionDim(projection).diagScale(diagScale).useBias(bias)
                .preActivation(activation).biasInit(0.2).inputSize(DIM).build();
        VertexRunner runner = new VertexRunner(config, DataType.DOUBLE, numInputs);
        INDArray[] inputs = new INDArray[numInputs];
        for (int i = 0; i < numInputs; i++) {
            inputs[i] = Nd4j.randn(DataType.DOUBLE, BATCH, DIM);
        }
        INDArray eps = Nd4j.randn(DataType.DOUBLE, BATCH, DIM);
        INDArray output = runner.forward(inputs);
        INDArray[] inputGradients = runner.backward(eps);
        Map<String, INDArray> params = runner.vertex().paramTable(false);

        SameDiff sd = SameDiff.create();
        SDVariable x0 = sd.var("x0", inputs[0].dup());
        SDVariable x = numInputs == 2 ? sd.var("x", inputs[1].dup()) : null;
        Map<String, SDVariable> paramVars = new LinkedHashMap<>();
        params.forEach((key, value) -> paramVars.put(key, sd.var(key, value.dup())));
        SDVariable y = config.define(sd, x0, x, paramVars);
        SDVariable epsVar = sd.placeHolder("eps", DataType.DOUBLE, -1, DIM);
        sd.setLossVariables(y.mul(epsVar).sum());

        assertClose(sd.outputSingle(Map.of("eps", eps), y.name()), output, "output");
        List<String> wrt = new ArrayList<>(paramVars.keySet());
        wrt.add("x0");
        if (numInputs == 2) {
            wrt.add("x");
        }
        Map<String, INDArray> expected = sd.calculateGradients(Map.of("eps", eps), wrt);
        assertClose(expected.get("x0"), inputGradients[0], "dL/dx0");
        if (numInputs == 2) {
            assertClose(expected.get("x"), inputGradients[1], "dL/dx");
        }
        assertEquals(params.keySet(), runner.parameterGradients().gradientForVariable().keySet());
        for (String key : params.keySet()) {
            assertClose(expected.get(key), runner.parameterGradients().getGradientFor(key), "dL/d" + key);
        }
    }

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        assertTrue(expected.equalsWithEps(actual.reshape(expected.shape()), 1e-10),
                what + ": expected " + expected + " but was " + actual);
    }
}
