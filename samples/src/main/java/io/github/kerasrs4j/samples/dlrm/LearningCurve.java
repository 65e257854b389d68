package io.github.kerasrs4j.samples.dlrm;

import java.util.ArrayList;
import java.util.List;

/** One model's losses as training went: the training loss at each progress report and held-out metrics per epoch. */
public final class LearningCurve {

    /** @param epoch fractional epochs trained, e.g. 1.25 */
    public record TrainPoint(double epoch, double loss) {
    }

    public record HeldOutPoint(int epoch, HeldOutMetrics metrics) {
    }

    private final Interaction interaction;
    private final String name;
    private final List<TrainPoint> trainLoss = new ArrayList<>();
    private final List<HeldOutPoint> heldOut = new ArrayList<>();

    public LearningCurve(Interaction interaction) {
        this(interaction, interaction.displayName());
    }

    /** @param name how the plot's legend names this curve, e.g. when two curves share an interaction */
    public LearningCurve(Interaction interaction, String name) {
        this.interaction = interaction;
        this.name = name;
    }

    public Interaction interaction() {
        return interaction;
    }

    public String name() {
        return name;
    }

    /** The same points under another legend name. */
    public LearningCurve renamed(String newName) {
        LearningCurve copy = new LearningCurve(interaction, newName);
        copy.trainLoss.addAll(trainLoss);
        copy.heldOut.addAll(heldOut);
        return copy;
    }

    public void addTrainLoss(double epoch, double loss) {
        trainLoss.add(new TrainPoint(epoch, loss));
    }

    public void addHeldOut(int epoch, HeldOutMetrics metrics) {
        heldOut.add(new HeldOutPoint(epoch, metrics));
    }

    public List<TrainPoint> trainLoss() {
        return List.copyOf(trainLoss);
    }

    public List<HeldOutPoint> heldOut() {
        return List.copyOf(heldOut);
    }

    /** The held-out metrics after the last epoch. */
    public HeldOutMetrics finalMetrics() {
        return evaluated().get(heldOut.size() - 1).metrics();
    }

    /** The epoch with the highest held-out AUC (the earliest of equals), whose model the trainer keeps. */
    public HeldOutPoint best() {
        HeldOutPoint best = null;
        for (HeldOutPoint point : evaluated()) {
            if (best == null || point.metrics().auc() > best.metrics().auc()) {
                best = point;
            }
        }
        return best;
    }

    private List<HeldOutPoint> evaluated() {
        if (heldOut.isEmpty()) {
            throw new IllegalStateException(interaction.displayName() + " has not been evaluated yet");
        }
        return heldOut;
    }
}
