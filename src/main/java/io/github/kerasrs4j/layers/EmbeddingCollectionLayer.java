package io.github.kerasrs4j.layers;

import io.github.kerasrs4j.runtime.HostRows;
import io.github.kerasrs4j.runtime.RunCopy;
import io.github.kerasrs4j.runtime.TouchedRows;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * The runtime of {@link EmbeddingCollection}: looks up each feature's ids in its table, and in the
 * backward pass writes the gradient of the looked-up rows only, for the {@link io.github.kerasrs4j.runtime.LazyTableUpdater} to turn
 * into updates (see the config's javadoc for why and how). The ids get no gradient.
 */
public class EmbeddingCollectionLayer extends BaseLayer<EmbeddingCollection> {

    private INDArray tablesArray;
    private HostRows tables;
    private INDArray gradientArray;
    private HostRows gradientRows;
    /** Per lookup (example-major, then feature), the row it reads in the parameter "W". */
    private long[] lookups = new long[0];
    private double[] idRow = new double[0];
    private double[] sums = new double[0];
    /** The minibatch's epsilon, lookup after lookup. */
    private double[] epsilonValues = new double[0];
    private double[] row = new double[0];
    /** Per table, its first row in "W". */
    private long[] offsets;

    public EmbeddingCollectionLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        EmbeddingCollection config = layerConf();
        int batch = readLookups(input);
        int features = config.numFeatures();
        int dim = config.getEmbeddingDim();
        long[] shape = config.getOutput() == EmbeddingCollection.Output.STACKED
                ? new long[]{batch, features, dim} : new long[]{batch, (long) features * dim};
        INDArray output = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, shape, 'c');
        HostRows outputRows = new HostRows(output, 0, (long) batch * features, dim);
        HostRows source = tables();
        int count = batch * features;
        for (int i = 0; i < count; i++) {
            source.prefetchBlockAt(lookups, i, count);
            source.copyRow(lookups[i], outputRows, i);
        }
        return output;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        EmbeddingCollection config = layerConf();
        int batch = readLookups(input);
        int dim = config.getEmbeddingDim();
        int count = batch * config.numFeatures();
        if (epsilon.length() != (long) count * dim) {
            throw new IllegalArgumentException(layerId() + ": epsilon has shape " + Arrays.toString(epsilon.shape())
                    + ", expected " + count * dim + " values for " + batch + " examples");
        }
        HostRows gradient = gradientRows();
        TouchedRows touched = config.touchedRows();
        if (row.length != dim) {
            row = new double[dim];
        }
        Arrays.fill(row, 0);
        for (int i = 0; i < touched.count(); i++) {   // DL4J never clears gradient views; clear last step's rows
            gradient.write(touched.row(i), row, 0);
        }
        touched.clear(count, batch, dim);
        if (sums.length < count * dim) {
            sums = new double[count * dim];
            epsilonValues = new double[count * dim];
        }
        new HostRows(RunCopy.contiguous(epsilon.castTo(dataType)), 0, count, dim).read(0, count, epsilonValues, 0);
        for (int i = 0; i < count; i++) {
            int before = touched.count();
            int at = touched.add(lookups[i]) * dim;
            if (touched.count() > before) {
                Arrays.fill(sums, at, at + dim, 0);
            }
            for (int j = 0; j < dim; j++) {
                sums[at + j] += epsilonValues[i * dim + j];
            }
        }
        for (int u = 0; u < touched.count(); u++) {
            touched.prefetchBlockAt(gradient, u);
            gradient.write(touched.row(u), sums, u * dim);
        }
        touched.markPending();
        Gradient result = new DefaultGradient(gradientsFlattened);
        result.gradientForVariable().put(EmbeddingCollection.TABLES_KEY, gradientViews.get(EmbeddingCollection.TABLES_KEY));
        return new Pair<>(result, null);
    }

    /** The minibatch's rows are divided by the minibatch size in the updater, not by DL4J over the whole table. */
    @Override
    public boolean updaterDivideByMinibatch(String paramName) {
        return false;
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public boolean hasBias() {
        return false;
    }

    /** Checks the ids and fills {@link #lookups}; returns the minibatch size. */
    private int readLookups(INDArray ids) {
        EmbeddingCollection config = layerConf();
        int features = config.numFeatures();
        if (ids.rank() != 2 || ids.size(1) != features) {
            throw new IllegalArgumentException(layerId() + " expects ids of shape [batch, " + features + "] (one column "
                    + "per feature: " + String.join(", ", config.getFeatureNames()) + "), got "
                    + Arrays.toString(ids.shape()));
        }
        int batch = Math.toIntExact(ids.size(0));
        INDArray values = ids.dataType() == DataType.FLOAT || ids.dataType() == DataType.DOUBLE ? ids
                : ids.castTo(DataType.DOUBLE);
        HostRows idRows = new HostRows(RunCopy.contiguous(values), 0, batch, features);
        if (lookups.length < batch * features) {
            lookups = new long[batch * features];
        }
        if (idRow.length != features) {
            idRow = new double[features];
        }
        long[] sizes = config.getTableSizes();
        for (int b = 0; b < batch; b++) {
            idRows.read(b, idRow, 0);
            for (int f = 0; f < features; f++) {
                int table = config.featureTable(f);
                double id = idRow[f];
                if (!(id >= 0 && id < sizes[table] && id == Math.rint(id))) {
                    throw new IllegalArgumentException(outOfRange(config, b, f, id));
                }
                lookups[b * features + f] = tableOffsets()[table] + (long) id;
            }
        }
        return batch;
    }

    private String outOfRange(EmbeddingCollection config, int example, int feature, double id) {
        int table = config.featureTable(feature);
        long size = config.getTableSizes()[table];
        String value = id == Math.rint(id) && !Double.isInfinite(id) ? String.valueOf((long) id) : String.valueOf(id);
        return layerId() + ": feature '" + config.getFeatureNames()[feature] + "' (input column " + feature
                + "), example " + example + ": id " + value
                + (id == Math.rint(id) ? " is outside" : " is not a whole number in") + " its table '"
                + config.getTableNames()[table] + "' of " + size + " rows (ids 0 to " + (size - 1) + ")";
    }

    private long[] tableOffsets() {
        if (offsets == null) {
            EmbeddingCollection config = layerConf();
            offsets = new long[config.numTables()];
            for (int t = 0; t < offsets.length; t++) {
                offsets[t] = config.tableOffset(t);
            }
        }
        return offsets;
    }

    private HostRows tables() {
        INDArray current = getParam(EmbeddingCollection.TABLES_KEY);
        if (current != tablesArray) {
            tablesArray = current;
            tables = new HostRows(current, 0, current.rows(), (int) current.columns());
        }
        return tables;
    }

    private HostRows gradientRows() {
        INDArray current = gradientViews.get(EmbeddingCollection.TABLES_KEY);
        if (current != gradientArray) {
            gradientArray = current;
            gradientRows = new HostRows(current, 0, current.rows(), (int) current.columns());
        }
        return gradientRows;
    }
}
