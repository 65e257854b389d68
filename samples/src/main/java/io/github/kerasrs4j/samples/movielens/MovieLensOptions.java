package io.github.kerasrs4j.samples.movielens;

import io.github.kerasrs4j.samples.dlrm.DlrmOptions;
import io.github.kerasrs4j.samples.dlrm.UsageException;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The MovieLens sample's command line. The defaults are the keras-io DLRM example's: 25 epochs, batch 8192,
 * embeddings of 8, AdamW with learning rate 1e-2 and weight decay 0.004 (Keras's default).
 *
 * @param dataDir   a MovieLens 100K directory (u.data, u.user); null when a split is given
 * @param trainFile a u.data-format training file (u1.base ...); null for an 80/20 split of {@code dataDir/u.data}
 * @param testFile  its test file (u1.test ...); null with {@code trainFile}
 * @param threads     native threads per ND4J op
 * @param blasThreads threads per matrix product of the dense layers (oneDNN or BLAS); the machine's cores unless given
 */
public record MovieLensOptions(Path dataDir, Path trainFile, Path testFile, int epochs, int batchSize,
                               int embeddingDim, double learningRate, double weightDecay, long seed, int threads,
                               int blasThreads, boolean help) {

    public static final String USAGE = String.join("\n",
            "Usage: mvn -B test-compile exec:java -Dexec.mainClass=io.github.kerasrs4j.samples.movielens.MovieLensDlrm \\",
            "           -Dexec.args=\"--data DIR | --train FILE --test FILE [flags]\"",
            "Trains keras-io's DLRM example (six categorical features, DotInteraction, Dense 192 x3) on MovieLens 100K",
            "and prints its test RMSE.",
            "  --data DIR           the MovieLens 100K directory (ml-100k: u.data, u.user); without --train/--test",
            "                       u.data is shuffled with the seed and split 80% / 20%, as the example splits it",
            "  --train FILE         a u.data-format training file, e.g. DIR/u1.base (needs --test); u.user is read",
            "                       from --data DIR if given, else from the training file's directory",
            "  --test FILE          its test file, e.g. DIR/u1.test",
            "  --epochs N           passes over the training ratings (default 25)",
            "  --batch N            minibatch size (default 8192)",
            "  --embedding-dim N    embedding size (default 8)",
            "  --learning-rate X    AdamW's learning rate (default 0.01)",
            "  --weight-decay X     AdamW's decoupled weight decay, 0 for plain Adam (default 0.004)",
            "  --seed N             seed of the split, the shuffle and the weights, not 0 (default 42)",
            "  --threads N          native threads per ND4J op (default 1: threads waiting on each other cost much",
            "                       more than they save on a busy machine)",
            "  --blas-threads N     threads per matrix product of the dense layers only (default: the machine's",
            "                       cores); oneDNN's products split into blocks on Java threads, one OpenMP thread",
            "                       each, which wait parked, never spinning, on a busy machine",
            "  --help               print this and exit");

    public static MovieLensOptions defaults() {
        return new MovieLensOptions(null, null, null, 25, 8192, 8, 1e-2, 0.004, 42, 1,
                Runtime.getRuntime().availableProcessors(), false);
    }

    /** @throws UsageException naming the flag at fault */
    public static MovieLensOptions parse(String... args) {
        MovieLensOptions d = defaults();
        Path data = null, train = null, test = null;
        int epochs = d.epochs, batch = d.batchSize, embeddingDim = d.embeddingDim;
        double learningRate = d.learningRate, weightDecay = d.weightDecay;
        long seed = d.seed;
        int threads = d.threads;
        int blasThreads = d.blasThreads;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                return new MovieLensOptions(null, null, null, epochs, batch, embeddingDim, learningRate,
                        weightDecay, seed, threads, blasThreads, true);
            }
            if (!flag.startsWith("--")) {
                throw new UsageException("unexpected argument '" + flag + "'; give the data with --data DIR");
            }
            String value;
            int eq = flag.indexOf('=');
            if (eq > 0) {
                value = flag.substring(eq + 1);
                flag = flag.substring(0, eq);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new UsageException("flag " + flag + " needs a value");
            }
            switch (flag) {
                case "--data" -> data = Path.of(value);
                case "--train" -> train = Path.of(value);
                case "--test" -> test = Path.of(value);
                case "--epochs" -> epochs = positiveInt(flag, value);
                case "--batch" -> batch = positiveInt(flag, value);
                case "--embedding-dim" -> embeddingDim = positiveInt(flag, value);
                case "--learning-rate" -> learningRate = DlrmOptions.positiveDouble(flag, value);
                case "--weight-decay" -> weightDecay = positiveOrZero(flag, value);
                case "--seed" -> seed = DlrmOptions.seedValue(flag, value);
                case "--threads" -> threads = positiveInt(flag, value);
                case "--blas-threads" -> blasThreads = positiveInt(flag, value);
                default -> throw new UsageException("unknown flag '" + flag + "'; --help lists the flags");
            }
        }
        if ((train == null) != (test == null)) {
            throw new UsageException(train == null ? "--test needs --train" : "--train needs --test");
        }
        if (data == null && train == null) {
            throw new UsageException("no data: give --data DIR (the MovieLens 100K directory) or --train FILE --test FILE");
        }
        return new MovieLensOptions(data, train, test, epochs, batch, embeddingDim, learningRate, weightDecay, seed,
                threads, blasThreads, false);
    }

    /** Whether the run trains and tests on u.data's seeded 80/20 split rather than on given files. */
    public boolean splitsUData() {
        return trainFile == null;
    }

    public Path usersFile() {
        if (dataDir != null) {
            return dataDir.resolve("u.user");
        }
        Path dir = trainFile.toAbsolutePath().getParent();
        return dir.resolve("u.user");
    }

    private static int positiveInt(String flag, String value) {
        return DlrmOptions.intAtLeast(flag, value, 1);
    }

    /** A positive number, or 0, which switches the weight decay off. */
    private static double positiveOrZero(String flag, String value) {
        try {
            return Double.parseDouble(value) == 0 ? 0 : DlrmOptions.positiveDouble(flag, value);
        } catch (NumberFormatException | UsageException e) {
            throw new UsageException(flag + " must be 0 or a positive number, got '" + value + "'");
        }
    }

    @Override
    public String toString() {
        String data = splitsUData() ? dataDir.resolve("u.data") + " (seeded 80/20 split)"
                : "train " + trainFile + ", test " + testFile;
        return String.format(Locale.ROOT, "%s, users %s; %d epochs, batch %d, embedding dim %d, AdamW learning rate %s "
                        + "weight decay %s, seed %d, %d native thread(s), %d per BLAS call", data, usersFile(), epochs, batchSize,
                embeddingDim, learningRate, weightDecay, seed, threads, blasThreads);
    }
}
