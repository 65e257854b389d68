package io.github.kerasrs4j.samples.movielens;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Writes a made-up dataset in MovieLens 100K's formats and sizes ({@code u.user}: 943 users with ages,
 * genders, the 21 occupations and zip codes; {@code u.data}: 100,000 distinct user-movie ratings of 1,682
 * movies, 1 to 5 stars), for timing the sample and for tests where the real data (which may not be
 * redistributed) is absent. Ratings follow a small latent-factor model plus noise, so a model can learn them.
 *
 * <p>{@code mvn -B test-compile exec:java -Dexec.mainClass=io.github.kerasrs4j.samples.movielens.SyntheticMovieLens
 * -Dexec.args="DIR [RATINGS] [SEED]"}
 */
public final class SyntheticMovieLens {

    public static final int USERS = 943;
    public static final int MOVIES = 1682;
    public static final int RATINGS = 100_000;
    /** MovieLens 100K's occupations (u.occupation). */
    static final List<String> OCCUPATIONS = List.of("administrator", "artist", "doctor", "educator", "engineer",
            "entertainment", "executive", "healthcare", "homemaker", "lawyer", "librarian", "marketing", "none",
            "other", "programmer", "retired", "salesman", "scientist", "student", "technician", "writer");
    private static final int ZIP_CODES = 795;
    private static final int FACTORS = 4;
    private static final long FIRST_TIMESTAMP = 874_724_710L;
    private static final long TIMESTAMP_SPAN = 18_561_928L;

    private final int users;
    private final int movies;
    private final long seed;

    public SyntheticMovieLens(int users, int movies, long seed) {
        if (users < 1 || movies < 1) {
            throw new IllegalArgumentException("need at least one user and one movie, got " + users + " and " + movies);
        }
        this.users = users;
        this.movies = movies;
        this.seed = seed;
    }

    /** MovieLens 100K's numbers of users and movies. */
    public SyntheticMovieLens(long seed) {
        this(USERS, MOVIES, seed);
    }

    public static void main(String[] args) {
        String usage = "usage: SyntheticMovieLens DIR [RATINGS (default " + RATINGS + ")] [SEED (default 42)]";
        if (args.length < 1 || args.length > 3) {
            fail(usage);
        }
        Path dir = Path.of(args[0]);
        try {
            int ratings = args.length > 1 ? Integer.parseInt(args[1]) : RATINGS;
            long seed = args.length > 2 ? Long.parseLong(args[2]) : 42;
            new SyntheticMovieLens(seed).write(dir, ratings);
        } catch (IllegalArgumentException e) {   // NumberFormatException included
            fail("error: " + e.getMessage() + "\n" + usage);
        }
        System.out.printf(Locale.ROOT, "wrote %s and %s%n", dir.resolve("u.user"), dir.resolve("u.data"));
    }

    private static void fail(String message) {
        System.err.println(message);
        System.exit(2);
    }

    /** Writes {@code dir/u.user} and {@code dir/u.data} with {@code ratings} distinct user-movie ratings. */
    public void write(Path dir, int ratings) {
        if (ratings < 1 || ratings > (long) users * movies) {
            throw new IllegalArgumentException("ratings must be from 1 to users x movies = " + (long) users * movies
                    + ", got " + ratings);
        }
        Random random = new Random(seed);
        float[][] userFactors = factors(random, users);
        float[][] movieFactors = factors(random, movies);
        try {
            Files.createDirectories(dir);
            try (BufferedWriter out = Files.newBufferedWriter(dir.resolve("u.user"), StandardCharsets.ISO_8859_1)) {
                for (int u = 1; u <= users; u++) {
                    out.write(String.format(Locale.ROOT, "%d|%d|%s|%s|%05d%n", u, 7 + random.nextInt(67),
                            random.nextInt(10) < 7 ? "M" : "F", OCCUPATIONS.get(random.nextInt(OCCUPATIONS.size())),
                            zipCode(random.nextInt(ZIP_CODES))));
                }
            }
            try (BufferedWriter out = Files.newBufferedWriter(dir.resolve("u.data"), StandardCharsets.ISO_8859_1)) {
                Set<Long> rated = new HashSet<>();
                while (rated.size() < ratings) {
                    int u = 1 + random.nextInt(users);
                    // Popular movies get most ratings, as in MovieLens: low ids drawn more often
                    int m = 1 + (int) (movies * Math.pow(random.nextDouble(), 2));
                    if (!rated.add((long) u * movies + m)) {
                        continue;
                    }
                    out.write(String.format(Locale.ROOT, "%d\t%d\t%d\t%d%n", u, m,
                            stars(userFactors[u - 1], movieFactors[m - 1], random),
                            FIRST_TIMESTAMP + (long) (random.nextDouble() * TIMESTAMP_SPAN)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the synthetic MovieLens files into " + dir, e);
        }
    }

    /** Each row: a bias then {@link #FACTORS} latent factors. */
    private static float[][] factors(Random random, int rows) {
        float[][] f = new float[rows][FACTORS + 1];
        for (float[] row : f) {
            for (int k = 0; k < row.length; k++) {
                row[k] = (float) (random.nextGaussian() * 0.5);
            }
        }
        return f;
    }

    private static int stars(float[] user, float[] movie, Random random) {
        double score = 3.5 + user[0] + movie[0] + random.nextGaussian() * 0.5;
        for (int k = 1; k <= FACTORS; k++) {
            score += user[k] * movie[k];
        }
        return (int) Math.max(1, Math.min(5, Math.round(score)));
    }

    /** Zip codes spread over the five-digit range, as US zip codes are. */
    private static int zipCode(int index) {
        return (int) ((index * 99_991L) % 100_000);
    }
}
