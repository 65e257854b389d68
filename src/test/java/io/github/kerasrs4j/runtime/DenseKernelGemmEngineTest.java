package io.github.kerasrs4j.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.blas.Blas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dense kernel's three products in FLOAT on oneDNN and on OpenBLAS, on the same inputs, agree with each other
 * and with a DOUBLE reference to float rounding, for every layout the kernel meets: input and weights stored as
 * they are read (c order) or transposed (f order, as DL4J's weights are), and the weight gradient written in
 * either order (DL4J's gradient views are f order). oneDNN runs on one OpenMP thread per call and sets the
 * calling thread's OpenMP count back after.
 */
class DenseKernelGemmEngineTest {

    static Stream<Arguments> layouts() {
        List<Arguments> cases = new ArrayList<>();
        int[][] shapes = {{37, 19, 23}, {1029, 192, 192}, {8, 300, 1}};
        for (int[] shape : shapes) {
            for (char input : new char[]{'c', 'f'}) {
                for (char weights : new char[]{'c', 'f'}) {
                    for (char gradient : new char[]{'c', 'f'}) {
                        cases.add(Arguments.of(shape[0], shape[1], shape[2], input, weights, gradient));
                    }
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "[{0}, {1}]·[{1}, {2}], input {3}, weights {4}, weight gradient {5} order")
    @MethodSource("layouts")
    void oneDnnAgreesWithOpenBlas(int batch, int nIn, int nOut, char inputOrder, char weightOrder, char gradientOrder) {
        Nd4j.getRandom().setSeed(batch * 31L + nIn);
        INDArray x = Nd4j.rand(DataType.FLOAT, batch, nIn).subi(0.5).dup(inputOrder);
        INDArray w = Nd4j.rand(DataType.FLOAT, nIn, nOut).subi(0.5).dup(weightOrder);
        INDArray delta = Nd4j.rand(DataType.FLOAT, batch, nOut).subi(0.5);

        Products oneDnn = new Products(new DenseKernel(DataType.FLOAT, GemmEngine.ONEDNN), x, w, delta, gradientOrder);
        Products openBlas = new Products(new DenseKernel(DataType.FLOAT, GemmEngine.OPENBLAS), x, w, delta,
                gradientOrder);

        INDArray xd = x.castTo(DataType.DOUBLE);
        INDArray wd = w.castTo(DataType.DOUBLE);
        INDArray deltad = delta.castTo(DataType.DOUBLE);
        assertClose("forward x·W", xd.mmul(wd), nIn, oneDnn.forward, openBlas.forward);
        assertClose("epsilonNext delta·Wᵀ", deltad.mmul(wd.transpose()), nOut, oneDnn.epsilonNext,
                openBlas.epsilonNext);
        assertClose("weight gradient xᵀ·delta", xd.transpose().mmul(deltad), batch, oneDnn.weightGradient,
                openBlas.weightGradient);
    }

    @Test
    void oneDnnLeavesTheCallersOpenMpThreadCountAsItWas() {
        Blas blas = Nd4j.factory().blas();   // loads the backend, which NativeOpsHolder needs
        NativeOps openMp = NativeOpsHolder.getInstance().getDeviceNativeOps();
        int callerThreads = openMp.ompGetMaxThreads();
        int blasThreads = blas.getMaxThreads();
        blas.setMaxThreads(callerThreads == 1 ? 2 : 1);   // Java threads for oneDNN, ND4J's ops on the caller's count
        try {
            INDArray x = Nd4j.rand(DataType.FLOAT, 64, 32);
            INDArray product = Nd4j.createUninitialized(DataType.FLOAT, 64, 16);
            new DenseKernel(DataType.FLOAT, GemmEngine.ONEDNN).multiply(x, Nd4j.rand(DataType.FLOAT, 32, 16), product);
            assertEquals(callerThreads, openMp.ompGetMaxThreads());
        } finally {
            blas.setMaxThreads(blasThreads);
        }
    }

    /** Each element within float rounding of a sum of {@code terms} products of numbers in [-0.5, 0.5]. */
    private static void assertClose(String what, INDArray reference, int terms, INDArray oneDnn, INDArray openBlas) {
        double tolerance = 1e-6 * terms;
        double oneDnnError = maxAbsDifference(reference, oneDnn);
        double openBlasError = maxAbsDifference(reference, openBlas);
        double between = maxAbsDifference(oneDnn.castTo(DataType.DOUBLE), openBlas);
        assertTrue(oneDnnError <= tolerance && openBlasError <= tolerance && between <= tolerance,
                String.format("%s: oneDNN off by %g, OpenBLAS by %g, each other by %g (tolerance %g)", what,
                        oneDnnError, openBlasError, between, tolerance));
    }

    private static double maxAbsDifference(INDArray a, INDArray b) {
        return a.sub(b.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
    }

    /** The kernel's products, written into arrays of the layouts DL4J's layer hands it. */
    private static final class Products {
        final INDArray forward;
        final INDArray epsilonNext;
        final INDArray weightGradient;

        Products(DenseKernel kernel, INDArray x, INDArray w, INDArray delta, char gradientOrder) {
            forward = Nd4j.createUninitialized(DataType.FLOAT, new long[]{x.size(0), w.size(1)}, 'c');
            kernel.multiply(x, w, forward);
            epsilonNext = Nd4j.createUninitialized(DataType.FLOAT, new long[]{x.size(0), x.size(1)}, 'c');
            weightGradient = Nd4j.createUninitialized(DataType.FLOAT, w.shape(), gradientOrder);
            kernel.backwardProducts(x, w, delta, weightGradient, epsilonNext);
        }
    }
}
