package io.github.kerasrs4j.samples.movielens;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads MovieLens 100K's own files: {@code u.data} and its splits ({@code u1.base}, {@code u1.test}, ...):
 * {@code user id TAB item id TAB rating TAB timestamp}; and {@code u.user}: {@code id|age|gender|occupation|zip}.
 * They are ISO-8859-1 text, as GroupLens ships them. Every error names the file and the 1-based line.
 */
public final class MovieLensFiles {

    private static final Pattern TAB = Pattern.compile("\t");
    private static final Pattern PIPE = Pattern.compile("\\|");

    private MovieLensFiles() {
    }

    /** All users of a {@code u.user} file, by id. */
    public static Map<Integer, MovieLensUser> readUsers(Path file) {
        Map<Integer, MovieLensUser> users = new HashMap<>();
        forEachLine(file, (line, where) -> {
            String[] f = fields(PIPE, line, 5, "id|age|gender|occupation|zip code", where);
            int id = positiveInt(f[0], "user id", where);
            int age = nonNegativeInt(f[1], "age", where);
            boolean male = switch (f[2]) {
                case "M" -> true;
                case "F" -> false;
                default -> throw new MovieLensFormatException(where + ": gender must be M or F, got '" + f[2] + "'");
            };
            if (f[3].isEmpty() || f[4].isEmpty()) {
                throw new MovieLensFormatException(where + ": empty " + (f[3].isEmpty() ? "occupation" : "zip code"));
            }
            if (users.put(id, new MovieLensUser(id, age, male, f[3], f[4])) != null) {
                throw new MovieLensFormatException(where + ": user " + id + " appears twice");
            }
        });
        if (users.isEmpty()) {
            throw new MovieLensFormatException(file + ": no users in the file");
        }
        return users;
    }

    /** The ratings of a {@code u.data}-format file, in file order; every user must be in {@code users}. */
    public static List<Rating> readRatings(Path file, Map<Integer, MovieLensUser> users) {
        List<Rating> ratings = new ArrayList<>();
        forEachLine(file, (line, where) -> {
            String[] f = fields(TAB, line, 4, "user id, item id, rating, timestamp", where);
            int user = positiveInt(f[0], "user id", where);
            int movie = positiveInt(f[1], "item id", where);
            float rating;
            try {
                rating = Float.parseFloat(f[2]);
            } catch (NumberFormatException e) {
                rating = Float.NaN;
            }
            if (!Float.isFinite(rating)) {
                throw new MovieLensFormatException(where + ": rating must be a number, got '" + f[2] + "'");
            }
            long timestamp;
            try {
                timestamp = Long.parseLong(f[3]);
            } catch (NumberFormatException e) {
                throw new MovieLensFormatException(where + ": timestamp must be an integer, got '" + f[3] + "'");
            }
            if (!users.containsKey(user)) {
                throw new MovieLensFormatException(where + ": user " + user + " is not in the users file");
            }
            ratings.add(new Rating(user, movie, rating, timestamp));
        });
        if (ratings.isEmpty()) {
            throw new MovieLensFormatException(file + ": no ratings in the file");
        }
        return ratings;
    }

    private interface LineHandler {
        /** @param where {@code file:line}, for messages */
        void accept(String line, String where);
    }

    private static void forEachLine(Path file, LineHandler handler) {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            String line;
            long number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                // tfds strips each line too, which also takes a Windows line end's \r
                handler.accept(line.strip(), file + ":" + number);
            }
        } catch (NoSuchFileException e) {
            throw new MovieLensFormatException(file + ": no such file", e);
        } catch (IOException e) {
            throw new MovieLensFormatException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static String[] fields(Pattern separator, String line, int count, String layout, String where) {
        String[] f = separator.split(line, -1);
        if (f.length != count) {
            throw new MovieLensFormatException(where + ": expected " + count + " fields (" + layout + "), found "
                    + (line.isEmpty() ? "an empty line" : f.length));
        }
        return f;
    }

    private static int positiveInt(String text, String what, String where) {
        return intAtLeast(1, text, what + " must be a positive integer", where);
    }

    private static int nonNegativeInt(String text, String what, String where) {
        return intAtLeast(0, text, what + " must be a non-negative integer", where);
    }

    private static int intAtLeast(int minimum, String text, String rule, String where) {
        try {
            int value = Integer.parseInt(text);
            if (value >= minimum) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below, as an out-of-range value is
        }
        throw new MovieLensFormatException(where + ": " + rule + ", got '" + text + "'");
    }
}
