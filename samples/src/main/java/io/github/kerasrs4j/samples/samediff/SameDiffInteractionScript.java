package io.github.kerasrs4j.samples.samediff;

import io.github.kerasrs4j.layers.DotInteraction;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.weightinit.impl.XavierInitScheme;

import java.util.HashMap;
import java.util.Map;

/**
 * A plain SameDiff training script around {@link DotInteraction#define}: F feature vectors go
 * through one shared projection, DotInteraction gives their pairwise dot products, and a logistic
 * regression on those predicts the label. The generated labels depend only on pairwise
 * interactions (label = 1 when the sum over pairs of x_i·M·x_j is positive, for a hidden M), so
 * only a model that computes interactions can learn them.
 */
public final class SameDiffInteractionScript {

    static final int FEATURES = 4;
    static final int INPUT_DIM = 6;
    static final int EMBEDDING_DIM = 8;
    private static final int BATCH = 128;

    private SameDiffInteractionScript() {
    }

    /** Held-out numbers of one run. */
    public record Result(double firstEpochLoss, double lastEpochLoss, double heldOutAccuracy) {
    }

    public static void main(String[] args) {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Result result = run(epochs, 42);
        System.out.printf("held-out accuracy %.3f (log loss %.4f after the first epoch, %.4f after the last)%n",
                result.heldOutAccuracy(), result.firstEpochLoss(), result.lastEpochLoss());
    }

    public static Result run(int epochs, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray hidden = Nd4j.randn(DataType.FLOAT, INPUT_DIM, INPUT_DIM);
        MultiDataSet train = generate(4096, hidden);
        MultiDataSet test = generate(1024, hidden);

        SameDiff sd = SameDiff.create();
        String[] featureNames = new String[FEATURES];
        SDVariable projection = sd.var("projection", new XavierInitScheme('c', INPUT_DIM, EMBEDDING_DIM),
                DataType.FLOAT, INPUT_DIM, EMBEDDING_DIM);
        SDVariable[] embedded = new SDVariable[FEATURES];
        for (int i = 0; i < FEATURES; i++) {
            featureNames[i] = "feature" + i;
            SDVariable feature = sd.placeHolder(featureNames[i], DataType.FLOAT, -1, INPUT_DIM);
            embedded[i] = feature.mmul(projection);
        }
        SDVariable interactions = new DotInteraction().define(sd, embedded);   // [batch, F(F-1)/2]
        int pairs = FEATURES * (FEATURES - 1) / 2;
        SDVariable weights = sd.var("weights", new XavierInitScheme('c', pairs, 1), DataType.FLOAT, pairs, 1);
        SDVariable bias = sd.zero("bias", DataType.FLOAT, 1);
        SDVariable logits = interactions.mmul(weights).add(bias);
        SDVariable label = sd.placeHolder("label", DataType.FLOAT, -1, 1);
        sd.loss.sigmoidCrossEntropy("loss", label, logits, null);
        sd.nn.sigmoid("probability", logits);
        sd.setTrainingConfig(TrainingConfig.builder().updater(new Adam(1e-2))
                .dataSetFeatureMapping(featureNames).dataSetLabelMapping("label").build());

        double first = Double.NaN;
        double last = Double.NaN;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            for (long start = 0; start < train.getFeatures(0).size(0); start += BATCH) {
                sd.fit(slice(train, start, start + BATCH));
            }
            last = sd.output(placeholders(test), "loss").get("loss").getDouble(0);
            first = epoch == 1 ? last : first;
            System.out.printf("epoch %d: held-out log loss %.4f%n", epoch, last);
        }
        INDArray probability = sd.output(placeholders(test), "probability").get("probability");
        double accuracy = probability.gt(0.5).castTo(DataType.FLOAT).eq(test.getLabels(0)).castTo(DataType.FLOAT)
                .meanNumber().doubleValue();
        return new Result(first, last, accuracy);
    }

    /** F random feature vectors per example; label 1 when the sum over pairs i &lt; j of x_i·M·x_j is positive. */
    static MultiDataSet generate(int examples, INDArray hidden) {
        INDArray[] features = new INDArray[FEATURES];
        for (int i = 0; i < FEATURES; i++) {
            features[i] = Nd4j.randn(DataType.FLOAT, examples, INPUT_DIM);
        }
        INDArray score = Nd4j.zeros(DataType.FLOAT, examples, 1);
        for (int i = 0; i < FEATURES; i++) {
            for (int j = i + 1; j < FEATURES; j++) {
                score.addi(features[i].mmul(hidden).mul(features[j]).sum(true, 1));
            }
        }
        return new MultiDataSet(features, new INDArray[]{score.gt(0).castTo(DataType.FLOAT)});
    }

    private static MultiDataSet slice(MultiDataSet data, long from, long to) {
        long end = Math.min(to, data.getFeatures(0).size(0));
        INDArray[] features = new INDArray[FEATURES];
        for (int i = 0; i < FEATURES; i++) {
            features[i] = data.getFeatures(i).get(NDArrayIndex.interval(from, end), NDArrayIndex.all());
        }
        return new MultiDataSet(features, new INDArray[]{data.getLabels(0).get(NDArrayIndex.interval(from, end),
                NDArrayIndex.all())});
    }

    private static Map<String, INDArray> placeholders(MultiDataSet data) {
        Map<String, INDArray> values = new HashMap<>();
        for (int i = 0; i < FEATURES; i++) {
            values.put("feature" + i, data.getFeatures(i));
        }
        values.put("label", data.getLabels(0));
        return values;
    }
}
