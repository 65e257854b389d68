package io.github.kerasrs4j.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A Criteo-format file that a small DLRM learns in a few hundred steps: the click rate depends only on C1,
 * one of eight values with rates 0.1, 0.2, ... 0.8, and every other field is empty. Once a model ranks the
 * eight values in order its held-out AUC is the best possible, so two well-trained models agree on it.
 */
final class OneFeatureClickLog {

    private static final int VALUES = 8;

    private OneFeatureClickLog() {
    }

    static List<String> lines(int rows, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        String emptyDense = "\t".repeat(13);
        String emptyCategories = "\t".repeat(25);
        List<String> lines = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            int value = random.nextInt(VALUES);
            double clickRate = (value + 1) / 10.0;
            int label = random.nextDouble() < clickRate ? 1 : 0;
            lines.add(label + emptyDense + "\t" + String.format("%08x", 0x5eed0000 + value) + emptyCategories);
        }
        return lines;
    }

    static Path write(Path file, List<String> lines) {
        try {
            return Files.write(file, lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
