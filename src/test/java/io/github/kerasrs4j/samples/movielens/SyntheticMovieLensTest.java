package io.github.kerasrs4j.samples.movielens;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyntheticMovieLensTest {

    @TempDir
    Path dir;

    @Test
    void writesMovieLens100KsFormatAndSizes() throws IOException {
        new SyntheticMovieLens(42).write(dir, 100_000);
        Map<Integer, MovieLensUser> users = MovieLensFiles.readUsers(dir.resolve("u.user"));
        List<Rating> ratings = MovieLensFiles.readRatings(dir.resolve("u.data"), users);
        assertEquals(SyntheticMovieLens.USERS, users.size());
        assertEquals(100_000, ratings.size());
        Set<Long> pairs = new HashSet<>();
        for (Rating r : ratings) {
            assertTrue(r.movieId() >= 1 && r.movieId() <= SyntheticMovieLens.MOVIES, "movie " + r.movieId());
            assertTrue(r.rating() >= 1 && r.rating() <= 5 && r.rating() == Math.rint(r.rating()), "rating " + r.rating());
            assertTrue(pairs.add((long) r.userId() * 10_000 + r.movieId()), "pair rated twice: " + r);
        }
        assertTrue(users.values().stream().allMatch(u -> SyntheticMovieLens.OCCUPATIONS.contains(u.occupation())));
    }

    @Test
    void theSeedFixesTheData() throws IOException {
        Path once = dir.resolve("once"), again = dir.resolve("again"), other = dir.resolve("other");
        new SyntheticMovieLens(42).write(once, 2000);
        new SyntheticMovieLens(42).write(again, 2000);
        new SyntheticMovieLens(43).write(other, 2000);
        for (String file : List.of("u.user", "u.data")) {
            assertEquals(Files.readString(once.resolve(file)), Files.readString(again.resolve(file)), file);
        }
        assertNotEquals(Files.readString(once.resolve("u.data")), Files.readString(other.resolve("u.data")));
    }

    @Test
    void refusesMoreRatingsThanPairs() {
        assertThrows(IllegalArgumentException.class, () -> new SyntheticMovieLens(2, 3, 1).write(dir, 7));
    }
}
