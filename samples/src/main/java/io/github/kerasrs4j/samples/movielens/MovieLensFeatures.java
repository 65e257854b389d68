package io.github.kerasrs4j.samples.movielens;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The keras-io DLRM example's six categorical features of a rating, in its order (its integer features, then
 * its string features), each with its vocabulary over the ratings the model will see (the example builds them
 * over the whole dataset, before the split):
 * {@code movie_id}, {@code user_id}, {@code user_gender} (1 = M), {@code bucketized_user_age},
 * {@code user_zip_code} (the whole zip code as u.user writes it) and {@code user_occupation_text}.
 */
public final class MovieLensFeatures {

    public static final List<String> NAMES = List.of("movie_id", "user_id", "user_gender", "bucketized_user_age",
            "user_zip_code", "user_occupation_text");

    private final Map<Integer, MovieLensUser> users;
    private final Vocabulary<Integer> movie;
    private final Vocabulary<Integer> user;
    private final Vocabulary<Integer> gender;
    private final Vocabulary<Integer> age;
    private final Vocabulary<String> zipCode;
    private final Vocabulary<String> occupation;

    /** @param ratings every rating of the run (training and test), whose values make the vocabularies */
    public MovieLensFeatures(Map<Integer, MovieLensUser> users, List<Rating> ratings) {
        this.users = users;
        movie = vocabulary(ratings, Rating::movieId);
        user = vocabulary(ratings, Rating::userId);
        gender = vocabulary(ratings, r -> users.get(r.userId()).genderFeature());
        age = vocabulary(ratings, r -> users.get(r.userId()).bucketizedAge());
        zipCode = vocabulary(ratings, r -> users.get(r.userId()).zipCode());
        occupation = vocabulary(ratings, r -> users.get(r.userId()).occupation());
    }

    private static <T extends Comparable<? super T>> Vocabulary<T> vocabulary(List<Rating> ratings,
                                                                               Function<Rating, T> feature) {
        return new Vocabulary<>(ratings.stream().map(feature).toList());
    }

    /** Embedding table rows per feature, in {@link #NAMES} order. */
    public int[] tableRows() {
        return new int[]{movie.tableRows(), user.tableRows(), gender.tableRows(), age.tableRows(),
                zipCode.tableRows(), occupation.tableRows()};
    }

    /** A rating's six lookup indices, in {@link #NAMES} order. */
    public int[] encode(Rating rating) {
        MovieLensUser u = users.get(rating.userId());
        return new int[]{movie.indexOf(rating.movieId()), user.indexOf(rating.userId()),
                gender.indexOf(u.genderFeature()), age.indexOf(u.bucketizedAge()), zipCode.indexOf(u.zipCode()),
                occupation.indexOf(u.occupation())};
    }

    /** The ratings as model inputs: their indices and their ratings as labels, in the given order. */
    public EncodedRatings encode(List<Rating> ratings) {
        int[][] ids = new int[ratings.size()][];
        float[] labels = new float[ratings.size()];
        for (int i = 0; i < ratings.size(); i++) {
            ids[i] = encode(ratings.get(i));
            labels[i] = ratings.get(i).rating();
        }
        return new EncodedRatings(ids, labels);
    }
}
