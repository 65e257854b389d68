package io.github.kerasrs4j.keras;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.modelimport.keras.KerasLayer;
import org.deeplearning4j.nn.modelimport.keras.KerasModel;
import org.deeplearning4j.nn.modelimport.keras.config.KerasModelConfiguration;
import org.deeplearning4j.nn.modelimport.keras.exceptions.InvalidKerasConfigurationException;
import org.deeplearning4j.nn.modelimport.keras.exceptions.UnsupportedKerasConfigurationException;
import org.deeplearning4j.nn.modelimport.keras.layers.embeddings.Keras2DEmbedding;
import org.deeplearning4j.nn.modelimport.keras.utils.KerasModelBuilder;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Imports a Keras 3 model, with keras_rs's DotInteraction and FeatureCross, as a DL4J {@link ComputationGraph}.
 *
 * <pre>{@code
 * ImportedKerasModel model = KerasRsModelImport.importModel("dlrm.keras");
 * Map<String, INDArray> outputs = model.predict(Map.of("dense", denseRows, "cat_0", new int[]{3, 5}));
 * ComputationGraph graph = model.graph();   // an ordinary DL4J graph, to train further or serve
 * }</pre>
 *
 * <p>The layer graph is rewritten in the Keras 2 form and built by DL4J's own Keras layer mappers;
 * the weights are read from the file's Keras 3 layout. See docs/keras-import.md for what imports.
 */
public final class KerasRsModelImport {

    private KerasRsModelImport() {
    }

    /**
     * Imports a Keras 3 model: a .keras archive or a Keras 3 legacy .h5, told apart by content.
     *
     * @param path the .keras or .h5 file
     * @return the model, its graph initialized with the file's weights
     * @throws KerasImportException naming the file and the problem when it cannot be imported
     */
    public static ImportedKerasModel importModel(Path path) throws KerasImportException {
        FileFormat format = FileFormat.of(path);
        registerLayers();
        try (ModelFile saved = format == FileFormat.KERAS_ARCHIVE
                ? ArchiveReader.read(path) : LegacyH5Reader.read(path)) {
            checkKeras3(path, format, saved);
            return build(saved);
        } catch (KerasImportException e) {
            throw e;
        } catch (IOException | IllegalArgumentException | InvalidKerasConfigurationException
                | UnsupportedKerasConfigurationException e) {
            throw new KerasImportException(path, e.getMessage(), e);
        } catch (RuntimeException e) {
            // DL4J's mappers fail with runtime exceptions of their own on configs they cannot build.
            throw new KerasImportException(path, "DL4J cannot build the model: " + e, e);
        }
    }

    /** {@link #importModel(Path)} of a path given as a string. */
    public static ImportedKerasModel importModel(String path) throws KerasImportException {
        return importModel(Path.of(path));
    }

    /**
     * Imports a Keras 3 model as a bare graph: {@code importModel(path).graph()}.
     *
     * <p>The graph's inputs are the Keras model's inputs in Keras order; an input of shape () (an id
     * fed to an Embedding) takes a column [batch, 1]. {@code graph.output(...)} gives the Keras
     * outputs in Keras order.
     *
     * @param path the .keras or .h5 file
     * @return the initialized graph, holding the file's weights
     * @throws KerasImportException naming the file and the problem when it cannot be imported
     */
    public static ComputationGraph importKerasModelAndWeights(String path) throws KerasImportException {
        return importModel(path).graph();
    }

