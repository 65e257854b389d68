package io.github.kerasrs4j.spark;

import java.nio.file.Path;

/** Command-line options of {@link SparkDlrmMain}; Spark's own settings come as -Dspark.* system properties. */
public record SparkDlrmOptions(Path dataFile, long generatedRows, int epochs, int batchSize,
                               int averagingFrequency, int vocabularySize, int embeddingDim, double learningRate,
                               long seed, boolean baseline) {

    public static final String USAGE = String.join("\n",
            "SparkDlrmMain [--data FILE | --rows N] [--epochs N] [--batch N] [--averaging-frequency N]",
            "              [--vocabulary N] [--embedding N] [--learning-rate X] [--seed N] [--no-baseline]",
            "  --data FILE               Criteo-format TSV (label, 13 counts, 26 hex tokens); default: generate one",
            "  --rows N                  rows to generate when no --data is given (default 50000)",
            "  --averaging-frequency N   minibatches each worker fits between parameter averagings (default 5)",
            "  --no-baseline             skip the single-machine run on the same data",
            "Spark settings: -Dspark.master=local-cluster[2,1,2048] and other -Dspark.* system properties.");

    public static SparkDlrmOptions parse(String... args) {
        Path dataFile = null;
        long rows = 50_000;
        int epochs = 3;
        int batchSize = 256;
        int averagingFrequency = 5;
        int vocabularySize = 1024;
        int embeddingDim = 8;
        double learningRate = 3e-3;
        long seed = 42;
        boolean baseline = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> dataFile = Path.of(value(args, ++i));
                case "--rows" -> rows = Long.parseLong(value(args, ++i));
                case "--epochs" -> epochs = Integer.parseInt(value(args, ++i));
                case "--batch" -> batchSize = Integer.parseInt(value(args, ++i));
                case "--averaging-frequency" -> averagingFrequency = Integer.parseInt(value(args, ++i));
                case "--vocabulary" -> vocabularySize = Integer.parseInt(value(args, ++i));
                case "--embedding" -> embeddingDim = Integer.parseInt(value(args, ++i));
                case "--learning-rate" -> learningRate = Double.parseDouble(value(args, ++i));
                case "--seed" -> seed = Long.parseLong(value(args, ++i));
                case "--no-baseline" -> baseline = false;
                default -> throw new IllegalArgumentException("Unknown option " + args[i] + "\n" + USAGE);
            }
        }
        return new SparkDlrmOptions(dataFile, rows, epochs, batchSize, averagingFrequency, vocabularySize,
                embeddingDim, learningRate, seed, baseline);
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value\n" + USAGE);
        }
        return args[i];
    }
}
