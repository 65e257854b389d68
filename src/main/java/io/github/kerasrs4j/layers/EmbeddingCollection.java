package io.github.kerasrs4j.layers;

import io.github.kerasrs4j.runtime.LazyTableUpdater;
import io.github.kerasrs4j.runtime.TouchedRows;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.regularization.Regularization;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Many categorical features looked up in one layer, as keras_rs's {@code DistributedEmbedding} does:
 * each feature reads one embedding table, a table may serve several features, and every table has its
 * own vocabulary size and the common embedding size D.
 *
 * <p>Input: the ids [batch, F] in one array ({@code InputType.feedForward(F)}), whole numbers, column f
 * holding feature f's ids in [0, its table's vocabulary). Output, by {@link Output}: the embeddings
 * stacked as [batch, F, D] ({@code InputType.recurrent(D, F, NWC)}, which {@link DotInteraction} takes as
 * its single stacked input), or concatenated as [batch, F*D] for a MergeVertex or a dense layer; the two
 * are one memory layout. An id outside its table fails with an error naming the layer, feature, example
 * and id.
 *
 * <pre>{@code
 * new EmbeddingCollection.Builder().embeddingDim(16)
 *         .feature("user", 100_000).feature("item", 50_000)            // a table each
 *         .table("words", 30_000).feature("title", "words").feature("query", "words")   // one shared table
 *         .build();
 * }</pre>
 *
 * <h2>Row-sparse training</h2>
 * A step reads and writes only the table rows its batch looks up, so its cost grows with batch x F x D,
 * not with the vocabulary. The tables are one DL4J parameter "W" [total rows, D], table after table, so
 * they live in the network's flattened parameters: ModelSerializer, {@code clone()}, parameter averaging
 * and Keras-style weight copying see them like any layer's weights. The layer's updater (DL4J's
 * {@code updater(...)}, by default the network's) is applied lazily, as TensorFlow's LazyAdam and
 * PyTorch's SparseAdam do: only rows looked up in the batch change, and only their optimizer state
 * (Adam's moments, AdaGrad's sums) moves. Sgd, AdaGrad and Adam are supported, each with DL4J's own
 * update rule, learning-rate schedule and bias correction at the global iteration; when every row is
 * looked up in every step the result equals DL4J's dense update. Ids repeated in a batch add their
 * gradients, as in TensorFlow and DL4J.
 *
 * <p>How DL4J is kept off the full table (DL4J 1.0.0-M2.1): the backward pass writes only the rows it
 * looked up into the layer's gradient view, after clearing those of the step before (DL4J itself never
 * clears gradient views); the layer asks DL4J not to divide its gradient by the minibatch (that would be
 * a pass over the table) and does it itself; and {@link #getUpdaterByParam} hands DL4J a
 * {@link LazyTableUpdater}, an updater whose state is DL4J's ordinary updater state (so ModelSerializer
 * saves and restores it with {@code saveUpdater}) and which turns only the looked-up rows' gradients
 * into updates. L1/L2/weight decay and gradient normalization, which are dense passes, are refused for
 * this layer with a clear error. What remains per step over the whole table is DL4J's own
 * {@code params -= update} (StochasticGradientDescent subtracts all the network's flattened updates from
 * all its parameters): a single streaming pass, but gigabytes per step with large tables.
 * {@link RowSparseStep#attach(org.deeplearning4j.nn.graph.ComputationGraph)} takes that pass off the tables'
 * untouched rows too, so that a step's cost no longer grows with the vocabulary:
 * <pre>{@code
 * graph.init();
 * RowSparseStep.attach(graph);   // not saved with the model: again after a restore or clone()
 * }</pre>
 */
public class EmbeddingCollection extends BaseLayer {

    /** The name of the one parameter: every table's rows, table after table, [total rows, D]. */
    public static final String TABLES_KEY = DefaultParamInitializer.WEIGHT_KEY;

    /** The output's shape. */
    public enum Output {
        /** [batch, F, D], {@code InputType.recurrent(D, F, RNNFormat.NWC)}. */
        STACKED,
        /** [batch, F*D], {@code InputType.feedForward(F*D)}: feature f's embedding in columns f*D to f*D+D-1. */
        CONCATENATED
    }

    private String[] featureNames;
    /** For each feature, the index of the table it reads. */
    private int[] featureTables;
    private String[] tableNames;
    private long[] tableSizes;
    private int embeddingDim;
    private Output output = Output.STACKED;
    /** Shared by this layer's runtime and its updater within one network; never serialized. */
    private transient TouchedRows touchedRows;

    /** For JSON and Java deserialization. */
    public EmbeddingCollection() {
    }

    private EmbeddingCollection(Builder builder) {
        super(builder);
        featureNames = builder.featureNames.toArray(new String[0]);
        tableNames = builder.tables.keySet().toArray(new String[0]);
        tableSizes = builder.tables.values().stream().mapToLong(Long::longValue).toArray();
        List<String> tables = Arrays.asList(tableNames);
        featureTables = builder.featureTableNames.stream().mapToInt(tables::indexOf).toArray();
        embeddingDim = builder.embeddingDim;
        output = builder.output;
    }

    // ---------------------------------------------------------------- the layout

    public int numFeatures() {
        return featureNames.length;
    }

    public int numTables() {
        return tableNames.length;
    }

    /** The first row of table {@code table} in the parameter {@link #TABLES_KEY}. */
    public long tableOffset(int table) {
        long offset = 0;
        for (int t = 0; t < table; t++) {
            offset += tableSizes[t];
        }
        return offset;
    }

    /** Rows of all tables together. */
    public long totalRows() {
        return tableOffset(tableSizes.length);
    }

    /** The table feature {@code feature} reads. */
    public int featureTable(int feature) {
        return featureTables[feature];
    }

    /** Shared with the runtime and updater of the network this config instance belongs to. */
    public synchronized TouchedRows touchedRows() {
        if (touchedRows == null) {
            touchedRows = new TouchedRows();
        }
        return touchedRows;
    }

    // ---------------------------------------------------------------- DL4J Layer

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
            Collection<TrainingListener> trainingListeners, int layerIndex, INDArray layerParamsView,
            boolean initializeParams, DataType networkDataType) {
        checkTrainingConfiguration();
        return LayerWiring.wire(new EmbeddingCollectionLayer(conf, networkDataType), conf, trainingListeners,
                layerIndex, layerParamsView, initializer().init(conf, layerParamsView, initializeParams));
    }

    /** Refuses what would make DL4J pass over the whole table every step, or what this layer cannot honour. */
    private void checkTrainingConfiguration() {
        String where = "EmbeddingCollection '" + getLayerName() + "'";
        if (regularization != null && !regularization.isEmpty()) {
            throw new IllegalStateException(where + " has regularization " + regularization + ": L1/L2/weight "
                    + "decay would touch every table row each step, and the tables are trained row-sparse; "
                    + "set regularization on the other layers only");
        }
        if (gradientNormalization != null && gradientNormalization != GradientNormalization.None) {
            throw new IllegalStateException(where + " has gradient normalization " + gradientNormalization
                    + ": not supported for row-sparse tables; set it on the other layers only");
        }
        if (iDropout != null || weightNoise != null) {
            throw new IllegalStateException(where + " has dropout or weight noise, which it does not support");
        }
        LazyTableUpdater.checkSupported(iUpdater, where);
    }

    @Override
    public ParamInitializer initializer() {
        return EmbeddingTablesInitializer.INSTANCE;
    }

    @Override
    public IUpdater getUpdaterByParam(String paramName) {
        return new LazyTableUpdater(iUpdater, touchedRows());
    }

    @Override
    public List<Regularization> getRegularizationByParam(String paramName) {
        return List.of();
    }

    @Override
    public boolean isPretrainParam(String paramName) {
        return false;
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        checkInputType(inputType);
        return output == Output.STACKED
                ? InputType.recurrent(embeddingDim, featureNames.length, RNNFormat.NWC)
                : InputType.feedForward((long) featureNames.length * embeddingDim);
    }

    private void checkInputType(InputType inputType) {
        if (inputType == null || inputType.getType() != InputType.Type.FF
                || ((InputType.InputTypeFeedForward) inputType).getSize() != featureNames.length) {
            throw new IllegalArgumentException("EmbeddingCollection '" + getLayerName() + "' takes the ids of its "
                    + featureNames.length + " features as InputType.feedForward(" + featureNames.length + "), got "
                    + inputType);
        }
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        checkInputType(inputType);
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        long outputSize = (long) featureNames.length * embeddingDim;
        return new LayerMemoryReport.Builder(getLayerName(), EmbeddingCollection.class, inputType,
                getOutputType(-1, inputType))
                .standardMemory(totalRows() * embeddingDim, iUpdater == null ? 0
                        : iUpdater.stateSize(totalRows() * embeddingDim))
                .workingMemory(0, 0, MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    // ---------------------------------------------------------------- bean properties (JSON)

    public String[] getFeatureNames() {
        return featureNames.clone();
    }

    public void setFeatureNames(String[] featureNames) {
        this.featureNames = featureNames.clone();
    }

    public int[] getFeatureTables() {
        return featureTables.clone();
    }

    public void setFeatureTables(int[] featureTables) {
        this.featureTables = featureTables.clone();
    }

    public String[] getTableNames() {
        return tableNames.clone();
    }

    public void setTableNames(String[] tableNames) {
        this.tableNames = tableNames.clone();
    }

    public long[] getTableSizes() {
        return tableSizes.clone();
    }

    public void setTableSizes(long[] tableSizes) {
        this.tableSizes = tableSizes.clone();
    }

    public int getEmbeddingDim() {
        return embeddingDim;
    }

    public void setEmbeddingDim(int embeddingDim) {
        this.embeddingDim = embeddingDim;
    }

    public Output getOutput() {
        return output;
    }

    public void setOutput(Output output) {
        this.output = output;
    }

    @Override
    public EmbeddingCollection clone() {
        EmbeddingCollection copy = (EmbeddingCollection) super.clone();
        copy.featureNames = featureNames.clone();
        copy.featureTables = featureTables.clone();
        copy.tableNames = tableNames.clone();
        copy.tableSizes = tableSizes.clone();
        copy.touchedRows = null;   // a copy belongs to another network
        return copy;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof EmbeddingCollection) || !super.equals(o)) {
            return false;
        }
        EmbeddingCollection other = (EmbeddingCollection) o;
        return embeddingDim == other.embeddingDim && output == other.output
                && Arrays.equals(featureNames, other.featureNames) && Arrays.equals(featureTables, other.featureTables)
                && Arrays.equals(tableNames, other.tableNames) && Arrays.equals(tableSizes, other.tableSizes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), Arrays.hashCode(featureNames), Arrays.hashCode(featureTables),
                Arrays.hashCode(tableNames), Arrays.hashCode(tableSizes), embeddingDim, output);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("EmbeddingCollection(name=" + getLayerName() + ", dim=" + embeddingDim
                + ", output=" + output + ", features=[");
        for (int f = 0; f < featureNames.length; f++) {
            int t = featureTables[f];
            s.append(f == 0 ? "" : ", ").append(featureNames[f]).append("->").append(tableNames[t])
                    .append('(').append(tableSizes[t]).append(')');
        }
        return s.append("])").toString();
    }

    /** Builds an {@link EmbeddingCollection}; the updater and weight init default to the network's. */
    public static class Builder extends BaseLayer.Builder<Builder> {
        private final Map<String, Long> tables = new LinkedHashMap<>();
        private final List<String> featureNames = new ArrayList<>();
        private final List<String> featureTableNames = new ArrayList<>();
        private int embeddingDim;
        private Output output = Output.STACKED;

        /** Declares a table that features can share. */
        public Builder table(String name, long vocabularySize) {
            if (vocabularySize < 1) {
                throw new IllegalArgumentException("EmbeddingCollection table '" + name + "' needs at least one row, got "
                        + vocabularySize);
            }
            if (tables.putIfAbsent(Objects.requireNonNull(name, "table name"), vocabularySize) != null) {
                throw new IllegalArgumentException("EmbeddingCollection table '" + name + "' is declared twice");
            }
            return this;
        }

        /** Adds a feature (the next input column) reading the table declared as {@code table}. */
        public Builder feature(String name, String table) {
            if (featureNames.contains(Objects.requireNonNull(name, "feature name"))) {
                throw new IllegalArgumentException("EmbeddingCollection feature '" + name + "' is added twice");
            }
            featureNames.add(name);
            featureTableNames.add(table);
            return this;
        }

        /** Adds a feature (the next input column) with a table of its own, named after it. */
        public Builder feature(String name, long vocabularySize) {
            table(name, vocabularySize);
            return feature(name, name);
        }

        /** D, the size of every embedding. */
        public Builder embeddingDim(int embeddingDim) {
            this.embeddingDim = embeddingDim;
            return this;
        }

        /** The output's shape; {@link Output#STACKED} by default. */
        public Builder output(Output output) {
            this.output = Objects.requireNonNull(output, "output");
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public EmbeddingCollection build() {
            if (featureNames.isEmpty()) {
                throw new IllegalArgumentException("EmbeddingCollection needs at least one feature");
            }
            if (embeddingDim < 1) {
                throw new IllegalArgumentException("EmbeddingCollection needs embeddingDim >= 1, got " + embeddingDim);
            }
            for (int f = 0; f < featureNames.size(); f++) {
                if (!tables.containsKey(featureTableNames.get(f))) {
                    throw new IllegalArgumentException("EmbeddingCollection feature '" + featureNames.get(f)
                            + "' reads table '" + featureTableNames.get(f) + "', which is not declared; tables: "
                            + tables.keySet());
                }
            }
            for (String table : tables.keySet()) {
                if (!featureTableNames.contains(table)) {
                    throw new IllegalArgumentException("EmbeddingCollection table '" + table + "' is read by no feature");
                }
            }
            return new EmbeddingCollection(this);
        }
    }
}
