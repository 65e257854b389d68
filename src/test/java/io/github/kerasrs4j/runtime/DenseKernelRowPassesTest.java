package io.github.kerasrs4j.runtime;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.blas.Blas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The dense kernel's row passes (bias and ReLU; ReLU's derivative and the bias gradient) give ND4J's results on
 * one thread and split between threads: the same elements, bit for bit, and the same bias gradient to float
 * rounding, on a batch large enough to be split.
 */
class DenseKernelRowPassesTest {

    private static final int BATCH = 3001;
    private static final int WIDTH = 192;

    @ParameterizedTest(name = "{0} thread(s)")
    @ValueSource(ints = {1, 2, 3})
    void rowPassesMatchNd4jOnAnyThreadCount(int threads) {
        Nd4j.getRandom().setSeed(7);
        INDArray product = Nd4j.rand(DataType.FLOAT, BATCH, WIDTH).subi(0.5);
        INDArray bias = Nd4j.rand(DataType.FLOAT, 1, WIDTH).subi(0.5);
        INDArray epsilon = Nd4j.rand(DataType.FLOAT, BATCH, WIDTH).subi(0.5);
        INDArray activated = Transforms.relu(product.addRowVector(bias));
        INDArray passed = product.addRowVector(bias).gt(0).castTo(DataType.FLOAT);
        INDArray expectedDelta = epsilon.mul(passed);

        Blas blas = Nd4j.factory().blas();
        int blasThreads = blas.getMaxThreads();
        blas.setMaxThreads(threads);
        try {
            DenseKernel kernel = new DenseKernel(DataType.FLOAT);
            INDArray out = Nd4j.createUninitialized(DataType.FLOAT, BATCH, WIDTH);
            kernel.addBiasAndActivate(product, bias, true, out);
            assertEquals(activated, out);

            INDArray delta = Nd4j.createUninitialized(DataType.FLOAT, BATCH, WIDTH);
            INDArray biasGradient = Nd4j.createUninitialized(DataType.FLOAT, 1, WIDTH);
            kernel.activationGradient(product, bias, true, epsilon, delta, biasGradient);
            assertEquals(expectedDelta, delta);
            INDArray expectedSums = expectedDelta.castTo(DataType.DOUBLE).sum(true, 0);
            double error = expectedSums.sub(biasGradient.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
            assertEquals(0, error, 1e-5, "bias gradient");
        } finally {
            blas.setMaxThreads(blasThreads);
        }
    }
}
