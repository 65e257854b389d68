package io.github.kerasrs4j.runtime;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.Axpy;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.factory.Nd4j;

/** {@link FeatureCrossPasses} as ND4J ops, one per step: any data type and backend. */
final class Nd4jCrossPasses extends FeatureCrossPasses {

    @Override
    public void forward(Scale scale, INDArray x0, INDArray output) {
        sumInto(scale, output).muli(x0).addi(scale.x());
    }

    @Override
    public void backward(INDArray upstream, INDArray x0, Scale scale, INDArray gradScale, INDArray gradX0,
                         INDArray gradX, INDArray biasGradient) {
        Nd4j.exec(new MulOp(upstream, x0, gradScale));
        sumInto(scale, gradX0).muli(upstream);
        INDArray elementwise = gradX == null ? gradX0.addi(upstream) : gradX.assign(upstream);
        if (scale.diagScale() != 0) {
            Nd4j.exec(new Axpy(gradScale, elementwise, elementwise, scale.diagScale()));
        }
        if (biasGradient != null) {
            biasGradient.assign(gradScale.sum(0));
        }
    }

    /** s, written into {@code target}, which it returns. */
    private static INDArray sumInto(Scale scale, INDArray target) {
        target.assign(scale.activated());
        if (scale.bias() != null) {
            target.addiRowVector(scale.bias());
        }
        if (scale.diagScale() != 0) {
            Nd4j.exec(new Axpy(scale.x(), target, target, scale.diagScale()));
        }
        return target;
    }
}
