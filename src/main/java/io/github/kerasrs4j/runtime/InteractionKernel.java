package io.github.kerasrs4j.runtime;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DotInteraction's forward and exact backward for one (F, flags, data type): Z = X·Xᵀ per sample,
 * the kept entries of Z as output, and dX = (G + Gᵀ)·X for the upstream gradient G put back in Z's
 * place. Implementations keep working memory between calls, so one instance serves one thread.
 */
interface InteractionKernel {

    /** Writes the interactions of {@code inputs} into {@code output} [batch, k], c-ordered. */
    void forward(InteractionInputs inputs, INDArray output);

    /** Writes dL/dInput into {@code gradients}, shaped as the inputs, given dL/dOutput [batch, k]. */
    void backward(InteractionInputs inputs, INDArray upstreamGradient, INDArray[] gradients);
}
