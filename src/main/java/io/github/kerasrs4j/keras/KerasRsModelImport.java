package io.github.kerasrs4j.keras;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
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

/**
 * Imports a Keras 3 model, with keras_rs's DotInteraction and FeatureCross, as a DL4J {@link ComputationGraph}.
 *
 * <pre>{@code
 * ComputationGraph graph = KerasRsModelImport.importKerasModelAndWeights("dlrm.keras");
 * INDArray[] outputs = graph.output(denseFeatures, cat0, cat1);   // Keras input order; ids as [batch, 1]
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
     * <p>The graph's inputs are the Keras model's inputs in Keras order; an input of shape () (an id
     * fed to an Embedding) takes a column [batch, 1]. {@code graph.output(...)} gives the Keras
     * outputs in Keras order.
     *
     * @param path the .keras or .h5 file
     * @return the initialized graph, holding the file's weights
     * @throws KerasImportException naming the file and the problem when it cannot be imported
     */
    public static ComputationGraph importKerasModelAndWeights(String path) throws KerasImportException {
        Path file = Path.of(path);
        KerasFileFormat format = KerasFileFormat.of(file);
        registerLayers();
        try (Keras3SavedModel saved = format == KerasFileFormat.KERAS_ARCHIVE
                ? KerasArchiveReader.read(file) : LegacyH5Reader.read(file)) {
            checkKeras3(file, format, saved);
            return build(saved);
        } catch (KerasImportException e) {
            throw e;
        } catch (IOException | IllegalArgumentException | InvalidKerasConfigurationException
                | UnsupportedKerasConfigurationException e) {
            throw new KerasImportException(file, e.getMessage(), e);
        } catch (RuntimeException e) {
            // DL4J's mappers fail with runtime exceptions of their own on configs they cannot build.
            throw new KerasImportException(file, "DL4J cannot build the model: " + e, e);
        }
    }

    private static ComputationGraph build(Keras3SavedModel saved)
            throws IOException, InvalidKerasConfigurationException, UnsupportedKerasConfigurationException {
        Keras3ModelConfig model = Keras3ModelConfig.parse(saved.modelConfig());
        KerasModel kerasModel = new KerasModelBuilder(new KerasModelConfiguration())
                .modelJson(new ObjectMapper().writeValueAsString(Keras2ConfigTranslator.toKeras2(model)))
                .enforceTrainingConfig(false)
                .buildModel();
        ComputationGraphConfiguration configuration = kerasModel.getComputationGraphConfiguration();
        if (model.outputs().size() > 1) {
            // DL4J M2.1's output() with workspaces hands a null workspace manager to a vertex once two
            // requested outputs have been consumed before the last vertex (NPE); without them it is exact.
            configuration.setInferenceWorkspaceMode(WorkspaceMode.NONE);
        }
        ComputationGraph graph = new ComputationGraph(configuration);
        graph.init();
        KerasWeightCopier.copy(kerasModel.getLayers(), saved.weights().read(model), graph);
        return graph;
    }

    /** Keras 2 files have another layout, which DL4J's own importer reads. */
    private static void checkKeras3(Path file, KerasFileFormat format, Keras3SavedModel saved)
            throws KerasImportException {
        int major = saved.kerasMajorVersion();
        if (major >= 0 && major < 3) {
            String advice = format == KerasFileFormat.LEGACY_H5
                    ? "import it with DL4J's KerasModelImport.importKerasModelAndWeights(path), after "
                    + "KerasDotInteraction.register() if it uses DotInteraction"
                    : "DL4J reads Keras 2 models only as .h5: save it with model.save(\"model.h5\") and use DL4J's "
                    + "KerasModelImport, or save it with Keras 3";
            throw new KerasImportException(file, "it was saved by Keras " + saved.kerasVersion()
                    + ", and this importer reads Keras 3 files: " + advice);
        }
    }

    /** keras_rs's layers, and the feed-forward Embedding the config translation asks for. */
    private static void registerLayers() {
        KerasDotInteraction.register();
        KerasFeatureCross.register();
        KerasLayer.registerCustomLayer(Keras2ConfigTranslator.SCALAR_EMBEDDING, Keras2DEmbedding.class);
    }
}
