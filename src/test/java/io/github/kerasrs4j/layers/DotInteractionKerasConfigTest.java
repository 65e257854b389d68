package io.github.kerasrs4j.layers;

import io.github.kerasrs4j.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** fromKerasConfig / toKerasConfig against Keras's get_config keys. */
class DotInteractionKerasConfigTest {

    @ParameterizedTest(name = "self={0} skip={1}")
    @CsvSource({"false,false", "true,false", "false,true", "true,true"})
    void roundTripsKeras3Config(boolean self, boolean skip) {
        Map<String, Object> config = new DotInteraction(self, skip).toKerasConfig("interaction");
        assertEquals(List.of("name", "trainable", "dtype", "self_interaction", "skip_gather"), List.copyOf(config.keySet()));
        DotInteraction parsed = DotInteraction.fromKerasConfig(config);
        assertEquals(new DotInteraction(self, skip), parsed);
        assertEquals(config, parsed.toKerasConfig("interaction"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void readsTheConfigKerasWrote() {
        // The layer config exactly as Keras 3.15.1 saved it in the fixture's .keras archive.
        Map<String, Object> saved = Fixtures.json("keras3/dot_interaction_layer_config_si1_sg0.json");
        DotInteraction parsed = DotInteraction.fromKerasConfig(saved);
        assertEquals(new DotInteraction(true, false), parsed);
        assertEquals(saved, parsed.toKerasConfig((String) saved.get("name")));
    }

    @Test
    void acceptsBothDtypeForms() {
        Map<String, Object> config = new DotInteraction().toKerasConfig("x");
        config.put("dtype", "float64");
        assertEquals(new DotInteraction(), DotInteraction.fromKerasConfig(config));
        assertEquals(DataType.DOUBLE, KerasDtype.toDataType("float64"));
        assertEquals(DataType.HALF, KerasDtype.toDataType(KerasDtype.policy(DataType.HALF)));
        assertEquals(DataType.HALF, KerasDtype.toDataType("mixed_float16"));
    }

    @Test
    void missingFlagsTakeKerasDefaults() {
        assertEquals(new DotInteraction(false, false), DotInteraction.fromKerasConfig(Map.of("name", "x")));
    }

    @Test
    void unknownKeyIsNamed() {
        Map<String, Object> config = new LinkedHashMap<>(new DotInteraction().toKerasConfig("x"));
        config.put("units", 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DotInteraction.fromKerasConfig(config));
        assertTrue(e.getMessage().contains("'units'"), e.getMessage());
    }

    @Test
    void wrongTypesAreNamed() {
        Map<String, Object> config = new HashMap<>(new DotInteraction().toKerasConfig("x"));
        config.put("self_interaction", "yes");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DotInteraction.fromKerasConfig(config));
        assertTrue(e.getMessage().contains("'self_interaction' must be a boolean"), e.getMessage());

        config.put("self_interaction", true);
        config.put("dtype", "int32");
        e = assertThrows(IllegalArgumentException.class, () -> DotInteraction.fromKerasConfig(config));
        assertTrue(e.getMessage().contains("'int32' is not supported"), e.getMessage());

        config.put("dtype", Map.of("class_name", "DTypePolicy"));
        e = assertThrows(IllegalArgumentException.class, () -> DotInteraction.fromKerasConfig(config));
        assertTrue(e.getMessage().contains("no config.name"), e.getMessage());
    }
}
