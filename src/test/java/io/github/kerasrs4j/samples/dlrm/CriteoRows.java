package io.github.kerasrs4j.samples.dlrm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Hand-written Criteo lines for the tests. */
final class CriteoRows {

    private CriteoRows() {
    }

    /** A well-formed line: the label, then the given integer fields, then the given categorical fields. */
    static String line(String label, String[] dense, String[] categorical) {
        List<String> fields = new ArrayList<>();
        fields.add(label);
        fields.addAll(Arrays.asList(dense));
        fields.addAll(Arrays.asList(categorical));
        return String.join("\t", fields);
    }

    /** A well-formed line whose integer fields are all {@code dense} and categorical fields all {@code category}. */
    static String line(String label, String dense, String category) {
        String[] denseFields = new String[CriteoRow.DENSE_FEATURES];
        Arrays.fill(denseFields, dense);
        String[] categoricalFields = new String[CriteoRow.CATEGORICAL_FEATURES];
        Arrays.fill(categoricalFields, category);
        return line(label, denseFields, categoricalFields);
    }

    /** {@code rows} well-formed lines, alternating clicks and non-clicks so every split has both. */
    static List<String> valid(int rows) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            lines.add(line(i % 3 == 0 ? "1" : "0", Integer.toString(i), Integer.toHexString(0x1000 + i % 7)));
        }
        return lines;
    }

    static Path write(Path dir, String name, List<String> lines) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, lines);
        return file;
    }
}
