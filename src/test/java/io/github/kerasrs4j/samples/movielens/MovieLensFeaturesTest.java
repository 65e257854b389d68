package io.github.kerasrs4j.samples.movielens;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class MovieLensFeaturesTest {

    @Test
    void agesGoToTfdsBucketsByTheirLowerEdge() {
        int[][] ageAndBucket = {{0, 1}, {7, 1}, {17, 1}, {18, 18}, {24, 18}, {25, 25}, {34, 25}, {35, 35}, {44, 35},
                {45, 45}, {49, 45}, {50, 50}, {55, 50}, {56, 56}, {73, 56}};
        for (int[] pair : ageAndBucket) {
            assertEquals(pair[1], MovieLensUser.bucketizeAge(pair[0]), "age " + pair[0]);
        }
    }

    @Test
    void genderIsOneForMale() {
        assertEquals(1, new MovieLensUser(1, 30, true, "writer", "1").genderFeature());
        assertEquals(0, new MovieLensUser(1, 30, false, "writer", "1").genderFeature());
    }

    @Test
    void aVocabularyIsSortedFromIndexOneWithZeroForUnknownValues() {
        Vocabulary<String> zip = new Vocabulary<>(List.of("94043", "85711", "T8H1N", "85711"));
        assertEquals(List.of("85711", "94043", "T8H1N"), zip.values());
        assertEquals(1, zip.indexOf("85711"));
        assertEquals(3, zip.indexOf("T8H1N"));
        assertEquals(Vocabulary.OUT_OF_VOCABULARY, zip.indexOf("00000"));
        assertEquals(4, zip.tableRows());
        Vocabulary<Integer> ids = new Vocabulary<>(List.of(100, 9, 20));
        assertEquals(List.of(9, 20, 100), ids.values(), "integers sort as numbers");
    }

    @Test
    void aRatingEncodesToTheExamplesSixFeatures() {
        Map<Integer, MovieLensUser> users = Map.of(
                1, new MovieLensUser(1, 24, true, "technician", "85711"),
                2, new MovieLensUser(2, 53, false, "other", "94043"),
                5, new MovieLensUser(5, 17, true, "student", "15213"));
        List<Rating> ratings = List.of(new Rating(2, 50, 4, 0), new Rating(1, 7, 3, 0), new Rating(5, 50, 5, 0));
        MovieLensFeatures features = new MovieLensFeatures(users, ratings);

        // movies {7, 50}, users {1, 2, 5}, genders {0, 1}, age buckets {1, 18, 50},
        // zip codes {"15213", "85711", "94043"}, occupations {"other", "student", "technician"}
        assertArrayEquals(new int[]{3, 4, 3, 4, 4, 4}, features.tableRows());
        assertArrayEquals(new int[]{2, 2, 1, 3, 3, 1}, features.encode(ratings.get(0)));
        assertArrayEquals(new int[]{1, 1, 2, 2, 2, 3}, features.encode(ratings.get(1)));
        assertArrayEquals(new int[]{2, 3, 2, 1, 1, 2}, features.encode(ratings.get(2)));

        EncodedRatings encoded = features.encode(ratings);
        assertArrayEquals(new float[]{4, 3, 5}, encoded.labels());
        var batches = encoded.batches(2);
        assertEquals(2, batches.size(), "3 ratings in batches of 2: the last is short");
        assertEquals(MovieLensFeatures.NAMES.size(), batches.get(0).getFeatures().length);
        assertArrayEquals(new long[]{2, 1}, batches.get(0).getFeatures(0).shape());
        assertArrayEquals(new float[]{3, 2}, batches.get(0).getFeatures(3).toFloatVector(), "age bucket ids");
        assertArrayEquals(new float[]{5}, batches.get(1).getLabels(0).toFloatVector());
    }
}
