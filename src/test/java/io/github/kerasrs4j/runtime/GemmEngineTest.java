package io.github.kerasrs4j.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;

import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** FLOAT products run on oneDNN where it loads, else on OpenBLAS; DOUBLE always on OpenBLAS; the property forces one. */
class GemmEngineTest {

    private static final Supplier<Throwable> LOADED = () -> null;
    private static final Supplier<Throwable> NOT_LOADED = () -> new UnsatisfiedLinkError("oneDNN left out by this test");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"FLOAT,ONEDNN", "DOUBLE,OPENBLAS"})
    void byDataTypeWhereOneDnnLoads(DataType dataType, GemmEngine engine) {
        assertEquals(engine, GemmEngine.forDataType(dataType));
    }

    @ParameterizedTest(name = "-Dkerasrs4j.gemm={0}: FLOAT on {1}, DOUBLE on OPENBLAS")
    @CsvSource({"onednn,ONEDNN", "openblas,OPENBLAS", "OpenBLAS,OPENBLAS"})
    void thePropertyForcesTheEngine(String forced, GemmEngine engine) {
        System.setProperty(GemmEngine.PROPERTY, forced);
        try {
            assertEquals(engine, GemmEngine.forDataType(DataType.FLOAT));
            assertEquals(GemmEngine.OPENBLAS, GemmEngine.forDataType(DataType.DOUBLE));
        } finally {
            System.clearProperty(GemmEngine.PROPERTY);
        }
    }

    @Test
    void fallsBackToOpenBlasWhereOneDnnDoesNotLoad() {
        assertEquals(GemmEngine.OPENBLAS, GemmEngine.choose(DataType.FLOAT, "", NOT_LOADED));
    }

    @Test
    void forcingOneDnnWhereItDoesNotLoadSaysWhy() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> GemmEngine.choose(DataType.FLOAT, "onednn", NOT_LOADED));
        assertTrue(e.getMessage().contains("kerasrs4j.gemm=onednn")
                && e.getMessage().contains("oneDNN left out by this test"), e.getMessage());
    }

    @Test
    void forcingOpenBlasDoesNotLoadOneDnn() {
        assertEquals(GemmEngine.OPENBLAS, GemmEngine.choose(DataType.FLOAT, "openblas",
                () -> { throw new AssertionError("oneDNN loaded"); }));
    }

    @Test
    void anUnknownEngineIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GemmEngine.choose(DataType.FLOAT, "mkl", LOADED));
        assertTrue(e.getMessage().contains("kerasrs4j.gemm=mkl"), e.getMessage());
    }

    @Test
    void oneDnnTakesFloatOnly() {
        assertThrows(IllegalArgumentException.class, () -> GemmEngine.ONEDNN.gemm(DataType.DOUBLE));
    }

    @Test
    void oneDnnLoadsAndMultipliesHere() {
        assertNull(OneDnnSgemm.load());
    }
}
