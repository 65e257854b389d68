package io.github.kerasrs4j.samples.movielens;

/** One line of {@code u.data} (or a split of it such as {@code u1.base}): who rated which movie, how, and when. */
public record Rating(int userId, int movieId, float rating, long timestamp) {
}
