package io.github.kerasrs4j.keras;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.modelimport.keras.KerasLayer;
import org.deeplearning4j.nn.modelimport.keras.exceptions.InvalidKerasConfigurationException;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.Map;

/**
 * Puts a file's weights into an imported graph through DL4J's layer mappers (which rename and,
 * where needed, rearrange them), after checking every shape: DL4J itself would silently reshape a
 * weight of the right size but the wrong shape.
 */
final class WeightCopier {

    private WeightCopier() {
    }

    /**
     * @param kerasLayers DL4J's mappers of the model's layers, by layer name
     * @param weights     the file's weights, by layer name and then Keras weight name
     * @throws IllegalArgumentException naming the layer, the weight and both shapes on a mismatch
     */
    static void copy(Map<String, KerasLayer> kerasLayers, Map<String, Map<String, INDArray>> weights,
            ComputationGraph graph) throws InvalidKerasConfigurationException {
        for (Map.Entry<String, Map<String, INDArray>> layerWeights : weights.entrySet()) {
            String name = layerWeights.getKey();
            KerasLayer kerasLayer = kerasLayers.get(name);
            GraphVertex vertex = graph.getVertex(name);
            if (kerasLayer == null || vertex == null || vertex.numParams() == 0) {
                throw new IllegalArgumentException("the file has weights for layer '" + name
                        + "', which the imported graph has no trainable layer for");
            }
            kerasLayer.setWeights(layerWeights.getValue());
            Layer layer = vertex.getLayer();
            for (Map.Entry<String, INDArray> param : vertex.paramTable(false).entrySet()) {
                INDArray stored = kerasLayer.getWeights().get(param.getKey());
                if (stored != null && !sameShape(stored.shape(), param.getValue().shape())) {
                    throw new IllegalArgumentException("layer '" + name + "' gets a weight of shape "
                            + Arrays.toString(stored.shape()) + " from the file for its parameter "
                            + param.getKey() + ", but its config needs " + Arrays.toString(param.getValue().shape()));
                }
            }
            if (layer != null) {
                kerasLayer.copyWeightsToLayer(layer);
            } else {
                copyToVertex(name, kerasLayer.getWeights(), vertex.paramTable(false));
            }
        }
    }

    /** A vertex with parameters (FeatureCross) takes its mapper's weights under its own parameter keys. */
    private static void copyToVertex(String name, Map<String, INDArray> weights, Map<String, INDArray> params) {
        for (Map.Entry<String, INDArray> param : params.entrySet()) {
            INDArray stored = weights.get(param.getKey());
            if (stored == null) {
                throw new IllegalArgumentException("layer '" + name + "' gets no weight from the file for its parameter "
                        + param.getKey());
            }
            param.getValue().assign(stored.reshape(param.getValue().shape()));
        }
    }

    /** Equal up to dimensions of size 1: Keras keeps a bias as [n] where DL4J has [1, n]. */
    private static boolean sameShape(long[] stored, long[] expected) {
        return Arrays.equals(withoutOnes(stored), withoutOnes(expected));
    }

    private static long[] withoutOnes(long[] shape) {
        return Arrays.stream(shape).filter(size -> size != 1).toArray();
    }
}
