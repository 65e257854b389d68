package io.github.kerasrs4j.spark;

import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Makes a fresh, initialised DLRM graph. Called on the driver only: the Spark run and the single-machine
 * baseline each get one built the same way, so their AUCs compare like with like.
 */
@FunctionalInterface
public interface DlrmModelFactory {

    ComputationGraph create();
}
