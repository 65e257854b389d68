package io.github.kerasrs4j.samples.dlrm;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CriteoRowParserTest {

    private final CriteoRowParser parser = new CriteoRowParser(100);

    @Test
    void transformsIntegersWithLogOnePlusClampedAndHashesCategoriesIntoTheVocabulary() {
        String[] dense = {"0", "1", "-2", "", "9", "0", "0", "0", "0", "0", "0", "0", "1000"};
        String[] categorical = new String[CriteoRow.CATEGORICAL_FEATURES];
        Arrays.fill(categorical, "68fd1e64");
        categorical[3] = "";
        CriteoRow row = parser.parse(CriteoRows.line("1", dense, categorical));

        assertEquals(1, row.label());
        assertEquals(0f, row.dense()[0]);
        assertEquals((float) Math.log(2), row.dense()[1], 1e-6);
        assertEquals(0f, row.dense()[2], "negative counts clamp to 0 before log(1+x)");
        assertEquals(0f, row.dense()[3], "an empty integer field reads as 0");
        assertEquals((float) Math.log(10), row.dense()[4], 1e-6);
        assertEquals((float) Math.log(1001), row.dense()[12], 1e-5);
        assertEquals(0, row.categories()[3], "an empty categorical field takes index 0");
        for (int c = 0; c < CriteoRow.CATEGORICAL_FEATURES; c++) {
            if (c != 3) {
                assertTrue(row.categories()[c] >= 1 && row.categories()[c] < 100, "C" + (c + 1) + " in 1..99");
            }
        }
    }

    @Test
    void hashingIsPerFeatureAndRepeatable() {
        CriteoRow first = parser.parse(CriteoRows.line("0", "1", "a1b2c3d4"));
        CriteoRow again = new CriteoRowParser(100).parse(CriteoRows.line("0", "1", "a1b2c3d4"));
        assertArrayEquals(first.categories(), again.categories());
        assertNotEquals(1, Arrays.stream(first.categories()).distinct().count(),
                "one value in 26 features should not land in one shared slot");
    }

    @Test
    void wrongFieldCountIsNamed() {
        String line = CriteoRows.line("0", "1", "ab") + "\textra";
        CriteoFormatException e = assertThrows(CriteoFormatException.class, () -> parser.parse(line));
        assertTrue(e.getMessage().contains("expected 40 tab-separated fields") && e.getMessage().contains("found 41"),
                e.getMessage());
    }

    @Test
    void nonNumericIntegerFieldIsNamed() {
        String[] dense = new String[CriteoRow.DENSE_FEATURES];
        Arrays.fill(dense, "3");
        dense[2] = "3.5";
        String[] categorical = new String[CriteoRow.CATEGORICAL_FEATURES];
        Arrays.fill(categorical, "ab");
        CriteoFormatException e = assertThrows(CriteoFormatException.class,
                () -> parser.parse(CriteoRows.line("0", dense, categorical)));
        assertTrue(e.getMessage().contains("I3") && e.getMessage().contains("'3.5'"), e.getMessage());
    }

    @Test
    void labelOtherThanZeroOrOneIsNamed() {
        CriteoFormatException e = assertThrows(CriteoFormatException.class,
                () -> parser.parse(CriteoRows.line("2", "1", "ab")));
        assertTrue(e.getMessage().contains("label must be 0 or 1") && e.getMessage().contains("'2'"), e.getMessage());
    }

    @Test
    void nonHexCategoryIsNamed() {
        String[] dense = new String[CriteoRow.DENSE_FEATURES];
        Arrays.fill(dense, "3");
        String[] categorical = new String[CriteoRow.CATEGORICAL_FEATURES];
        Arrays.fill(categorical, "ab");
        categorical[25] = "hello";
        CriteoFormatException e = assertThrows(CriteoFormatException.class,
                () -> parser.parse(CriteoRows.line("1", dense, categorical)));
        assertTrue(e.getMessage().contains("C26") && e.getMessage().contains("'hello'"), e.getMessage());
    }

    @Test
    void vocabularyNeedsASlotBesidesEmpty() {
        assertThrows(IllegalArgumentException.class, () -> new CriteoRowParser(1));
    }
}
