package io.github.kerasrs4j.layers;

import io.github.kerasrs4j.runtime.HostRows;
import io.github.kerasrs4j.runtime.TouchedRows;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.api.OptimizationAlgorithm;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.StepFunction;
import org.deeplearning4j.optimize.solvers.accumulation.GradientsAccumulator;
import org.deeplearning4j.optimize.solvers.accumulation.IndexedTail;
import org.deeplearning4j.optimize.stepfunctions.NegativeGradientStepFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Makes the parameter step of a network's training, {@code params -= update}, row-sparse over its
 * {@link EmbeddingCollection} tables: each step changes the tables' looked-up rows only, so its cost
 * no longer grows with the vocabulary.
 *
 * <pre>{@code
 * ComputationGraph graph = new ComputationGraph(conf);
 * graph.init();
 * RowSparseStep.attach(graph);   // again after every ModelSerializer restore or clone()
 * graph.fit(trainData);
 * }</pre>
 *
 * <p>Why it is needed: an EmbeddingCollection computes gradients and (lazy) updates for the looked-up
 * rows only, but DL4J's {@code StochasticGradientDescent} then subtracts the whole flattened update
 * vector from the whole flattened parameter vector, every table row included (the untouched rows'
 * updates are zeros): a pass over gigabytes per step with large tables. DL4J lets a network hand
 * that subtraction to a {@link GradientsAccumulator} ({@code setGradientsAccumulator}, the hook its
 * distributed training uses); this one subtracts the update from the parameters outside the tables
 * (merged into as few contiguous ranges as the layout allows) and from the rows each table's
 * backward pass looked up (in one pass over the whole table instead when a step looked up a quarter
 * of its rows or more, which is cheaper then). The result is the same, bit for bit: the rows it
 * skips would have had zero subtracted.
 *
 * <p>What it does and does not do:
 * <ul>
 * <li>It works with {@code fit} of a {@link ComputationGraph} or {@link MultiLayerNetwork} optimized
 * by DL4J's default {@code STOCHASTIC_GRADIENT_DESCENT} with its default step function; {@code attach}
 * refuses other algorithms and step functions, and networks without an EmbeddingCollection (their
 * step has nothing to skip), with an error saying why.</li>
 * <li>It is not saved: ModelSerializer, {@code clone()} and Spark's parameter averaging make
 * networks without it, which train correctly with DL4J's dense step. Call {@code attach} on the
 * restored or cloned network to make it row-sparse again; either way it trains to the numbers it
 * would have reached without RowSparseStep (note that DL4J's {@code clone()} of a ComputationGraph
 * starts its iteration count, and so Adam's bias correction, again).</li>
 * <li>It replaces any accumulator set before, and is replaced by one set after (ParallelWrapper's and
 * Spark's shared training set their own); a network has at most one.</li>
 * <li>Called by DL4J with another step function than the default, or with a step size
 * ({@link #applyUpdate(StepFunction, INDArray, INDArray, double)}), it applies that function densely,
 * as DL4J would have. It holds no updates between calls: {@link #hasAnything()} is always false and
 * the calls of DL4J's distributed training that exchange updates are refused.</li>
 * </ul>
 * Like the network, it is not thread-safe.
 */
public final class RowSparseStep implements GradientsAccumulator {

    private static final long serialVersionUID = 1L;
    /**
     * A table of which a step looked up at least one row in this many is stepped in one native pass over all its
     * rows: row by row, the step costs about five times as much per row as the pass.
     */
    private static final int DENSE_ABOVE_ONE_IN = 4;

    private final transient Model model;
    private final transient List<TableLayout> tables;

    /** The arrays the cached views below were made for, by the address of their element 0. */
    private transient long paramsAddress;
    private transient long updatesAddress;
    private transient INDArray[] denseParams;
    private transient INDArray[] denseUpdates;
    private transient INDArray[] tableParamViews;
    private transient INDArray[] tableUpdateViews;
    private transient HostRows[] tableParams;
    private transient HostRows[] tableUpdates;

    /** Where one EmbeddingCollection's tables lie in the flattened parameters and gradients. */
    private record TableLayout(EmbeddingCollectionLayer layer, long offset, long rows, int width, TouchedRows touched) {
    }

    private RowSparseStep(Model model, List<TableLayout> tables) {
        this.model = model;
        this.tables = tables;
    }

    /**
     * Makes {@code graph}'s training step row-sparse over its EmbeddingCollection tables (initializing the
     * graph if it is not yet).
     *
     * @throws IllegalArgumentException if the graph has no EmbeddingCollection layer
     * @throws IllegalStateException    if the graph is not trained by stochastic gradient descent with the
     *                                  default step function
     */
    public static RowSparseStep attach(ComputationGraph graph) {
        graph.init();   // does nothing when already initialized
        RowSparseStep step = forModel(graph, graph.getLayers(), graph.conf(), "ComputationGraph");
        graph.setGradientsAccumulator(step);
        return step;
    }

    /** As {@link #attach(ComputationGraph)}, for a MultiLayerNetwork. */
    public static RowSparseStep attach(MultiLayerNetwork network) {
        network.init();
        RowSparseStep step = forModel(network, network.getLayers(), network.conf(), "MultiLayerNetwork");
        network.setGradientsAccumulator(step);
        return step;
    }

    private static RowSparseStep forModel(Model model, Layer[] layers, NeuralNetConfiguration conf, String kind) {
        if (conf.getOptimizationAlgo() != OptimizationAlgorithm.STOCHASTIC_GRADIENT_DESCENT) {
            throw new IllegalStateException("RowSparseStep works with STOCHASTIC_GRADIENT_DESCENT only; this "
                    + kind + " is optimized by " + conf.getOptimizationAlgo() + ", which ignores a step accumulator");
        }
        if (conf.getStepFunction() != null && !(conf.getStepFunction()
                instanceof org.deeplearning4j.nn.conf.stepfunctions.NegativeGradientStepFunction)) {
            throw new IllegalStateException("RowSparseStep applies DL4J's default step, params -= update; this "
                    + kind + " is configured with step function " + conf.getStepFunction());
        }
        INDArray params = model.params();
        long paramsStart = HostRows.firstElementAddress(params);
        int elementBytes = params.dataType().width();
        List<TableLayout> tables = new ArrayList<>();
        for (Layer layer : layers) {
            if (layer instanceof EmbeddingCollectionLayer collection) {
                EmbeddingCollection config = collection.layerConf();
                INDArray view = collection.getParam(EmbeddingCollection.TABLES_KEY);
                long byteOffset = HostRows.firstElementAddress(view) - paramsStart;
                long offset = byteOffset / elementBytes;
                if (byteOffset % elementBytes != 0 || offset < 0 || offset + view.length() > params.length()) {
                    throw new IllegalStateException("RowSparseStep: the tables of EmbeddingCollection '"
                            + config.getLayerName() + "' are not a view of the " + kind + "'s flattened parameters");
                }
                tables.add(new TableLayout(collection, offset, config.totalRows(), config.getEmbeddingDim(),
                        config.touchedRows()));
            }
        }
        if (tables.isEmpty()) {
            throw new IllegalArgumentException("RowSparseStep: this " + kind + " has no EmbeddingCollection layer, "
                    + "so its step has no table rows to skip; train it without RowSparseStep");
        }
        tables.sort((a, b) -> Long.compare(a.offset(), b.offset()));
        return new RowSparseStep(model, List.copyOf(tables));
    }

    /** {@code params -= updates}: densely outside the tables, over the looked-up rows inside them. */
    @Override
    public void applyUpdate(StepFunction function, INDArray params, INDArray updates, boolean isFinalStep) {
        if (!(function instanceof NegativeGradientStepFunction)) {
            function.step(params, updates);
            return;
        }
        bind(params, updates);
        for (int r = 0; r < denseParams.length; r++) {
            denseParams[r].subi(denseUpdates[r]);
        }
        for (int t = 0; t < tables.size(); t++) {
            TouchedRows touched = tables.get(t).touched();
            if ((long) touched.count() * DENSE_ABOVE_ONE_IN >= tables.get(t).rows()) {
                tableParamViews[t].subi(tableUpdateViews[t]);   // cheaper in one native pass; the same numbers
                continue;
            }
            HostRows target = tableParams[t];
            HostRows amounts = tableUpdates[t];
            for (int i = 0; i < touched.count(); i++) {
                touched.prefetchBlockAt(target, i);
                target.subtractRow(touched.row(i), amounts);
            }
        }
    }

    /** A step with a step size: DL4J's dense one. */
    @Override
    public void applyUpdate(StepFunction function, INDArray params, INDArray updates, double alpha) {
        function.step(params, updates, alpha);
    }

    /** Makes (once per pair of arrays) the views of the dense ranges and the tables' rows. */
    private void bind(INDArray params, INDArray updates) {
        long length = model.params().length();
        if (params.length() != length || updates.length() != length || params.dataType() != updates.dataType()) {
            throw new IllegalArgumentException("RowSparseStep steps the " + length + " parameters of the network it "
                    + "is attached to, got parameters " + params.shapeInfoToString() + " and updates "
                    + updates.shapeInfoToString());
        }
        long paramsAt = HostRows.firstElementAddress(params);
        long updatesAt = HostRows.firstElementAddress(updates);
        if (denseParams != null && paramsAt == paramsAddress && updatesAt == updatesAddress) {
            return;
        }
        checkGradientLayout(updates);
        INDArray flatParams = params.reshape(length);
        INDArray flatUpdates = updates.reshape(length);
        List<long[]> ranges = denseRanges(length);
        denseParams = new INDArray[ranges.size()];
        denseUpdates = new INDArray[ranges.size()];
        for (int r = 0; r < ranges.size(); r++) {
            denseParams[r] = flatParams.get(NDArrayIndex.interval(ranges.get(r)[0], ranges.get(r)[1]));
            denseUpdates[r] = flatUpdates.get(NDArrayIndex.interval(ranges.get(r)[0], ranges.get(r)[1]));
        }
        tableParams = new HostRows[tables.size()];
        tableUpdates = new HostRows[tables.size()];
        tableParamViews = new INDArray[tables.size()];
        tableUpdateViews = new INDArray[tables.size()];
        for (int t = 0; t < tables.size(); t++) {
            TableLayout table = tables.get(t);
            long end = table.offset() + table.rows() * table.width();
            tableParamViews[t] = flatParams.get(NDArrayIndex.interval(table.offset(), end));
            tableUpdateViews[t] = flatUpdates.get(NDArrayIndex.interval(table.offset(), end));
            tableParams[t] = new HostRows(flatParams, table.offset(), table.rows(), table.width());
            tableUpdates[t] = new HostRows(flatUpdates, table.offset(), table.rows(), table.width());
        }
        paramsAddress = paramsAt;
        updatesAddress = updatesAt;
    }

    /** The updates must hold each table's gradient view where the parameters hold the table. */
    private void checkGradientLayout(INDArray updates) {
        long updatesStart = HostRows.firstElementAddress(updates);
        for (TableLayout table : tables) {
            INDArray gradient = table.layer().getGradientsViewArray();
            long offset = gradient == null ? -1
                    : (HostRows.firstElementAddress(gradient) - updatesStart) / updates.dataType().width();
            if (offset != table.offset()) {
                throw new IllegalStateException("RowSparseStep: the updates do not hold the gradient of EmbeddingCollection '"
                        + table.layer().layerConf().getLayerName() + "' at parameter " + table.offset()
                        + "; they are not the gradient view of the network it is attached to");
            }
        }
    }

    /** [start, end) of the parameters outside every table, in order. */
    private List<long[]> denseRanges(long length) {
        List<long[]> ranges = new ArrayList<>();
        long next = 0;
        for (TableLayout table : tables) {
            if (table.offset() > next) {
                ranges.add(new long[]{next, table.offset()});
            }
            next = table.offset() + table.rows() * table.width();
        }
        if (next < length) {
            ranges.add(new long[]{next, length});
        }
        return ranges;
    }

    /** How many contiguous ranges of parameters outside the tables each step subtracts densely. */
    int denseRangeCount() {
        return denseRanges(model.params().length()).size();
    }

    /** This accumulator keeps no updates between steps. */
    @Override
    public boolean hasAnything() {
        return false;
    }

    /** The update is applied in {@link #applyUpdate}; nothing is stored. */
    @Override
    public void storeUpdate(INDArray array, int iterationNumber, int epochNumber) {
    }

    @Override
    public void reset() {
    }

    @Override
    public void touch() {
    }

    @Override
    public void receiveUpdate(INDArray array) {
        throw notDistributed("receiveUpdate");
    }

    @Override
    public void markExternalUpdates(boolean updatesAvailable) {
        throw notDistributed("markExternalUpdates");
    }

    @Override
    public void setExternalSource(IndexedTail source) {
        throw notDistributed("setExternalSource");
    }

    @Override
    public IndexedTail getExternalSource() {
        return null;
    }

    private static UnsupportedOperationException notDistributed(String call) {
        return new UnsupportedOperationException("RowSparseStep applies one network's own steps and exchanges no "
                + "updates with other workers (" + call + "); distributed training sets its own accumulator");
    }

    /** Belongs to one live network: attach a new one to a deserialized network instead. */
    private void writeObject(ObjectOutputStream out) throws NotSerializableException {
        throw new NotSerializableException("RowSparseStep is not saved with its network; call RowSparseStep.attach "
                + "on the restored network");
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("RowSparseStep(dense ranges ").append(denseRangeCount()).append(", tables");
        for (TableLayout table : tables) {
            s.append(String.format(Locale.ROOT, " '%s' %d x %d at %d", table.layer().layerConf().getLayerName(),
                    table.rows(), table.width(), table.offset()));
        }
        return s.append(')').toString();
    }
}
