package io.github.kerasrs4j.keras;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bytedeco.hdf5.PredType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Each way a file can be wrong gives a KerasImportException that names the file and the problem. */
class KerasRsModelImportErrorTest {

    private static final Path CRITEO = Keras3Fixture.file("dlrm_criteo_like", "keras");
    private static final Path TWO_TOWER = KerasCatalogue.file("two_tower_extras_tf", "keras");
    private static final Path LOOKUPS = KerasCatalogue.file("lookups_inside_tf", "keras");

    @TempDir
    Path dir;

    @Test
    void missingFile() {
        assertFails(dir.resolve("absent.keras"), "does not exist");
    }

    @Test
    void fileThatIsNeitherZipNorHdf5() throws Exception {
        assertFails(Files.writeString(dir.resolve("model.keras"), "{\"class_name\": \"Functional\"}"),
                "neither a .keras archive (zip) nor a Keras HDF5 file");
    }

    @Test
    void truncatedZip() throws Exception {
        Path truncated = BrokenKerasFiles.truncated(CRITEO, dir.resolve("truncated.keras"),
                (int) Files.size(CRITEO) / 2);
        assertFails(truncated, "not a readable zip");
    }

    @Test
    void corruptWeightsInZip() throws Exception {
        // The archive stores model.weights.h5 uncompressed: damage it past its HDF5 signature.
        byte[] hdf5Signature = {(byte) 0x89, 'H', 'D', 'F'};
        Path corrupt = BrokenKerasFiles.corruptedAfter(CRITEO, dir.resolve("corrupt.keras"), hdf5Signature, 4096, 64);
        assertFails(corrupt, "model.weights.h5 does not match its CRC");
    }

    @Test
    void truncatedH5() throws Exception {
        Path truncated = BrokenKerasFiles.truncated(Keras3Fixture.file("dlrm_criteo_like", "h5"),
                dir.resolve("truncated.h5"), 4096);
        assertFails(truncated, "truncated or corrupt");
    }

    @Test
    void zipWithTruncatedWeights() throws Exception {
        // Intact zip, CRC and HDF5 signature; the HDF5 content itself is cut short.
        Map<String, byte[]> entries = BrokenKerasFiles.entries(CRITEO);
        entries.put("model.weights.h5", Arrays.copyOf(entries.get("model.weights.h5"), 2048));
        assertFails(BrokenKerasFiles.zip(dir.resolve("short-weights.keras"), entries),
                "the HDF5 library cannot open model.weights.h5");
    }

    @Test
    void zipWithoutConfig() throws Exception {
        Map<String, byte[]> entries = BrokenKerasFiles.entries(CRITEO);
        entries.remove("config.json");
        assertFails(BrokenKerasFiles.zip(dir.resolve("no-config.keras"), entries), "has no config.json");
    }

    @Test
    void zipWhoseConfigUnpacksTooLarge() throws Exception {
        // A zip bomb's shape: a few hundred kilobytes that inflate past the importer's limit for JSON.
        Map<String, byte[]> entries = BrokenKerasFiles.entries(CRITEO);
        byte[] huge = new byte[ArchiveReader.MAX_JSON_BYTES + 1];
        Arrays.fill(huge, (byte) ' ');
        entries.put("config.json", huge);
        assertFails(BrokenKerasFiles.zip(dir.resolve("bomb.keras"), entries), "config.json", "unpacks to more than");
    }

    @Test
    void zipWithoutWeights() throws Exception {
        Map<String, byte[]> entries = BrokenKerasFiles.entries(CRITEO);
        entries.remove("model.weights.h5");
        assertFails(BrokenKerasFiles.zip(dir.resolve("no-weights.keras"), entries), "has no model.weights.h5");
    }

    @Test
    void h5WithoutModelConfig() throws Exception {
        // A .keras archive's weights file is an HDF5 file with weights and no model.
        Path weightsOnly = Files.write(dir.resolve("model.weights.h5"),
                BrokenKerasFiles.entries(CRITEO).get("model.weights.h5"));
        assertFails(weightsOnly, "no model_config attribute");
    }

