package io.github.kerasrs4j.spark.standin;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Stand-in until the DLRM sample (issue 4) is merged, then replaced by its synthetic generator: writes
 * Criteo-format TSV rows, deterministic for a seed, whose clicks depend on dot products between latent
 * vectors of a few pairs of categorical values (what a DotInteraction can pick up), on a per-value bias of a
 * few features (first-order effects, as real click logs have) and on one dense count.
 */
public final class StandInCriteoGenerator {

    private static final int CARDINALITY = 100;
    private static final int LATENT_DIM = 4;
    private static final int BIASED_FEATURES = 8;
    private static final int[][] INTERACTING_PAIRS = {{0, 1}, {2, 3}, {4, 5}, {0, 6}, {7, 8}, {9, 10}};
    private static final double MISSING = 0.05;
    /** Scales the pairwise terms so that they, not label noise, dominate the clicks. */
    private static final double INTERACTION_STRENGTH = 2.0;

    private final long seed;

    public StandInCriteoGenerator(long seed) {
        this.seed = seed;
    }

    public void write(Path file, long rows) {
        Random random = new Random(seed);
        int dense = StandInCriteoEncoder.DENSE_FEATURES;
        int categorical = StandInCriteoEncoder.CATEGORICAL_FEATURES;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (long row = 0; row < rows; row++) {
                long[] counts = new long[dense];
                for (int d = 0; d < dense; d++) {
                    counts[d] = (long) Math.floor(Math.exp(1.5 * random.nextGaussian()));
                }
                int[] values = new int[categorical];
                for (int c = 0; c < categorical; c++) {
                    // Skewed towards small ids, as real categorical features are.
                    values[c] = (int) (CARDINALITY * Math.pow(random.nextDouble(), 2));
                }
                double logit = -0.5 + 0.4 * (Math.log1p(counts[0]) - 0.7);
                for (int c = 0; c < BIASED_FEATURES; c++) {
                    logit += 0.5 * latent(c, values[c])[0] * Math.sqrt(LATENT_DIM);
                }
                for (int[] pair : INTERACTING_PAIRS) {
                    logit += INTERACTION_STRENGTH * dot(latent(pair[0], values[pair[0]]), latent(pair[1], values[pair[1]]));
                }
                int label = random.nextDouble() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;

                StringBuilder line = new StringBuilder().append(label);
                for (int d = 0; d < dense; d++) {
                    line.append('\t');
                    if (random.nextDouble() >= MISSING) {
                        line.append(counts[d]);
                    }
                }
                for (int c = 0; c < categorical; c++) {
                    line.append('\t');
                    if (random.nextDouble() >= MISSING) {
                        line.append(String.format("%08x", (c * 1_000_003 + values[c] * 7919) & 0x7fffffff));
                    }
                }
                out.write(line.append('\n').toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The latent vector of one categorical value, a pure function of the seed, feature and value. */
    private double[] latent(int feature, int value) {
        Random random = new Random(seed ^ (feature * 0x9E3779B97F4A7C15L) ^ (value * 0xC2B2AE3D27D4EB4FL));
        double[] vector = new double[LATENT_DIM];
        for (int i = 0; i < LATENT_DIM; i++) {
            vector[i] = random.nextGaussian() / Math.sqrt(LATENT_DIM);
        }
        return vector;
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
