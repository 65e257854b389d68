package io.github.kerasrs4j.runtime;

import org.junit.jupiter.params.provider.Arguments;
import org.nd4j.linalg.activations.Activation;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Every combination of FeatureCross's arguments the runtime tests cover. */
final class FeatureCrossArguments {

    private FeatureCrossArguments() {
    }

    /**
     * (projectionDim: null or {@code rank}, diagScale: 0 or {@code diagScale}, useBias, each of
     * {@code activations}, number of inputs: 1 or 2).
     */
    static Stream<Arguments> combinations(int rank, double diagScale, Activation... activations) {
        List<Arguments> combinations = new ArrayList<>();
        for (Integer projection : new Integer[]{null, rank}) {
            for (double diag : new double[]{0, diagScale}) {
                for (boolean bias : new boolean[]{true, false}) {
                    for (Activation activation : activations) {
                        for (int inputs = 1; inputs <= 2; inputs++) {
                            combinations.add(Arguments.of(projection, diag, bias, activation, inputs));
                        }
                    }
                }
            }
        }
        return combinations.stream();
    }
}
