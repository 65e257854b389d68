package io.github.kerasrs4j.samples.movielens;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A run's training and test ratings, encoded. Either u.data shuffled with the seed and split 80% / 20% (the
 * example shuffles MovieLens 100K's ratings and takes 80,000 / 20,000), or given split files whose training
 * ratings are shuffled once with the seed. Either way the training order is then fixed for every epoch, as the
 * example's {@code shuffle().take().batch().cache()} pipeline fixes it.
 */
public record MovieLensData(MovieLensFeatures features, EncodedRatings train, EncodedRatings test) {

    /** The example's share of training ratings: 80,000 of 100,000. */
    public static final double TRAIN_FRACTION = 0.8;

    /** @throws MovieLensFormatException naming the missing or malformed file (and line) */
    public static MovieLensData load(MovieLensOptions options) {
        Map<Integer, MovieLensUser> users = MovieLensFiles.readUsers(options.usersFile());
        Random random = new Random(options.seed());
        List<Rating> train, test;
        if (options.splitsUData()) {
            List<Rating> all = new ArrayList<>(MovieLensFiles.readRatings(options.dataDir().resolve("u.data"), users));
            if (all.size() < 2) {
                throw new MovieLensFormatException(options.dataDir().resolve("u.data")
                        + ": needs at least 2 ratings to split into training and test");
            }
            Collections.shuffle(all, random);
            int trainSize = Math.max(1, Math.min(all.size() - 1, (int) Math.round(all.size() * TRAIN_FRACTION)));
            train = all.subList(0, trainSize);
            test = all.subList(trainSize, all.size());
        } else {
            train = new ArrayList<>(MovieLensFiles.readRatings(options.trainFile(), users));
            test = MovieLensFiles.readRatings(options.testFile(), users);
            Collections.shuffle(train, random);
        }
        List<Rating> everything = new ArrayList<>(train);
        everything.addAll(test);
        MovieLensFeatures features = new MovieLensFeatures(users, everything);
        return new MovieLensData(features, features.encode(train), features.encode(test));
    }
}
