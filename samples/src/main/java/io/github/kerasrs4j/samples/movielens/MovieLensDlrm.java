package io.github.kerasrs4j.samples.movielens;

import io.github.kerasrs4j.samples.dlrm.CommandLine;
import io.github.kerasrs4j.samples.dlrm.DlrmMain;
import io.github.kerasrs4j.samples.dlrm.JavaCppMemoryCheck;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;

/**
 * keras-io's DLRM example ("Ranking with Deep Learning Recommendation Model") on MovieLens 100K's own files:
 * {@code mvn -B test-compile exec:java -Dexec.mainClass=io.github.kerasrs4j.samples.movielens.MovieLensDlrm
 * -Dexec.args="--data DIR"}. Prints each epoch's time and training RMSE, then
 * {@code movielens: test RMSE <x>, median epoch <y> s, <n> parameters}. A bad command line or a missing or
 * malformed file prints {@code error: ...} (naming the flag, or the file and line) and exits with status 2.
 */
public final class MovieLensDlrm {

    /** What a run produced, for the caller (and the tests) to inspect. */
    public record Result(ComputationGraph graph, MovieLensData data, MovieLensTrainer.Result training) {
    }

    static {
        // Before ND4J loads JavaCPP: its resident-memory check reads /proc/self/statm on every native allocation
        JavaCppMemoryCheck.disableUnlessSet();
    }

    private final MovieLensOptions options;
    private final PrintStream log;

    public MovieLensDlrm(MovieLensOptions options, PrintStream log) {
        this.options = options;
        this.log = log;
    }

    public static void main(String[] args) {
        MovieLensOptions options = CommandLine.parseOrExit(args, MovieLensOptions::parse, MovieLensOptions::help,
                MovieLensOptions.USAGE);
        if (options == null) {
            return;
        }
        // JVM-wide, so set here for the command line only, not by run() (tests share their JVM)
        DlrmMain.useThreads(options.threads(), options.blasThreads());
        try {
            new MovieLensDlrm(options, System.out).run();
        } catch (MovieLensFormatException e) {
            CommandLine.exit("error: " + e.getMessage());
        }
    }

    /** @throws MovieLensFormatException before any training, for a missing or malformed file */
    public Result run() {
        log.println("MovieLens DLRM: " + options);
        MovieLensData data = MovieLensData.load(options);
        int[] tableRows = data.features().tableRows();
        log.printf(Locale.ROOT, "%,d training ratings, %,d test ratings; embedding table rows %s for %s%n",
                data.train().size(), data.test().size(), Arrays.toString(tableRows), MovieLensFeatures.NAMES);

        ComputationGraph graph = new MovieLensGraphBuilder(tableRows, options.embeddingDim(), options.learningRate(),
                options.weightDecay(), options.seed()).build();
        MovieLensTrainer.Result training = new MovieLensTrainer(options.epochs(), log).train(graph,
                data.train().batches(options.batchSize()), data.test().batches(options.batchSize()));
        log.printf(Locale.ROOT, "movielens: test RMSE %.4f, median epoch %.3f s, %d parameters%n",
                training.testRmse(), training.medianEpochSeconds(), graph.numParams());
        return new Result(graph, data, training);
    }
}
