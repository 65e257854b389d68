package io.github.kerasrs4j.layers;

import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;

/**
 * What the vertex and the layer share about features given stacked in one recurrent input: the
 * number of features its InputType gives, and the memory report of DotInteraction over them.
 */
final class StackedInputType {

    private StackedInputType() {
    }

    /**
     * F, the time series length of {@code stacked}.
     *
     * @param stackedInputFormat the layout the config expects; null accepts the InputType's
     * @param owner              how errors name the vertex or layer
     * @throws InvalidInputTypeException when the layouts differ or F is unknown
     */
    static int numFeatures(InputType.InputTypeRecurrent stacked, RNNFormat stackedInputFormat, String owner) {
        if (stackedInputFormat != null && stackedInputFormat != stacked.getFormat()) {
            throw new InvalidInputTypeException(owner + " takes its stacked input in " + stackedInputFormat
                    + " but its input is " + stacked + ": configure it with stackedInputFormat(RNNFormat."
                    + stacked.getFormat() + ")");
        }
        if (stacked.getTimeSeriesLength() <= 0) {
            throw new InvalidInputTypeException(owner + ": its stacked input " + stacked + " has no known number of "
                    + "features (time series length): set it, e.g. EmbeddingSequenceLayer.inputLength(F)");
        }
        return (int) stacked.getTimeSeriesLength();
    }

    /** No parameters; the working memory of Z and its gradient, F x F per sample each. */
    static LayerMemoryReport memoryReport(String name, Class<?> layerClass, InputType input, InputType output,
            long numFeatures) {
        return new LayerMemoryReport.Builder(name, layerClass, input, output)
                .standardMemory(0, 0)
                .workingMemory(0, numFeatures * numFeatures, 0, numFeatures * numFeatures)
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }
}
