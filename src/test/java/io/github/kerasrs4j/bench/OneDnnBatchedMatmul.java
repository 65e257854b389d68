package io.github.kerasrs4j.bench;

import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.matmul;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.stream;
import org.nd4j.linalg.api.ndarray.INDArray;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;

/**
 * C = A·B (or A·Bᵀ) for every sample at once, [batch, m, k] by [batch, k, n], by one oneDNN matmul primitive on
 * FLOAT arrays in place: the best library here for small batched products, as a reference for the kernel's own loops.
 * oneDNN spreads the batch over its OpenMP threads.
 */
final class OneDnnBatchedMatmul {

    private static final engine CPU = new engine(engine.kind.cpu, 0);
    private static final stream STREAM = new stream(CPU);

    private final matmul primitive;
    private final IntMemoryMap arguments = new IntMemoryMap();

    /** @param transposeB whether to multiply by Bᵀ, B given as [batch, n, k] */
    OneDnnBatchedMatmul(INDArray a, INDArray b, boolean transposeB, INDArray c) {
        memory.desc aDesc = desc(a.shape(), memory.format_tag.abc);
        long[] bShape = b.shape();
        memory.desc bDesc = transposeB
                ? desc(new long[]{bShape[0], bShape[2], bShape[1]}, memory.format_tag.acb)   // Bᵀ, read in place
                : desc(bShape, memory.format_tag.abc);
        memory.desc cDesc = desc(c.shape(), memory.format_tag.abc);
        primitive = new matmul(new matmul.primitive_desc(new matmul.desc(aDesc, bDesc, cDesc), CPU));
        arguments.put(DNNL_ARG_SRC, new memory(aDesc, CPU, a.data().pointer()));
        arguments.put(DNNL_ARG_WEIGHTS, new memory(bDesc, CPU, b.data().pointer()));
        arguments.put(DNNL_ARG_DST, new memory(cDesc, CPU, c.data().pointer()));
    }

    private static memory.desc desc(long[] shape, memory.format_tag layout) {
        return new memory.desc(shape, memory.data_type.f32, layout);
    }

    void run() {
        primitive.execute(STREAM, arguments);
        STREAM._wait();
    }
}
