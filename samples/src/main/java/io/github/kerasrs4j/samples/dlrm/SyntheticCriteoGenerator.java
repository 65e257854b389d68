package io.github.kerasrs4j.samples.dlrm;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes deterministic Criteo-format rows whose clicks come from pairwise interactions, so the sample needs
 * no download and a model that captures interactions must beat one that does not.
 *
 * <p>The model of a click, for a seed:
 * <ul>
 *   <li>Each categorical feature Cj has a cardinality; a row draws value v of Cj with probability falling off
 *       as v grows (u² skew), and writes it as 8 hex digits hashed from (seed, j, v), as Criteo does.</li>
 *   <li>Four disjoint pairs of features interact: (C1,C2), (C3,C4), (C5,C6), (C7,C8). Every value of these
 *       features has a latent vector z in R^{@value #LATENT_DIM}, entries ~ N(0, 1/{@value #LATENT_DIM}).</li>
 *   <li>click logit = {@value #BIAS} + {@value #INTERACTION_STRENGTH} · Σ over the pairs (a,b) of ⟨z_a, z_b⟩
 *       + {@value #DENSE_WEIGHT} · (log(1+I1) − log(1+max(I2, 0))) + N(0, {@value #NOISE_SD}²); label ~ Bernoulli(sigmoid(logit)).</li>
 *   <li>The other 18 categorical features and 11 integer features are noise the model must learn to ignore.
 *       Integer features are log-normal counts, I2 is sometimes −1 (as in Criteo), and about 1 in 20 integer
 *       and categorical fields is empty.</li>
 * </ul>
 * Each pair's term is a dot product of per-value vectors, which is what DLRM's DotInteraction computes
 * between embeddings; a model that only concatenates embeddings must learn each product with its MLP.
 */
public final class SyntheticCriteoGenerator {

    static final int LATENT_DIM = 4;
    static final double BIAS = -1.0;
    static final double INTERACTION_STRENGTH = 2.5;
    static final double DENSE_WEIGHT = 0.25;
    static final double NOISE_SD = 0.3;
    private static final double MISSING_RATE = 0.05;
    private static final int[][] INTERACTING_PAIRS = {{0, 1}, {2, 3}, {4, 5}, {6, 7}};
    /** Values per categorical feature C1..C26: the interacting ones moderate, the noise ones up to Criteo-like. */
    private static final int[] CARDINALITIES = {
            20, 15, 30, 10, 40, 25, 12, 35,
            3, 10, 30, 1000, 5000, 20000, 50, 7, 400, 2, 1500, 60, 12000, 4, 700, 90, 25000, 15};

    private final long seed;
    private final double[][][] latent = new double[CriteoRow.CATEGORICAL_FEATURES][][];
    private final String[][] hexValues = new String[CriteoRow.CATEGORICAL_FEATURES][];

    public SyntheticCriteoGenerator(long seed) {
        for (int j = 0; j < hexValues.length; j++) {
            hexValues[j] = new String[CARDINALITIES[j]];
            for (int v = 0; v < CARDINALITIES[j]; v++) {
                hexValues[j][v] = hexValue(seed, j, v);
            }
        }
        this.seed = seed;
        SplittableRandom random = new SplittableRandom(seed);
        for (int[] pair : INTERACTING_PAIRS) {
            for (int feature : pair) {
                latent[feature] = new double[CARDINALITIES[feature]][LATENT_DIM];
                for (double[] vector : latent[feature]) {
                    for (int k = 0; k < LATENT_DIM; k++) {
                        vector[k] = gaussian(random) / Math.sqrt(LATENT_DIM);
                    }
                }
            }
        }
    }

    /** Writes {@code rows} rows to {@code file}, replacing it; the same seed and rows give the same bytes. */
    public void write(Path file, long rows) {
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
                StringBuilder line = new StringBuilder(512);
                for (long r = 0; r < rows; r++) {
                    line.setLength(0);
                    appendRow(random, line);
                    out.append(line).append('\n');
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write generated Criteo data to " + file, e);
        }
    }

    private void appendRow(SplittableRandom random, StringBuilder line) {
        long[] counts = new long[CriteoRow.DENSE_FEATURES];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = (long) Math.floor(Math.exp(1.5 + 1.2 * gaussian(random)));
        }
        if (random.nextDouble() < 0.1) {
            counts[1] = -1;
        }
        int[] values = new int[CriteoRow.CATEGORICAL_FEATURES];
        for (int j = 0; j < values.length; j++) {
            double u = random.nextDouble();
            values[j] = (int) (CARDINALITIES[j] * u * u);
        }
        double logit = BIAS + DENSE_WEIGHT * (Math.log1p(counts[0]) - Math.log1p(Math.max(counts[1], 0)))
                + NOISE_SD * gaussian(random);
        for (int[] pair : INTERACTING_PAIRS) {
            logit += INTERACTION_STRENGTH * dot(latent[pair[0]][values[pair[0]]], latent[pair[1]][values[pair[1]]]);
        }
        int label = random.nextDouble() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;

        line.append(label);
        for (long count : counts) {
            line.append('\t');
            if (random.nextDouble() >= MISSING_RATE) {
                line.append(count);
            }
        }
        for (int j = 0; j < values.length; j++) {
            line.append('\t');
            // Only noise features go missing: a missing interacting value would blur the signal being measured.
            if (latent[j] != null || random.nextDouble() >= MISSING_RATE) {
                line.append(hexValues[j][values[j]]);
            }
        }
    }

    /** Criteo's hashed look: 8 hex digits, fixed per (seed, feature, value). */
    private static String hexValue(long seed, int feature, int value) {
        long h = new SplittableRandom(seed * 31 + feature * 1_000_003L + value).nextLong();
        return String.format("%08x", h & 0xFFFFFFFFL);
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int k = 0; k < a.length; k++) {
            sum += a[k] * b[k];
        }
        return sum;
    }

    /** A standard normal draw (Box-Muller): SplittableRandom has none, and it keeps rows reproducible. */
    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
