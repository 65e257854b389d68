package io.github.kerasrs4j.keras;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Map;

/**
 * Keeps the copies of a shared Keras layer tied while DL4J trains the graph. The importer gives each
 * call of a layer called more than once its own vertex, holding the same weights; this listener
 * replaces each copy's gradient by the sum of all copies' gradients before the updater runs, which is
 * the gradient of the one shared weight, so every copy takes the same step from the same updater
 * state and the copies stay equal, as the Keras layer stays one.
 *
 * <pre>{@code
 * graph.addListeners(new SharedLayerTie(model.sharedLayers()));   // again after ModelSerializer.restore...
 * }</pre>
 *
 * <p>Layers whose parameters are all trained by gradient can be tied (Dense, Embedding, ...);
 * BatchNormalization, whose moving statistics DL4J updates through its gradient, cannot.
 */
public class SharedLayerTie extends BaseTrainingListener {

    private final Map<String, List<String>> sharedLayers;

    /** @param sharedLayers each shared layer's vertices, as {@link ImportedKerasModel#sharedLayers()} gives them */
    public SharedLayerTie(Map<String, List<String>> sharedLayers) {
        this.sharedLayers = Map.copyOf(sharedLayers);
    }

    @Override
    public void onGradientCalculation(Model model) {
        if (!(model instanceof ComputationGraph)) {
            throw new IllegalStateException("SharedLayerTie ties vertices of a ComputationGraph, not of a "
                    + model.getClass().getSimpleName());
        }
        ComputationGraph graph = (ComputationGraph) model;
        Gradient gradient = graph.gradient();
        for (Map.Entry<String, List<String>> shared : sharedLayers.entrySet()) {
            List<String> vertices = shared.getValue();
            Layer first = layer(graph, shared.getKey(), vertices.get(0));
            if (first.conf().getLayer() instanceof BatchNormalization) {
                throw new IllegalStateException("shared layer '" + shared.getKey() + "' is a BatchNormalization, "
                        + "whose moving statistics DL4J updates through the gradient: it cannot be tied");
            }
            for (String param : first.paramTable().keySet()) {
                INDArray sum = null;
                for (String vertex : vertices) {
                    layer(graph, shared.getKey(), vertex);
                    INDArray part = gradient.getGradientFor(vertex + "_" + param);
                    sum = sum == null ? part.dup() : sum.addi(part);
                }
                for (String vertex : vertices) {
                    gradient.getGradientFor(vertex + "_" + param).assign(sum);
                }
            }
        }
    }

    private static Layer layer(ComputationGraph graph, String shared, String vertex) {
        Layer layer = graph.getLayer(vertex);
        if (layer == null) {
            throw new IllegalStateException("shared layer '" + shared + "' has no vertex '" + vertex + "' in this graph");
        }
        return layer;
    }
}