    @Test
    void h5WithoutWeights() throws Exception {
        assertFails(criteoH5("config-only.h5", h5 -> { }), "no model_weights group");
    }

    @Test
    void h5WeightLargerThanTheFile() throws Exception {
        // Only the header says how big the weight is: the reader must refuse it before allocating that much.
        Path huge = criteoH5("huge.h5", h5 -> h5.group("model_weights").group("model_weights/bottom_0")
                .group("model_weights/bottom_0/bottom_0")
                .declaredDataset("model_weights/bottom_0/bottom_0/kernel", PredType.NATIVE_FLOAT(), 1 << 20, 1 << 20));
        assertFails(huge, "weight model_weights/bottom_0/bottom_0/kernel",
                "needs 4398046511104 bytes, more than the whole file");
    }

    @Test
    void h5WeightOfIntegers() throws Exception {
        Path integers = criteoH5("integers.h5", h5 -> h5.group("model_weights").group("model_weights/bottom_0")
                .group("model_weights/bottom_0/bottom_0")
                .declaredDataset("model_weights/bottom_0/bottom_0/kernel", PredType.NATIVE_INT(), 13, 64));
        assertFails(integers, "weight model_weights/bottom_0/bottom_0/kernel", "not IEEE floats");
    }

    @Test
    void h5WithCyclicGroups() throws Exception {
        Path cyclic = criteoH5("cyclic.h5", h5 -> h5.group("model_weights").group("model_weights/bottom_0")
                .hardLink("/model_weights/bottom_0", "/model_weights/bottom_0/again"));
        assertFails(cyclic, "group model_weights/bottom_0/again is reached twice");
    }

    @Test
    void h5LinksAreNotFollowed() throws Exception {
        // A link may name another file; the weights behind it do not count.
        Path linked = criteoH5("linked.h5", h5 -> h5.group("model_weights").group("model_weights/bottom_0")
                .group("model_weights/elsewhere")
                .dataset("model_weights/elsewhere/kernel", Nd4j.zeros(DataType.FLOAT, 13, 64))
                .dataset("model_weights/elsewhere/bias", Nd4j.zeros(DataType.FLOAT, 64))
                .softLink("/model_weights/elsewhere", "/model_weights/bottom_0/bottom_0"));
        assertFails(linked,
                "layer 'bottom_0' (Dense) should have weights [kernel, bias] but model_weights/bottom_0 holds []");
    }

