package io.github.kerasrs4j.samples.dlrm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyntheticCriteoGeneratorTest {

    @TempDir
    Path dir;

    @Test
    void sameSeedWritesTheSameBytesAndAnotherSeedOtherRows() throws IOException {
        Path a = dir.resolve("a.tsv"), b = dir.resolve("b.tsv"), c = dir.resolve("c.tsv");
        new SyntheticCriteoGenerator(7).write(a, 500);
        new SyntheticCriteoGenerator(7).write(b, 500);
        new SyntheticCriteoGenerator(8).write(c, 500);
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        assertFalse(Files.readAllLines(a).equals(Files.readAllLines(c)));
    }

    @Test
    void writesValidCriteoRowsWithBothLabelsAndSomeEmptyFields() throws IOException {
        Path file = dir.resolve("rows.tsv");
        new SyntheticCriteoGenerator(1).write(file, 2000);
        CriteoFileSummary summary = CriteoFileSummary.scan(file, new CriteoRowParser(1000), 0);
        assertEquals(2000, summary.trainRows() + summary.heldOutRows());
        double clickRate = (double) (summary.trainClicks() + summary.heldOutClicks()) / 2000;
        assertTrue(clickRate > 0.2 && clickRate < 0.5, "click rate " + clickRate);
        String text = Files.readString(file);
        assertTrue(text.contains("\t\t"), "some fields are empty, as in Criteo");
        assertTrue(text.contains("\t-1\t"), "I2 is sometimes -1, as in Criteo");
    }
}
