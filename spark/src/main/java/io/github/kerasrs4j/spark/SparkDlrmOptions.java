package io.github.kerasrs4j.spark;

import io.github.kerasrs4j.samples.dlrm.DlrmOptions;
import io.github.kerasrs4j.samples.dlrm.UsageException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link SparkDlrmMain}'s command line: the DLRM sample's flags and data file, read by the sample's own
 * {@link DlrmOptions}, plus the Spark run's two. Spark's settings come as {@code -Dspark.*} system properties.
 */
public record SparkDlrmOptions(DlrmOptions dlrm, int averagingFrequency, boolean baseline) {

    public static final int DEFAULT_AVERAGING_FREQUENCY = 5;

    public static final String USAGE = String.join("\n",
            "Usage: mvn -B compile exec:exec [-Ddlrm.master=local-cluster[2,1,2048]] [-Ddlrm.args=\"[flags] [criteo-file.tsv[.gz]]\"]",
            "Trains DLRM with DotInteraction on Spark, then on one machine, and compares their held-out AUC.",
            "  --averaging-frequency N  minibatches each worker fits between parameter averagings (default "
                    + DEFAULT_AVERAGING_FREQUENCY + ")",
            "  --no-baseline            skip the single-machine run",
            "and the DLRM sample's flags (--rows, --epochs, --batch, --vocab, --embedding-dim, --learning-rate, --seed,",
            "--out, --help), with its defaults.");

    /** @throws UsageException naming the flag at fault */
    public static SparkDlrmOptions parse(String... args) {
        int averagingFrequency = DEFAULT_AVERAGING_FREQUENCY;
        boolean baseline = true;
        List<String> sampleArgs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--no-baseline")) {
                baseline = false;
            } else if (arg.equals("--averaging-frequency")) {
                if (i + 1 == args.length) {
                    throw new UsageException("flag --averaging-frequency needs a value");
                }
                averagingFrequency = positive(args[++i]);
            } else if (arg.startsWith("--averaging-frequency=")) {
                averagingFrequency = positive(arg.substring(arg.indexOf('=') + 1));
            } else {
                sampleArgs.add(arg);
            }
        }
        return new SparkDlrmOptions(DlrmOptions.parse(sampleArgs.toArray(String[]::new)), averagingFrequency, baseline);
    }

    private static int positive(String value) {
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= 1) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--averaging-frequency must be a positive integer, got '" + value + "'");
    }

    @Override
    public String toString() {
        return dlrm + ", averaging every " + averagingFrequency + " minibatches" + (baseline ? "" : ", no baseline");
    }
}
