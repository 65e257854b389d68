package io.github.kerasrs4j.runtime;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HostRows prefetches the listed rows of memory larger than a cache, where they lie, and leaves them unchanged. */
class HostRowsTest {

    private static final int WIDTH = 16;
    /** One row more than 64 MiB of FLOAT rows of 16. */
    private static final long LARGE_ROWS = (64L << 20) / (WIDTH * 4) + 1;

    @Test
    void rowsThatFitInACacheAreNotPrefetched() {
        HostRows rows = new HostRows(Nd4j.zeros(DataType.FLOAT, 10, WIDTH), 0, 10, WIDTH);
        assertFalse(rows.prefetches());
        rows.prefetch(new long[]{10_000}, 0, 1);   // not read: an index past the rows goes unnoticed
    }

    @Test
    void rowsOfMoreThan64MiBArePrefetchedWhereTheyLie() {
        for (DataType type : new DataType[]{DataType.FLOAT, DataType.DOUBLE}) {
            INDArray array = Nd4j.zeros(type, LARGE_ROWS, WIDTH);
            HostRows rows = new HostRows(array, 0, LARGE_ROWS, WIDTH);
            assertTrue(rows.prefetches(), type.toString());
            double[] last = new double[WIDTH];
            for (int j = 0; j < WIDTH; j++) {
                last[j] = j + 0.5;
            }
            rows.write(LARGE_ROWS - 1, last, 0);

            rows.prefetch(new long[]{5, 0, LARGE_ROWS - 1, 7}, 1, 3);

            double[] read = new double[WIDTH];
            rows.read(LARGE_ROWS - 1, read, 0);
            assertArrayEquals(last, read, 0.0, "the rows are read, not changed");
            assertThrows(IndexOutOfBoundsException.class,
                    () -> rows.prefetch(new long[]{LARGE_ROWS}, 0, 1), "a row past the end is read where it would lie");
        }
    }

    @Test
    void rowsOfAViewAreTheViewsOwn() {
        INDArray array = Nd4j.zeros(DataType.FLOAT, LARGE_ROWS + 2, WIDTH);
        HostRows rows = new HostRows(array, 2L * WIDTH, LARGE_ROWS, WIDTH);
        assertTrue(rows.prefetches());
        rows.prefetch(new long[]{LARGE_ROWS - 1}, 0, 1);
        assertThrows(IndexOutOfBoundsException.class, () -> rows.prefetch(new long[]{LARGE_ROWS}, 0, 1),
                "the view ends where its rows end, not where the array does");
    }
}
