package io.github.kerasrs4j.samples.samediff;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SameDiff script learns the interaction-only labels: loss falls, accuracy is well above chance. */
class SameDiffInteractionScriptTest {

    @Test
    void learnsInteractionLabels() {
        SameDiffInteractionScript.Result result = SameDiffInteractionScript.run(4, 42);
        assertTrue(result.lastEpochLoss() < result.firstEpochLoss(), result.toString());
        assertTrue(result.heldOutAccuracy() > 0.6, result.toString());
    }
}
