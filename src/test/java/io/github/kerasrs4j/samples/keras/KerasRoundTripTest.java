package io.github.kerasrs4j.samples.keras;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Paths;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Keras round-trip sample on both DLRM fixtures: Keras's numbers, fine-tuning, save and restore. */
class KerasRoundTripTest {

    @ParameterizedTest
    @ValueSource(strings = {"dlrm_criteo_like.keras", "dlrm_movielens_like.h5"})
    void importsPredictsFineTunesAndRestores(String model, @TempDir File out) throws Exception {
        String base = model.substring(0, model.lastIndexOf('.'));
        KerasRoundTrip.Result result = KerasRoundTrip.run(resource(model).getPath(), resource(base + ".json"), out);
        assertTrue(result.maxDifferenceFromKeras() < 1e-5, "max |Keras - DL4J| = " + result.maxDifferenceFromKeras());
        assertTrue(result.lossAfter() < result.lossBefore(), result.lossBefore() + " -> " + result.lossAfter());
        assertTrue(result.savedModel().isFile());
        assertTrue(result.restoredPredictsTheSame());
    }

    private static File resource(String name) throws URISyntaxException {
        return Paths.get(KerasRoundTripTest.class.getResource("/keras3/" + name).toURI()).toFile();
    }
}
