package io.github.kerasrs4j.runtime;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The element-wise work of a FeatureCross layer around its matrix products, one pass over the
 * [batch, d] arrays per direction: each separate ND4J op reads and writes all of them once more, and
 * at DCN's shapes such passes cost more than the products themselves (docs/performance.md).
 *
 * <p>Every array is c-ordered and contiguous; the per-row ones are [batch, d], the bias and its gradient
 * [1, d]. Not thread-safe: one instance per layer instance.
 */
public abstract class FeatureCrossPasses {

    /**
     * The terms of the scale s = activated + bias + diagScale * x, which each pass adds up where it needs
     * s instead of keeping s in an array of its own: writing it in the forward and reading it back cost
     * more than adding the terms again. {@code activated} is the dense part, after its activation;
     * {@code bias} is null for none (or when the activation came after it); diagScale 0 adds no x term.
     */
    public record Scale(INDArray activated, INDArray bias, double diagScale, INDArray x) {
    }

    /**
     * SIMD loops in Java where they run (the CPU backend, FLOAT, a JVM with the Vector API, see
     * {@link VectorApi}), else ND4J ops.
     */
    public static FeatureCrossPasses of(DataType dataType) {
        return VectorInteractionKernel.supports(dataType) ? new VectorCrossPasses() : new Nd4jCrossPasses();
    }

    /** The output y = x0 * s + x, x being the scale's x. Changes no input. */
    public abstract void forward(Scale scale, INDArray x0, INDArray output);

    /**
     * For the upstream gradient g: gradScale = g * x0 (dL/ds, and dL/dh before the activation's
     * derivative), gradX0 = g * s, and the element-wise part of dL/dx, g + diagScale * gradScale, into
     * {@code gradX}, or added to gradX0 when {@code gradX} is null (one input: x is x0).
     * {@code biasGradient}, unless null, gets the column sums of gradScale. Changes no input.
     */
    public abstract void backward(INDArray upstream, INDArray x0, Scale scale, INDArray gradScale, INDArray gradX0,
                                  INDArray gradX, INDArray biasGradient);
}
