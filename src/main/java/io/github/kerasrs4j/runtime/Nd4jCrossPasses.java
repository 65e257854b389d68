package io.github.kerasrs4j.runtime;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.Axpy;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.factory.Nd4j;

/** {@link FeatureCrossPasses} as ND4J ops, one per step: any data type and backend. */
final class Nd4jCrossPasses extends FeatureCrossPasses {

    @Override
    public void forward(INDArray activated, INDArray bias, double diagScale, INDArray x0, INDArray x,
                        INDArray output) {
        if (bias != null) {
            activated.addiRowVector(bias);
        }
        if (diagScale != 0) {
            Nd4j.exec(new Axpy(x, activated, activated, diagScale));
        }
        Nd4j.exec(new MulOp(x0, activated, output));
        output.addi(x);
    }

    @Override
    public void backward(INDArray upstream, INDArray x0, INDArray scale, double diagScale, INDArray gradScale,
                         INDArray gradX0, INDArray gradX, INDArray biasGradient) {
        Nd4j.exec(new MulOp(upstream, x0, gradScale));
        Nd4j.exec(new MulOp(upstream, scale, gradX0));
        INDArray elementwise = gradX == null ? gradX0.addi(upstream) : gradX.assign(upstream);
        if (diagScale != 0) {
            Nd4j.exec(new Axpy(gradScale, elementwise, elementwise, diagScale));
        }
        if (biasGradient != null) {
            biasGradient.assign(gradScale.sum(0));
        }
    }
}
