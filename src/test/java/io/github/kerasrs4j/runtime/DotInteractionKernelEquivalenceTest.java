package io.github.kerasrs4j.runtime;

import io.github.kerasrs4j.layers.DotInteraction;
import io.github.kerasrs4j.testing.SameDiffReference;
import io.github.kerasrs4j.testing.VertexRunner;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each of the runtime's hand-written kernels equals {@link DotInteraction#defineStacked}'s SameDiff
 * graph and SameDiff's autodiff of it: outputs and input gradients, every flag pair, every input
 * form, float and double, over two calls of different batch sizes and D (so reused scratch memory is
 * exercised). The BLAS and vector kernels run on one thread and split between three, one sample or
 * more each.
 */
class DotInteractionKernelEquivalenceTest {

    /** MIXED: feature 0 as [batch, D], features 1 to F-2 stacked as [batch, F-2, D], feature F-1 as [batch, D]. */
    enum InputForm { SEPARATE, STACKED_NWC, STACKED_NCW, MIXED }

    enum Kernel {
        BLAS_ONE_THREAD((layout, dataType) -> new BlasInteractionKernel(layout, dataType, 1, 1)),
        BLAS_THREE_THREADS((layout, dataType) -> new BlasInteractionKernel(layout, dataType, 3, 1)),
        VECTOR_ONE_THREAD((layout, dataType) -> new VectorInteractionKernel(layout, dataType, 1, 1)),
        VECTOR_THREE_THREADS((layout, dataType) -> new VectorInteractionKernel(layout, dataType, 3, 1)),
        ND4J(Nd4jInteractionKernel::new);

        final KernelFactory factory;

        Kernel(KernelFactory factory) {
            this.factory = factory;
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of(Kernel.values()).flatMap(kernel -> Stream.of(DataType.FLOAT, DataType.DOUBLE)
                .flatMap(dt -> Stream.of(InputForm.values())
                        .flatMap(form -> Stream.of(new boolean[][]{{false, false}, {true, false}, {false, true}, {true, true}})
                                .map(flags -> Arguments.of(kernel, dt, form, flags[0], flags[1])))))
                .filter(arguments -> !(((Kernel) arguments.get()[0]).name().startsWith("VECTOR")
                        && arguments.get()[1] == DataType.DOUBLE));   // the vector kernel computes FLOAT only
    }

