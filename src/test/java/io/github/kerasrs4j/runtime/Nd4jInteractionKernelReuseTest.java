package io.github.kerasrs4j.runtime;

import io.github.kerasrs4j.layers.DotInteraction;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The ND4J kernel's backward reuses the X its forward stacked only while that X is still what its
 * scratch holds: a backward on other inputs in between must not leave a stale X behind.
 */
class Nd4jInteractionKernelReuseTest {

    @Test
    void backwardOnOtherInputsDoesNotCorruptTheReusedX() {
        DotInteractionRuntime runtime = new DotInteractionRuntime(false, false, null, DataType.DOUBLE,
                "DotInteraction under test", Nd4jInteractionKernel::new);
        INDArray[] a = features(1);
        INDArray[] b = features(2);
        INDArray upstream = Nd4j.rand(DataType.DOUBLE, 4, new DotInteraction().layout(3).outputSize());

        INDArray[] expectedForA = freshRuntime().backward(a, upstream, LayerWorkspaceMgr.noWorkspaces());
        runtime.forward(a, LayerWorkspaceMgr.noWorkspaces());
        runtime.backward(b, upstream, LayerWorkspaceMgr.noWorkspaces());
        INDArray[] actualForA = runtime.backward(a, upstream, LayerWorkspaceMgr.noWorkspaces());

        assertEquals(expectedForA.length, actualForA.length);
        for (int i = 0; i < actualForA.length; i++) {
            assertArrayEquals(expectedForA[i].toDoubleMatrix(), actualForA[i].toDoubleMatrix(), "gradient of input " + i);
        }
    }

    private static DotInteractionRuntime freshRuntime() {
        return new DotInteractionRuntime(false, false, null, DataType.DOUBLE, "reference", Nd4jInteractionKernel::new);
    }

    private static INDArray[] features(long seed) {
        Nd4j.getRandom().setSeed(seed);
        return new INDArray[]{Nd4j.randn(DataType.DOUBLE, 4, 5), Nd4j.randn(DataType.DOUBLE, 4, 5),
                Nd4j.randn(DataType.DOUBLE, 4, 5)};
    }
}
