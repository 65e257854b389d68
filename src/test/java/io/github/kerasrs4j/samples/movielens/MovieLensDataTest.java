package io.github.kerasrs4j.samples.movielens;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MovieLensDataTest {

    @TempDir
    Path dir;

    @Test
    void uDataSplitsEightyTwentyWithoutOverlapAndTheSeedFixesIt() {
        new SyntheticMovieLens(30, 40, 1).write(dir, 500);
        MovieLensData data = MovieLensData.load(MovieLensOptions.parse("--data", dir.toString(), "--seed", "3"));
        assertEquals(400, data.train().size());
        assertEquals(100, data.test().size());
        Set<String> train = keys(data.train());
        Set<String> test = keys(data.test());
        assertEquals(400, train.size(), "each user-movie pair is rated once");
        assertTrue(test.stream().noneMatch(train::contains), "a test rating is never a training rating");

        MovieLensData again = MovieLensData.load(MovieLensOptions.parse("--data", dir.toString(), "--seed", "3"));
        assertArrayEquals(data.train().labels(), again.train().labels());
        assertArrayEquals(data.train().ids()[7], again.train().ids()[7]);
        MovieLensData otherSeed = MovieLensData.load(MovieLensOptions.parse("--data", dir.toString(), "--seed", "4"));
        assertNotSame(keys(otherSeed.test()), test);
    }

    @Test
    void aGivenSplitKeepsItsFilesAndItsVocabulariesCoverBoth() throws IOException {
        new SyntheticMovieLens(30, 40, 1).write(dir, 300);
        List<String> lines = Files.readAllLines(dir.resolve("u.data"));
        Files.write(dir.resolve("u1.base"), lines.subList(0, 200));
        Files.write(dir.resolve("u1.test"), lines.subList(200, 300));
        MovieLensData data = MovieLensData.load(MovieLensOptions.parse("--train", dir.resolve("u1.base").toString(),
                "--test", dir.resolve("u1.test").toString()));
        assertEquals(200, data.train().size());
        assertEquals(100, data.test().size());
        for (int[] ids : data.test().ids()) {
            assertFalse(Arrays.stream(ids).anyMatch(id -> id == Vocabulary.OUT_OF_VOCABULARY),
                    "test values are in the vocabularies, as the example builds them over all ratings");
        }
    }

    private static void assertNotSame(Set<String> a, Set<String> b) {
        assertFalse(a.equals(b), "another seed splits differently");
    }

    /** Each encoded rating's movie and user indices, which identify the pair. */
    private static Set<String> keys(EncodedRatings ratings) {
        Set<String> keys = new HashSet<>();
        for (int[] ids : ratings.ids()) {
            keys.add(ids[0] + "/" + ids[1]);
        }
        return keys;
    }
}
