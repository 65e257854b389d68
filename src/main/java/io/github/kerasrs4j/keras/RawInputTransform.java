package io.github.kerasrs4j.keras;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A Keras preprocessing layer that reads one of a model's inputs and runs in Java before the
 * graph: it turns the raw column a user gives for that input into the array the graph takes.
 */
interface RawInputTransform {

    /**
     * @param raw       the raw column (ids or strings), or for a layer that {@link #readsNumbers()}, its numbers as an INDArray
     * @param inputName the Keras input it was given for, for errors
     * @throws IllegalArgumentException naming the input when the column is of the wrong type or shape
     */
    INDArray apply(Object raw, String inputName);

    /**
     * Whether it reads numbers, given as the array an input without preprocessing would take (an
     * INDArray of shape (batch,) or (batch, n)), rather than the raw column itself (ids or strings).
     */
    boolean readsNumbers();
}