    @Test
    void h5WhoseGroupIndexIsItsOwnChild() throws Exception {
        // The first version 1 B-tree node indexes the root group: "TREE", node type, level, entries used (2 bytes),
        // two sibling addresses, then keys and child addresses (8 bytes each in Keras's files). Raised to level 1,
        // its first child pointing back at itself, it nests without end.
        byte[] bytes = Files.readAllBytes(Keras3Fixture.file("dlrm_criteo_like", "h5"));
        int node = BrokenKerasFiles.indexOf(bytes, "TREE".getBytes(StandardCharsets.US_ASCII));
        bytes[node + 5] = 1;
        ByteBuffer.wrap(bytes, node + 32, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(node);
        assertFails(Files.write(dir.resolve("btree-cycle.h5"), bytes), "refer to one another without end");
    }

    /** A legacy .h5 with the Criteo model's config, as Keras 3 would write it, and what {@code content} adds. */
    private Path criteoH5(String name, Consumer<Hdf5TestFile> content) throws Exception {
        Path file = dir.resolve(name);
        try (Hdf5TestFile h5 = new Hdf5TestFile(file)) {
            h5.attribute("keras_version", "3.15.1")
                    .attribute("model_config", new String(BrokenKerasFiles.entries(CRITEO).get("config.json"),
                            StandardCharsets.UTF_8));
            content.accept(h5);
        }
        return file;
    }

    @Test
    void unsupportedLayerClass() throws Exception {
        Path edited = BrokenKerasFiles.withJsonEdited(CRITEO, dir.resolve("unsupported.keras"), "config.json",
                config -> BrokenKerasFiles.layer(config, "top_0").put("class_name", "EinsumDense"));
        assertFails(edited, "layer 'top_0' (EinsumDense)", "does not support");
    }

    @Test
    void embeddingOfAGridOfIds() throws Exception {
        String config = new ModelConfigBuilder()
                .input("ids", 6)
                .layer("Reshape", "grid", Map.of("target_shape", List.of(2, 3)), List.of(2, 3), "ids")
                .layer("Embedding", "emb", Map.of("input_dim", 7, "output_dim", 3), List.of(2, 3, 3), "grid")
                .functional(List.of("ids"), List.of("emb"));
        Map<String, byte[]> entries = BrokenKerasFiles.entries(CRITEO);
        entries.put("config.json", config.getBytes(StandardCharsets.UTF_8));
        assertFails(BrokenKerasFiles.zip(dir.resolve("grid.keras"), entries),
                "Embedding 'emb' (Embedding) is called on input of shape [null, 2, 3]", "a fixed number of ids");
    }

    @Test
    void inputOfRankTwo() throws Exception {
        Path edited = BrokenKerasFiles.withJsonEdited(CRITEO, dir.resolve("rank2.keras"), "config.json",
                config -> layerConfig(config, "dense_features").put("batch_shape", Arrays.asList(null, 13, 2)));
        assertFails(edited, "input 'dense_features' has batch_shape [null, 13, 2]", "shape () or (n,)");
    }

    @Test
    void maskGivenToALayerThatIsNotTranslatedWithOne() throws Exception {
        Path edited = BrokenKerasFiles.withJsonEdited(TWO_TOWER, dir.resolve("mask.keras"), "config.json",
                config -> BrokenKerasFiles.layer(config, "history_avg").put("class_name", "GlobalMaxPooling1D"));
        assertFails(edited, "layer 'history_avg' is called with a mask (from 'not_equal')", "[GlobalAveragePooling1D]");
    }

    @Test
    @SuppressWarnings("unchecked")
    void lookupThatDoesNotReadAModelInput() throws Exception {
        Path edited = BrokenKerasFiles.withJsonEdited(LOOKUPS, dir.resolve("lookup.keras"), "config.json", config -> {
            // the genre lookup now reads the user lookup's output
            Map<String, Object> tensor = firstArgument(BrokenKerasFiles.layer(config, "genre_lookup"));
            ((Map<String, Object>) tensor.get("config")).put("keras_history", List.of("user_lookup", 0, 0));
        });
        assertFails(edited, "StringLookup layer 'genre_lookup' (StringLookup) reads [user_lookup], not a model input");
    }

    @Test
    @SuppressWarnings("unchecked")
    void stringInputReadByALayerOtherThanALookup() throws Exception {
        Path edited = BrokenKerasFiles.withJsonEdited(LOOKUPS, dir.resolve("strings.keras"), "config.json", config -> {
            Map<String, Object> tensor = firstArgument(BrokenKerasFiles.layer(config, "emb_genre"));
            ((Map<String, Object>) tensor.get("config")).put("keras_history", List.of("genre", 0, 0));
        });
        assertFails(edited, "StringLookup layer 'genre_lookup' (StringLookup) reads [genre], a model input that other "
                + "layers read too");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> firstArgument(Map<String, Object> layer) {
        Map<String, Object> node = (Map<String, Object>) ((List<Object>) layer.get("inbound_nodes")).get(0);
        return (Map<String, Object>) ((List<Object>) node.get("args")).get(0);
    }

    @Test
    void customLayerWithBuiltInName() throws Exception {
        Path edited = BrokenKerasFiles.withJsonEdited(CRITEO, dir.resolve("custom.keras"), "config.json",
                config -> BrokenKerasFiles.layer(config, "top_0").put("registered_name", "my_package>Dense"));
        assertFails(edited, "layer 'top_0' (my_package>Dense)", "does not support");
    }

    @Test
    void weightShapeMismatch() throws Exception {
        Path edited = BrokenKerasFiles.withJsonEdited(CRITEO, dir.resolve("shape.keras"), "config.json",
                config -> layerConfig(config, "top_0").put("units", 31));
        assertFails(edited, "layer 'top_0' gets a weight of shape [52, 32]", "needs [52, 31]");
    }

    @Test
    void missingLayerWeights() throws Exception {
        Path edited = BrokenKerasFiles.withJsonEdited(CRITEO, dir.resolve("bias.keras"), "config.json",
                config -> layerConfig(config, "top_0").put("use_bias", false));
        assertFails(edited, "layer 'top_0' (Dense) should have 1 weights [kernel]", "has 2");
    }

    @Test
    void keras2ArchiveIsSentElsewhere() throws Exception {
        Path edited = BrokenKerasFiles.withJsonEdited(CRITEO, dir.resolve("keras2.keras"), "metadata.json",
                metadata -> metadata.put("keras_version", "2.15.0"));
        assertFails(edited, "saved by Keras 2.15.0", "KerasModelImport");
    }

    @Test
    void keras2H5IsSentToDl4jImport() throws Exception {
        String keras2Config = "{\"class_name\": \"Model\", \"config\": {\"layers\": [], \"input_layers\": [], "
                + "\"output_layers\": []}}";
        Path keras2 = dir.resolve("keras2.h5");
        try (Hdf5TestFile h5 = new Hdf5TestFile(keras2)) {
            h5.attribute("keras_version", "2.15.0").attribute("backend", "tensorflow")
                    .attribute("model_config", keras2Config).group("model_weights");
        }
        assertFails(keras2, "saved by Keras 2.15.0", "KerasModelImport.importKerasModelAndWeights",
                "KerasDotInteraction.register()");
    }

    @Test
    void subclassedModel() throws Exception {
        Path edited = BrokenKerasFiles.withJsonEdited(CRITEO, dir.resolve("subclassed.keras"), "config.json",
                config -> {
                    config.put("module", "__main__");
                    config.put("class_name", "MyRecommender");
                });
        assertFails(edited, "MyRecommender", "subclassed", "only Functional and Sequential");
    }

    @Test
    void unbuiltSequentialModel() throws Exception {
        String config = new ModelConfigBuilder()
                .layer("Dense", "hidden", Map.of("units", 4, "activation", "relu"), List.of(4))
                .sequential();
        Map<String, byte[]> entries = BrokenKerasFiles.entries(CRITEO);
        entries.put("config.json", config.getBytes(StandardCharsets.UTF_8));
        assertFails(BrokenKerasFiles.zip(dir.resolve("unbuilt.keras"), entries), "does not start with an InputLayer");
    }

    @Test
    void configThatIsNotJson() throws Exception {
        Map<String, byte[]> entries = BrokenKerasFiles.entries(CRITEO);
        entries.put("config.json", "{\"class_name\": \"Functional\", ".getBytes(StandardCharsets.UTF_8));
        assertFails(BrokenKerasFiles.zip(dir.resolve("bad-json.keras"), entries), "config.json is not valid JSON");
    }

    @Test
    @SuppressWarnings("unchecked")
    void configOfTheWrongShape() throws Exception {
        Path edited = BrokenKerasFiles.withJsonEdited(CRITEO, dir.resolve("shape-of-config.keras"), "config.json",
                config -> ((Map<String, Object>) config.get("config")).put("layers", "not a list"));
        assertFails(edited, "the model's layers should be a JSON list");
    }

    private static Map<String, Object> layerConfig(Map<String, Object> config, String layer) {
        @SuppressWarnings("unchecked")
        Map<String, Object> layerConfig = (Map<String, Object>) BrokenKerasFiles.layer(config, layer).get("config");
        return layerConfig;
    }

    private static void assertFails(Path file, String... messageParts) {
        KerasImportException e = assertThrows(KerasImportException.class,
                () -> KerasRsModelImport.importKerasModelAndWeights(file.toString()));
        String message = e.getMessage();
        assertTrue(message.contains(file.toString()), "message does not name the file: " + message);
        for (String part : List.of(messageParts)) {
            assertTrue(message.contains(part), "message lacks '" + part + "': " + message);
        }
    }
}
