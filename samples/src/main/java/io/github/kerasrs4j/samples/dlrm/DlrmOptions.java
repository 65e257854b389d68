package io.github.kerasrs4j.samples.dlrm;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The DLRM sample's command line: flags for the run's size and a plain argument for a Criteo file. Every
 * value is checked here, so a bad command line stops before any data is written or any training starts.
 *
 * @param dataFile     a Criteo TSV (or .gz) to train on; null trains on generated data
 * @param rows         rows to generate, or for a file the first lines to read; null = the default / the whole file
 * @param outputDir    where the data, models and plot go
 * @param embeddings   how the graph holds its embedding tables
 * @param save         whether to save the trained models
 * @param threads      native threads per ND4J op and BLAS call
 */
public record DlrmOptions(Path dataFile, Long rows, int epochs, int batchSize, int vocabularySize,
                          int embeddingDim, double learningRate, long seed, Path outputDir, boolean help,
                          EmbeddingForm embeddings, boolean save, int threads) {

    public static final long DEFAULT_GENERATED_ROWS = 100_000;

    /** The flags' help lines, shared with the Spark run's usage. */
    public static final String FLAGS = String.join("\n",
            "  --rows N           rows to generate (default " + DEFAULT_GENERATED_ROWS + "); with a file, read only its first N lines",
            "  --epochs N         passes over the training rows (default 3)",
            "  --batch N          minibatch size (default 512)",
            "  --vocab N          hash buckets per categorical feature, 0 for empty (default 1000)",
            "  --embedding-dim N  embedding and bottom-MLP output size (default 16)",
            "  --learning-rate X  Adam's learning rate (default 0.01)",
            "  --seed N           seed for the generated data and the weights, not 0 (default 42)",
            "  --out DIR          output directory (default target/dlrm-sample)",
            "  --embeddings FORM  collection (one EmbeddingCollection, row-sparse; default) or per-feature",
            "                     (one EmbeddingLayer per feature)",
            "  --no-save          do not save the trained models",
            "  --threads N        native threads per ND4J op and BLAS call (default 1: a minibatch's ops are",
            "                     too small to split well, and waiting threads cost more on a busy machine)",
            "  --help             print this and exit");

    public static final String USAGE = String.join("\n",
            "Usage: mvn -B test-compile exec:java [-Dexec.args=\"[flags] [criteo-file.tsv[.gz]]\"]",
            "Trains DLRM with DotInteraction, DCN (FeatureCross) and a concatenation baseline; compares them on held-out rows.",
            "Without a file it generates Criteo-format data whose clicks depend on feature interactions.",
            FLAGS);

    public static DlrmOptions defaults() {
        return new DlrmOptions(null, null, 3, 512, 1000, 16, 0.01, 42, Path.of("target", "dlrm-sample"), false,
                EmbeddingForm.COLLECTION, true, 1);
    }

    /** @throws UsageException naming the flag or argument at fault */
    public static DlrmOptions parse(String... args) {
        DlrmOptions o = defaults();
        Path dataFile = null;
        Long rows = null;
        int epochs = o.epochs, batch = o.batchSize, vocab = o.vocabularySize, embeddingDim = o.embeddingDim;
        double learningRate = o.learningRate;
        long seed = o.seed;
        Path out = o.outputDir;
        boolean help = false;
        EmbeddingForm embeddings = o.embeddings;
        boolean save = o.save;
        int threads = o.threads;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                help = true;
                continue;
            }
            if (arg.equals("--no-save")) {
                save = false;
                continue;
            }
            if (!arg.startsWith("-")) {
                if (dataFile != null) {
                    throw new UsageException("more than one data file given: '" + dataFile + "' and '" + arg
                            + "'; pass at most one Criteo file");
                }
                dataFile = Path.of(arg);
                continue;
            }
            String flag = arg;
            String value;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                flag = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new UsageException("flag " + flag + " needs a value");
            }
            switch (flag) {
                case "--rows" -> rows = (long) positiveInt(flag, value);
                case "--epochs" -> epochs = positiveInt(flag, value);
                case "--batch" -> batch = positiveInt(flag, value);
                case "--vocab" -> vocab = intAtLeast(flag, value, 2);
                case "--embedding-dim" -> embeddingDim = positiveInt(flag, value);
                case "--learning-rate" -> learningRate = positiveDouble(flag, value);
                case "--seed" -> seed = seedValue(flag, value);
                case "--out" -> out = Path.of(value);
                case "--embeddings" -> embeddings = EmbeddingForm.ofFlag(value);
                case "--threads" -> threads = positiveInt(flag, value);
                default -> throw new UsageException("unknown flag '" + flag + "'; --help lists the flags");
            }
        }
        return new DlrmOptions(dataFile, rows, epochs, batch, vocab, embeddingDim, learningRate, seed, out, help,
                embeddings, save, threads);
    }

    /** Rows to generate when no file is given. */
    public long generatedRows() {
        return rows == null ? DEFAULT_GENERATED_ROWS : rows;
    }

    /** Lines to read from a given file; 0 reads the whole file. */
    public long fileLineLimit() {
        return rows == null ? 0 : rows;
    }

    private static int positiveInt(String flag, String value) {
        return intAtLeast(flag, value, 1);
    }

    /** Flag-value checks, shared with the other samples' command lines; each names the flag it rejects. */
    public static int intAtLeast(String flag, String value, int minimum) {
        long parsed = longValue(flag, value);
        if (parsed < minimum || parsed > Integer.MAX_VALUE) {
            throw new UsageException(flag + " must be an integer from " + minimum + " to " + Integer.MAX_VALUE
                    + ", got '" + value + "'");
        }
        return (int) parsed;
    }

    public static long longValue(String flag, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " must be an integer, got '" + value + "'");
        }
    }

    /**
     * A seed for DL4J's weights. ND4J 1.0.0-M2.1's random generator takes seed 0 as "no seed" and draws different
     * weights on every run, so 0 is refused rather than giving a run that cannot be repeated.
     */
    public static long seedValue(String flag, String value) {
        long parsed = longValue(flag, value);
        if (parsed == 0) {
            throw new UsageException(flag + " must not be 0: ND4J treats seed 0 as no seed, so the weights would differ"
                    + " from run to run");
        }
        return parsed;
    }

    public static double positiveDouble(String flag, String value) {
        double parsed;
        try {
            parsed = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " must be a number, got '" + value + "'");
        }
        if (!(parsed > 0) || Double.isInfinite(parsed)) {
            throw new UsageException(flag + " must be a positive number, got '" + value + "'");
        }
        return parsed;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s, %d epochs, batch %d, vocab %d, embedding dim %d (%s), learning rate %s, seed %d",
                dataFile == null ? generatedRows() + " generated rows" : dataFile
                        + (rows == null ? "" : " (first " + rows + " lines)"),
                epochs, batchSize, vocabularySize, embeddingDim, embeddings.flag(), learningRate, seed);
    }
}
