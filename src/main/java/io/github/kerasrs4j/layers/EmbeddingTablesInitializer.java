package io.github.kerasrs4j.layers;

import io.github.kerasrs4j.runtime.HostRows;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameter of an {@link EmbeddingCollection}: one array "W" [total rows, D] holding every table,
 * table after table. Each table is initialised with the layer's weight init as an EmbeddingLayer of
 * its vocabulary would be (fan-in the vocabulary, fan-out D).
 */
public final class EmbeddingTablesInitializer implements ParamInitializer {

    public static final EmbeddingTablesInitializer INSTANCE = new EmbeddingTablesInitializer();

    private EmbeddingTablesInitializer() {
    }

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        EmbeddingCollection config = (EmbeddingCollection) layer;
        return config.totalRows() * config.getEmbeddingDim();
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return List.of(EmbeddingCollection.TABLES_KEY);
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        return paramKeys(layer);
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return List.of();
    }

    @Override
    public boolean isWeightParam(Layer layer, String key) {
        return EmbeddingCollection.TABLES_KEY.equals(key);
    }

    @Override
    public boolean isBiasParam(Layer layer, String key) {
        return false;
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
        EmbeddingCollection config = (EmbeddingCollection) conf.getLayer();
        INDArray tables = asTables(config, paramsView);
        if (initializeParams) {
            HostRows tableRows = new HostRows(tables, 0, config.totalRows(), config.getEmbeddingDim());
            for (int t = 0; t < config.numTables(); t++) {
                long offset = config.tableOffset(t);
                long rows = config.getTableSizes()[t];
                // Drawn into a fresh array and copied row by row: ND4J ops on row-range views of the
                // flattened parameters failed here (null data buffers) for some offsets.
                INDArray drawn = Nd4j.createUninitialized(tables.dataType(), rows, config.getEmbeddingDim());
                config.getWeightInitFn().init(rows, config.getEmbeddingDim(),
                        new long[]{rows, config.getEmbeddingDim()}, 'c', drawn);
                HostRows drawnRows = new HostRows(drawn, 0, rows, config.getEmbeddingDim());
                for (long r = 0; r < rows; r++) {
                    drawnRows.copyRow(r, tableRows, offset + r);
                }
            }
        }
        return single(tables);
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        return single(asTables((EmbeddingCollection) conf.getLayer(), gradientView));
    }

    /** A mutable table, as DL4J's own initializers return. */
    private static Map<String, INDArray> single(INDArray tables) {
        Map<String, INDArray> map = new LinkedHashMap<>();
        map.put(EmbeddingCollection.TABLES_KEY, tables);
        return map;
    }

    private static INDArray asTables(EmbeddingCollection config, INDArray flat) {
        return flat.reshape('c', config.totalRows(), config.getEmbeddingDim());
    }
}
