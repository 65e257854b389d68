package io.github.kerasrs4j.spark;

import java.io.Serializable;
import java.util.List;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Turns lines of a Criteo-format TSV file into one minibatch whose features are in the order of the
 * model's inputs. Spark ships it to the executors, so it must be serializable and hold only plain state.
 */
@FunctionalInterface
public interface CriteoBatchEncoder extends Serializable {

    MultiDataSet encode(List<String> lines);
}
