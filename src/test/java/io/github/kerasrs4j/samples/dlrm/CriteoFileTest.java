package io.github.kerasrs4j.samples.dlrm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading whole files: the split, the line cap, gzip, and the messages for bad files. */
class CriteoFileTest {

    @TempDir
    Path dir;

    private final CriteoRowParser parser = new CriteoRowParser(50);

    @Test
    void everyTenthLineIsHeldOutAndTheRestTrain() throws IOException {
        Path file = CriteoRows.write(dir, "rows.tsv", CriteoRows.valid(25));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 11L, 12L, 13L, 14L, 15L, 16L, 17L, 18L, 19L,
                21L, 22L, 23L, 24L, 25L), lineNumbers(file, DataSplit.TRAIN, 0));
        assertEquals(List.of(10L, 20L), lineNumbers(file, DataSplit.HELD_OUT, 0));
        assertEquals(List.of(10L), lineNumbers(file, DataSplit.HELD_OUT, 19), "the line cap counts both splits");

        CriteoFileSummary summary = CriteoFileSummary.scan(file, parser, 0);
        assertEquals(23, summary.trainRows());
        assertEquals(2, summary.heldOutRows());
    }

    @Test
    void readsGzippedFiles() throws IOException {
        Path file = dir.resolve("rows.tsv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write((String.join("\n", CriteoRows.valid(30)) + "\n").getBytes());
        }
        assertEquals(27, CriteoFileSummary.scan(file, parser, 0).trainRows());
    }

    @Test
    void malformedLineIsReportedWithFileAndLineBeforeAnyTraining() throws IOException {
        List<String> lines = new ArrayList<>(CriteoRows.valid(30));
        lines.set(16, CriteoRows.line("yes", "1", "ab"));
        Path file = CriteoRows.write(dir, "bad.tsv", lines);
        CriteoFormatException e = assertThrows(CriteoFormatException.class,
                () -> CriteoFileSummary.scan(file, parser, 0));
        assertTrue(e.getMessage().startsWith(file + ":17: label must be 0 or 1"), e.getMessage());
    }

    @Test
    void shortLineIsReportedWithFileAndLine() throws IOException {
        List<String> lines = new ArrayList<>(CriteoRows.valid(30));
        lines.set(2, "0\t1\t2");
        Path file = CriteoRows.write(dir, "short.tsv", lines);
        CriteoFormatException e = assertThrows(CriteoFormatException.class,
                () -> CriteoFileSummary.scan(file, parser, 0));
        assertTrue(e.getMessage().startsWith(file + ":3: expected 40 tab-separated fields"), e.getMessage());
    }

    @Test
    void emptyFileIsNamed() throws IOException {
        Path file = CriteoRows.write(dir, "empty.tsv", List.of());
        CriteoFormatException e = assertThrows(CriteoFormatException.class,
                () -> CriteoFileSummary.scan(file, parser, 0));
        assertEquals("Criteo file " + file + " is empty: it has no rows", e.getMessage());
    }

    @Test
    void missingFileIsNamed() {
        Path file = dir.resolve("no-such.tsv");
        CriteoFormatException e = assertThrows(CriteoFormatException.class,
                () -> CriteoFileSummary.scan(file, parser, 0));
        assertEquals("Criteo file " + file + " does not exist", e.getMessage());
    }

    @Test
    void tooFewRowsOrOneClassInTheHeldOutRowsAreNamed() throws IOException {
        Path few = CriteoRows.write(dir, "few.tsv", CriteoRows.valid(9));
        assertTrue(assertThrows(CriteoFormatException.class, () -> CriteoFileSummary.scan(few, parser, 0))
                .getMessage().contains("has 9 rows: at least 10 are needed"));

        List<String> noClicks = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            noClicks.add(CriteoRows.line("0", "1", "ab"));
        }
        Path allZero = CriteoRows.write(dir, "zeros.tsv", noClicks);
        assertTrue(assertThrows(CriteoFormatException.class, () -> CriteoFileSummary.scan(allZero, parser, 0))
                .getMessage().contains("AUC is undefined"));
    }

    private List<Long> lineNumbers(Path file, DataSplit split, long maxLines) {
        List<Long> numbers = new ArrayList<>();
        try (CriteoFileReader reader = new CriteoFileReader(file, parser, split, maxLines)) {
            while (reader.next() != null) {
                numbers.add(reader.lineNumber());
            }
            assertNull(reader.next());
        }
        return numbers;
    }
}
