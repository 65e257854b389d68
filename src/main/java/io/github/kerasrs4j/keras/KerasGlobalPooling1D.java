package io.github.kerasrs4j.keras;

import io.github.kerasrs4j.layers.SequencePooling;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.modelimport.keras.exceptions.InvalidKerasConfigurationException;
import org.deeplearning4j.nn.modelimport.keras.exceptions.UnsupportedKerasConfigurationException;

import java.util.Map;

/**
 * DL4J's Keras import of {@code GlobalAveragePooling1D} (with or without a mask) and
 * {@code GlobalMaxPooling1D} over a sequence in Keras's layout [batch, T, D]: a {@link SequencePooling}
 * vertex, reading the mask as its second input. {@link TwoTowerTranslations} registers it under
 * {@link #AVERAGE} and {@link #MAX}.
 */
public class KerasGlobalPooling1D extends KerasVertexLayer {

    static final String AVERAGE = "kerasrs4j>GlobalAveragePooling1D";
    static final String MAX = "kerasrs4j>GlobalMaxPooling1D";

    /** The constructor DL4J's Keras import calls with the layer's whole config. */
    public KerasGlobalPooling1D(Map<String, Object> layerConfig)
            throws InvalidKerasConfigurationException, UnsupportedKerasConfigurationException {
        super(layerConfig);
    }

    @Override
    GraphVertex vertex(Map<String, Object> config) {
        return new SequencePooling(MAX.equals(className) ? SequencePooling.Mode.MAX : SequencePooling.Mode.AVERAGE,
                RNNFormat.NWC);
    }
}
