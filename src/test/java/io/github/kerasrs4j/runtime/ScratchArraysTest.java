package io.github.kerasrs4j.runtime;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

/** ScratchArrays hands out the view it made last for a name and shape, and a new one whenever its buffer changed. */
class ScratchArraysTest {

    @Test
    void sameNameAndShapeGiveTheSameArray() {
        ScratchArrays scratch = new ScratchArrays(DataType.FLOAT);
        INDArray first = scratch.get("a", 4, 5);
        assertSame(first, scratch.get("a", 4, 5));
        assertNotSame(first, scratch.get("b", 4, 5), "another name is another buffer");
    }

    @Test
    void anotherShapeIsAViewOfTheSameBuffer() {
        ScratchArrays scratch = new ScratchArrays(DataType.FLOAT);
        scratch.get("a", 4, 5);
        INDArray smaller = scratch.get("a", 3, 2);
        assertArrayEquals(new long[]{3, 2}, smaller.shape());
        smaller.putScalar(1, 0, 7f);
        assertEquals(7f, scratch.buffer("a", 20).getFloat(2), "a view over the buffer, from its start");
    }

    @Test
    void aGrownBufferGetsANewView() {
        ScratchArrays scratch = new ScratchArrays(DataType.FLOAT);
        INDArray small = scratch.get("a", 2, 3);
        INDArray grown = scratch.buffer("a", 200);   // a caller that needed more
        INDArray again = scratch.get("a", 2, 3);
        assertNotSame(small, again, "the old view is over the buffer that was let go");
        again.putScalar(0, 1, 9f);
        assertEquals(9f, grown.getFloat(1));
    }
}