    @ParameterizedTest(name = "{0} {1} {2} self={3} skip={4}")
    @MethodSource("cases")
    void kernelMatchesSameDiffDefinition(Kernel kernel, DataType dataType, InputForm form, boolean self, boolean skip) {
        DotInteraction config = form == InputForm.SEPARATE ? new DotInteraction(self, skip)
                : DotInteraction.builder().selfInteraction(self).skipGather(skip)
                .stackedInputFormat(form == InputForm.STACKED_NCW ? RNNFormat.NCW : RNNFormat.NWC).build();
        DotInteractionRuntime runtime = new DotInteractionRuntime(self, skip, config.getStackedInputFormat(), dataType,
                "DotInteraction under test", kernel.factory);
        double tolerance = dataType == DataType.DOUBLE ? 1e-12 : 1e-5;

        // (F, batch, D): D = 45 takes the vector kernel's Gram by rows through its vector and scalar loops, and its
        // dX through its two-vector and scalar ones (at 512 bits); D = 40 the Gram by rows at an even F, whose pairs
        // of rows start at row 0 (at odd F at row 1, and the diagonals of rows 0, 4, 8, ... come apart, four at a
        // time: F = 21 takes two such groups); D = 7 and 20 its Gram by columns, F = 19 in two steps of columns with
        // runs that end inside a vector; 70 samples are a block of 64 and 6 more; D = 85 takes dX through its
        // four-vector, one-vector and scalar loops (at 512 bits), F = 7 in a block of four rows and one of three.
        // D = 32 and 64 are whole vectors, without the scalar tails, at odd and even F (dX in its two- and
        // four-vector blocks at 512 bits).
        for (int[] call : new int[][]{{5, 6, 45}, {6, 4, 40}, {21, 3, 33}, {5, 3, 7}, {19, 70, 20}, {7, 5, 85},
                {9, 4, 32}, {8, 3, 64}}) {
            int f = call[0];
            int batch = call[1];
            int d = call[2];
            SameDiffReference reference = new SameDiffReference(config, f, dataType);
            INDArray stacked = Nd4j.randn(dataType, batch, f, d);
            INDArray upstream = Nd4j.randn(dataType, batch, config.layout(f).outputSize());
            INDArray[] inputs = switch (form) {
                case SEPARATE -> Stream.iterate(0, i -> i + 1).limit(f)
                        .map(i -> feature(stacked, i).dup())
                        .toArray(INDArray[]::new);
                case STACKED_NWC -> new INDArray[]{stacked.dup()};
                case STACKED_NCW -> new INDArray[]{stacked.permute(0, 2, 1).dup('c')};
                case MIXED -> new INDArray[]{feature(stacked, 0).dup(),
                        stacked.get(NDArrayIndex.all(), NDArrayIndex.interval(1, f - 1), NDArrayIndex.all()).dup(),
                        feature(stacked, f - 1).dup()};
            };

            assertClose(reference.output(stacked), runtime.forward(inputs, LayerWorkspaceMgr.noWorkspaces()), tolerance,
                    "output, F " + f + ", batch " + batch + ", D " + d);
            INDArray expected = reference.inputGradient(stacked, upstream);
            INDArray[] gradients = runtime.backward(inputs, upstream, LayerWorkspaceMgr.noWorkspaces());
            for (int i = 0; i < gradients.length; i++) {
                INDArray expectedForInput = switch (form) {
                    case SEPARATE -> feature(expected, i);
                    case STACKED_NWC -> expected;
                    case STACKED_NCW -> expected.permute(0, 2, 1);
                    case MIXED -> i == 1 ? expected.get(NDArrayIndex.all(), NDArrayIndex.interval(1, f - 1),
                            NDArrayIndex.all()) : feature(expected, i == 0 ? 0 : f - 1);
                };
                assertClose(expectedForInput, gradients[i], tolerance, "gradient of input " + i + ", F " + f + ", batch " + batch + ", D " + d);
            }
        }
    }

    /** Inputs that are views (offsets, gaps, f order) give the numbers their c-ordered copies give. */
    @Test
    void viewsGiveTheSameNumbersAsCopies() {
        INDArray wide = Nd4j.randn(DataType.FLOAT, 4, 20);
        INDArray[] views = {wide.get(NDArrayIndex.all(), NDArrayIndex.interval(3, 9)),
                wide.get(NDArrayIndex.all(), NDArrayIndex.interval(11, 17)), Nd4j.randn(DataType.FLOAT, 4, 6).dup('f')};
        INDArray[] copies = Stream.of(views).map(v -> v.dup('c')).toArray(INDArray[]::new);
        INDArray upstream = Nd4j.randn(DataType.FLOAT, 4, 3);
        VertexRunner onViews = new VertexRunner(new DotInteraction(), DataType.FLOAT, 3);
        VertexRunner onCopies = new VertexRunner(new DotInteraction(), DataType.FLOAT, 3);
        assertEquals(onCopies.forward(copies), onViews.forward(views));
        INDArray[] expected = onCopies.backward(upstream);
        INDArray[] actual = onViews.backward(upstream.dup('f'));
        for (int i = 0; i < 3; i++) {
            assertEquals(expected[i], actual[i], "gradient of input " + i);
        }
    }

    /** Feature i of X [batch, F, D], [batch, D]. */
    private static INDArray feature(INDArray stacked, int i) {
        return stacked.get(NDArrayIndex.all(), NDArrayIndex.point(i), NDArrayIndex.all());
    }

    private static void assertClose(INDArray expected, INDArray actual, double tolerance, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + " shape");
        double diff = expected.sub(actual).amaxNumber().doubleValue();
        assertTrue(diff <= tolerance * Math.max(1, expected.amaxNumber().doubleValue()), what + ": max diff " + diff);
    }
}
