package io.github.kerasrs4j.spark;

import io.github.kerasrs4j.samples.dlrm.DlrmOptions;
import io.github.kerasrs4j.samples.dlrm.UsageException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link SparkDlrmMain}'s command line: the DLRM sample's flags and data file, read by the sample's own
 * {@link DlrmOptions}, plus the Spark run's own. Spark's settings come as {@code -Dspark.*} system properties.
 *
 * @param sparkLearningRate the Spark run's Adam learning rate; null = the sample's learning rate times the workers
 */
public record SparkDlrmOptions(DlrmOptions dlrm, int averagingFrequency, Double sparkLearningRate, boolean baseline) {

    public static final int DEFAULT_AVERAGING_FREQUENCY = 5;
    public static final String DEFAULT_OUTPUT_DIR = "target/spark-dlrm";

    public static final String USAGE = String.join("\n",
            "Usage: mvn -B compile exec:exec [-Ddlrm.master=local-cluster[2,1,2048]] [-Ddlrm.args=\"[flags] [criteo-file.tsv[.gz]]\"]",
            "Trains DLRM with DotInteraction on Spark, then on one machine, and compares their held-out AUC.",
            "  --averaging-frequency N  minibatches each worker fits between parameter averagings (default "
                    + DEFAULT_AVERAGING_FREQUENCY + ")",
            "  --spark-learning-rate X  Adam's learning rate on Spark (default: --learning-rate times the workers)",
            "  --no-baseline            skip the single-machine run",
            "and the DLRM sample's flags, with its defaults but --out " + DEFAULT_OUTPUT_DIR + " (--threads applies",
            "to the driver and to each executor, --no-save skips saving the Spark-trained model):",
            DlrmOptions.FLAGS);

    /** @throws UsageException naming the flag at fault */
    public static SparkDlrmOptions parse(String... args) {
        int averagingFrequency = DEFAULT_AVERAGING_FREQUENCY;
        Double sparkLearningRate = null;
        boolean baseline = true;
        List<String> sampleArgs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i].contains("=") ? args[i].substring(0, args[i].indexOf('=')) : args[i];
            boolean inline = !flag.equals(args[i]);
            switch (flag) {
                case "--no-baseline" -> baseline = false;
                case "--averaging-frequency", "--spark-learning-rate" -> {
                    if (!inline && i + 1 == args.length) {
                        throw new UsageException("flag " + flag + " needs a value");
                    }
                    String value = inline ? args[i].substring(flag.length() + 1) : args[++i];
                    if (flag.equals("--averaging-frequency")) {
                        averagingFrequency = DlrmOptions.intAtLeast(flag, value, 1);
                    } else {
                        sparkLearningRate = DlrmOptions.positiveDouble(flag, value);
                    }
                }
                default -> sampleArgs.add(args[i]);
            }
        }
        if (sampleArgs.stream().noneMatch(arg -> arg.equals("--out") || arg.startsWith("--out="))) {
            sampleArgs.addAll(List.of("--out", DEFAULT_OUTPUT_DIR));
        }
        return new SparkDlrmOptions(DlrmOptions.parse(sampleArgs.toArray(String[]::new)), averagingFrequency,
                sparkLearningRate, baseline);
    }

    /**
     * Parameter averaging over N workers takes about 1/N as many averaged steps per epoch as one machine takes
     * minibatch steps, and divides an embedding row's update by the workers that did not see it; a learning rate
     * N times larger makes up for both, as the linear scaling rule for data-parallel training does.
     */
    public double sparkLearningRate(int workers) {
        return sparkLearningRate != null ? sparkLearningRate : dlrm.learningRate() * workers;
    }

    @Override
    public String toString() {
        return dlrm + ", averaging every " + averagingFrequency + " minibatches"
                + (sparkLearningRate == null ? "" : ", Spark learning rate " + sparkLearningRate)
                + (baseline ? "" : ", no baseline");
    }
}