    private static ImportedKerasModel build(ModelFile saved)
            throws IOException, InvalidKerasConfigurationException, UnsupportedKerasConfigurationException {
        InputEdge edge = InputEdge.split(ModelGraph.parse(saved.modelConfig()), saved);
        ModelGraph model = edge.graphModel();
        KerasModel kerasModel = new KerasModelBuilder(new KerasModelConfiguration())
                .modelJson(new ObjectMapper().writeValueAsString(ConfigTranslator.toKeras2(model)))
                .enforceTrainingConfig(false)
                .buildModel();
        ComputationGraphConfiguration configuration = kerasModel.getComputationGraphConfiguration();
        if (model.outputs().size() > 1) {
            // DL4J M2.1's output() with workspaces hands a null workspace manager to a vertex once two
            // requested outputs have been consumed before the last vertex (NPE); without them it is exact.
            configuration.setInferenceWorkspaceMode(WorkspaceMode.NONE);
        }
        freezeUntrainable(model, configuration);
        ComputationGraph graph = new ComputationGraph(configuration);
        graph.init();
        WeightCopier.copy(kerasModel.getLayers(), saved.weights().read(model), graph);
        Map<String, LayerCall> byVertex = new HashMap<>();
        model.layers().forEach(layer -> byVertex.put(layer.name(), layer));
        List<InputColumn> inputs = new ArrayList<>();
        for (ModelGraph.Endpoint input : model.inputs()) {
            Map<String, Object> config = byVertex.get(input.vertex()).config();
            inputs.add(new InputColumn(input.name(), input.vertex(),
                    ConfigValues.list(config.get("batch_shape"), "batch_shape of input '" + input.name() + "'"),
                    config.get("dtype") instanceof String ? (String) config.get("dtype") : null,
                    graph.params().dataType(), edge.transform(input.vertex())));
        }
        return new ImportedKerasModel(graph, inputs,
                model.outputs().stream().map(ModelGraph.Endpoint::name).toList(), sharedLayers(model));
    }

    /**
     * Keras does not update a layer saved with trainable=False; DL4J's FrozenLayerWithBackprop does not
     * either, and still passes gradients to the layers before it. Not BatchNormalization: DL4J M2.1's
     * BatchNormalization cannot backpropagate from its inference-mode forward pass, which the wrapper
     * runs (it fails on a stale workspace array), so a frozen one stays an ordinary, trainable layer.
     */
    private static void freezeUntrainable(ModelGraph model, ComputationGraphConfiguration configuration) {
        for (LayerCall layer : model.layers()) {
            if (Boolean.FALSE.equals(layer.config().get("trainable")) && !WeightNames.of(layer).isEmpty()
                    && !"BatchNormalization".equals(layer.className())
                    && configuration.getVertices().get(layer.name()) instanceof LayerVertex) {
                NeuralNetConfiguration conf = ((LayerVertex) configuration.getVertices().get(layer.name())).getLayerConf();
                conf.setLayer(new FrozenLayerWithBackprop(conf.getLayer()));
            }
        }
    }

    /** Vertices holding the same stored weights, by the first one's name: the calls of one shared layer. */
    private static Map<String, List<String>> sharedLayers(ModelGraph model) {
        Map<LayerCall.WeightLocation, List<String>> byWeights = new LinkedHashMap<>();
        for (LayerCall layer : model.layers()) {
            if (!WeightNames.of(layer).isEmpty()) {
                byWeights.computeIfAbsent(layer.weights(), location -> new ArrayList<>()).add(layer.name());
            }
        }
        Map<String, List<String>> shared = new LinkedHashMap<>();
        byWeights.values().stream().filter(vertices -> vertices.size() > 1)
                .forEach(vertices -> shared.put(vertices.get(0), List.copyOf(vertices)));
        return shared;
    }

    /** Keras 2 files have another layout, which DL4J's own importer reads. */
    private static void checkKeras3(Path file, FileFormat format, ModelFile saved)
            throws KerasImportException {
        int major = saved.kerasMajorVersion();
        if (major >= 0 && major < 3) {
            String advice = format == FileFormat.LEGACY_H5
                    ? "import it with DL4J's KerasModelImport.importKerasModelAndWeights(path), after "
                    + "KerasDotInteraction.register() if it uses DotInteraction"
                    : "DL4J reads Keras 2 models only as .h5: save it with model.save(\"model.h5\") and use DL4J's "
                    + "KerasModelImport, or save it with Keras 3";
            throw new KerasImportException(file, "it was saved by Keras " + saved.kerasVersion()
                    + ", and this importer reads Keras 3 files: " + advice);
        }
    }

    /** keras_rs's layers, and the feed-forward Embedding, scalar operations and two-tower layers the config translation asks for. */
    private static void registerLayers() {
        KerasDotInteraction.register();
        KerasFeatureCross.register();
        KerasLayer.registerCustomLayer(ConfigTranslator.SCALAR_EMBEDDING, Keras2DEmbedding.class);
        KerasLayer.registerCustomLayer(KerasScalarOperation.CLASS_NAME, KerasScalarOperation.class);
        TwoTowerTranslations.register();
    }
}
