package io.github.kerasrs4j.layers;

import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;

/**
 * A vertex config without parameters whose runtime keeps no state between calls: what DL4J asks of
 * every such config beyond its own computation (no parameters, no memory of its own).
 */
public abstract class ParameterlessVertex extends GraphVertex {

    @Override
    public long numParams(boolean backprop) {
        return 0;
    }

    @Override
    public MemoryReport getMemoryReport(InputType... inputTypes) {
        return new LayerMemoryReport.Builder(null, getClass(), inputTypes[0], getOutputType(-1, inputTypes))
                .standardMemory(0, 0).workingMemory(0, 0, 0, 0).cacheMemory(0, 0).build();
    }
}
