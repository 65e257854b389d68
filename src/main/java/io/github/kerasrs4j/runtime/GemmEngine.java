package io.github.kerasrs4j.runtime;

import org.nd4j.linalg.api.blas.Blas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The library that runs the dense layers' matrix products: oneDNN for FLOAT where its natives load (on CPUs newer
 * than ND4J's OpenBLAS 0.3.19 knows, such as AVX-512 Zen 5, about twice that OpenBLAS's speed), ND4J's OpenBLAS
 * otherwise, and always for DOUBLE (oneDNN has no double GEMM). Where oneDNN does not load, FLOAT falls back to
 * OpenBLAS with one warning that says why. oneDNN's products take ND4J's BLAS thread count
 * ({@code Nd4j.factory().blas().setMaxThreads}) as OpenBLAS's do, on Java threads of their own ({@link SplitGemm}).
 */
enum GemmEngine {
    ONEDNN,
    OPENBLAS;

    /** A system property that forces the FLOAT engine: "onednn" (an error where it cannot load) or "openblas". */
    static final String PROPERTY = "kerasrs4j.gemm";

    private static final AtomicBoolean FALLBACK_WARNED = new AtomicBoolean();

    /** The engine for {@code dataType}, by {@link #PROPERTY} and by whether oneDNN loaded. */
    static GemmEngine forDataType(DataType dataType) {
        return choose(dataType, System.getProperty(PROPERTY, ""), () -> OneDnn.FAILURE);
    }

    /**
     * @param forced     the property's value, "" for none
     * @param oneDnnLoad loads oneDNN if it has not been, and says why it did not load, null when it did
     */
    static GemmEngine choose(DataType dataType, String forced, Supplier<Throwable> oneDnnLoad) {
        String name = forced.trim().toLowerCase(Locale.ROOT);
        if (!name.isEmpty() && !name.equals("onednn") && !name.equals("openblas")) {
            throw new IllegalArgumentException("-D" + PROPERTY + "=" + forced + ": give onednn or openblas");
        }
        if (dataType != DataType.FLOAT || name.equals("openblas")) {
            return OPENBLAS;
        }
        Throwable oneDnnFailure = oneDnnLoad.get();
        if (oneDnnFailure == null) {
            return ONEDNN;
        }
        if (name.equals("onednn")) {
            throw new IllegalStateException("-D" + PROPERTY + "=onednn, but oneDNN did not load: " + oneDnnFailure,
                    oneDnnFailure);
        }
        if (FALLBACK_WARNED.compareAndSet(false, true)) {
            LoggerFactory.getLogger(GemmEngine.class).warn("oneDNN did not load ({}); FLOAT dense layers multiply on "
                    + "ND4J's OpenBLAS instead; -D{}=openblas skips oneDNN", oneDnnFailure.toString(), PROPERTY);
        }
        return OPENBLAS;
    }

    /** This engine's GEMM for {@code dataType}. */
    RowMajorGemm gemm(DataType dataType) {
        if (this == OPENBLAS) {
            return HostBlas.of(dataType)::gemm;
        }
        if (dataType != DataType.FLOAT) {
            throw new IllegalArgumentException("oneDNN multiplies FLOAT only, not " + dataType);
        }
        Blas blas = Nd4j.factory().blas();
        return new SplitGemm(new OneDnnSgemm(), blas::getMaxThreads);
    }

    /** Loads oneDNN once, on first use. */
    private static final class OneDnn {
        static final Throwable FAILURE = OneDnnSgemm.load();
    }
}
