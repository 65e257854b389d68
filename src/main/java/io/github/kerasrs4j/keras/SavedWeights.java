package io.github.kerasrs4j.keras;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.Closeable;
import java.util.Map;

/** The weights a Keras file stores for a model, in whichever layout the file uses. */
interface SavedWeights extends Closeable {

    /**
     * Every layer's weights, by Keras weight name ("kernel", "bias", "embeddings", ...); layers
     * without weights may be left out.
     *
     * @throws IllegalArgumentException when a layer's weights are missing or are not the ones its class has
     */
    Map<String, Map<String, INDArray>> read(ModelGraph model);

    /** Releases the file (and deletes any temporary copy); never throws. */
    @Override
    void close();
}
