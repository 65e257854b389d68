package io.github.kerasrs4j.samples.movielens;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MovieLensFilesTest {

    private static final String USERS = "1|24|M|technician|85711\n2|53|F|other|94043\n3|7|M|student|T8H1N\n";

    @TempDir
    Path dir;

    @Test
    void readsUsersAsUUserWritesThem() throws IOException {
        Map<Integer, MovieLensUser> users = MovieLensFiles.readUsers(write("u.user", USERS));
        assertEquals(3, users.size());
        assertEquals(new MovieLensUser(2, 53, false, "other", "94043"), users.get(2));
        assertEquals("T8H1N", users.get(3).zipCode(), "zip codes are kept whole, letters included");
    }

    @Test
    void readsRatingsInFileOrderAndTakesWindowsLineEnds() throws IOException {
        Map<Integer, MovieLensUser> users = MovieLensFiles.readUsers(write("u.user", USERS));
        List<Rating> ratings = MovieLensFiles.readRatings(
                write("u1.base", "3\t242\t3\t881250949\r\n1\t302\t5\t891717742\r\n"), users);
        assertEquals(List.of(new Rating(3, 242, 3, 881250949L), new Rating(1, 302, 5, 891717742L)), ratings);
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("u.data");
        MovieLensFormatException e = assertThrows(MovieLensFormatException.class,
                () -> MovieLensFiles.readRatings(missing, Map.of()));
        assertEquals(missing + ": no such file", e.getMessage());
    }

    @Test
    void malformedUsersNameTheFileAndLine() throws IOException {
        assertUsersError("1|24|M|technician\n", ":1: expected 5 fields (id|age|gender|occupation|zip code), found 4");
        assertUsersError(USERS + "4|30|X|writer|12345\n", ":4: gender must be M or F, got 'X'");
        assertUsersError("1|old|M|writer|12345\n", ":1: age must be a non-negative integer, got 'old'");
        assertUsersError("0|30|M|writer|12345\n", ":1: user id must be a positive integer, got '0'");
        assertUsersError(USERS + "2|30|M|writer|12345\n", ":4: user 2 appears twice");
        assertUsersError("1|30|M||12345\n", ":1: empty occupation");
        assertUsersError("1|30|M|writer|12345\n\n", ":2: expected 5 fields (id|age|gender|occupation|zip code), "
                + "found an empty line");
    }

    @Test
    void malformedRatingsNameTheFileAndLine() throws IOException {
        assertRatingsError("1\t2\t3\n", ":1: expected 4 fields (user id, item id, rating, timestamp), found 3");
        assertRatingsError("1\t2\t3\t4\n1 2 3 4\n", ":2: expected 4 fields");
        assertRatingsError("1\tx\t3\t4\n", ":1: item id must be a positive integer, got 'x'");
        assertRatingsError("1\t2\tgood\t4\n", ":1: rating must be a number, got 'good'");
        assertRatingsError("1\t2\tNaN\t4\n", ":1: rating must be a number, got 'NaN'");
        assertRatingsError("1\t2\t3\tnoon\n", ":1: timestamp must be an integer, got 'noon'");
        assertRatingsError("1\t2\t3\t4\n9\t2\t3\t4\n", ":2: user 9 is not in the users file");
    }

    @Test
    void emptyFilesAreNamed() throws IOException {
        Path users = write("u.user", "");
        assertEquals(users + ": no users in the file",
                assertThrows(MovieLensFormatException.class, () -> MovieLensFiles.readUsers(users)).getMessage());
        Path ratings = write("u.data", "");
        assertEquals(ratings + ": no ratings in the file", assertThrows(MovieLensFormatException.class,
                () -> MovieLensFiles.readRatings(ratings, Map.of())).getMessage());
    }

    private void assertUsersError(String content, String expected) throws IOException {
        Path file = write("u.user", content);
        MovieLensFormatException e = assertThrows(MovieLensFormatException.class, () -> MovieLensFiles.readUsers(file));
        assertTrue(e.getMessage().startsWith(file + expected), e.getMessage());
    }

    private void assertRatingsError(String content, String expected) throws IOException {
        Map<Integer, MovieLensUser> users = MovieLensFiles.readUsers(write("u.user", USERS));
        Path file = write("u.data", content);
        MovieLensFormatException e = assertThrows(MovieLensFormatException.class,
                () -> MovieLensFiles.readRatings(file, users));
        assertTrue(e.getMessage().startsWith(file + expected), e.getMessage());
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.ISO_8859_1);
    }
}
