package io.github.kerasrs4j.runtime;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.schedule.ISchedule;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongConsumer;

/**
 * The updater DL4J applies to an EmbeddingCollection's tables: DL4J's {@link Sgd}, {@link AdaGrad} or
 * {@link Adam} rule, applied lazily to the rows the step looked up ({@link TouchedRows}), as TensorFlow's
 * LazyAdam and PyTorch's SparseAdam do. Per looked-up row, with g its gradient summed over the batch
 * divided by the minibatch size, lr the rule's learning rate at this iteration and t = iteration + 1:
 * <ul>
 * <li>Sgd: update = lr g</li>
 * <li>AdaGrad: h += g²; update = lr g / (sqrt(h) + eps), h starting at eps as in DL4J</li>
 * <li>Adam: m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g²;
 * update = lr sqrt(1 - b2^t) / (1 - b1^t) m / (sqrt(v) + eps)</li>
 * </ul>
 * Rows not looked up keep their values and their state. The state lives in DL4J's updater state view
 * (Adam: m of every row, then v; AdaGrad: h), so ModelSerializer saves and restores it. The update is
 * written over the rows' gradient, which DL4J then subtracts from the parameters.
 */
public final class LazyTableUpdater implements IUpdater {

    private final IUpdater rule;
    private final transient TouchedRows touchedRows;

    public LazyTableUpdater(IUpdater rule, TouchedRows touchedRows) {
        this.rule = rule;
        this.touchedRows = touchedRows;
    }

    /** @throws IllegalStateException naming {@code where} for an updater other than Sgd, AdaGrad or Adam */
    public static void checkSupported(IUpdater rule, String where) {
        if (!(rule instanceof Sgd || rule instanceof AdaGrad || rule instanceof Adam)) {
            throw new IllegalStateException(where + " has updater " + rule + ": its tables are trained row-sparse "
                    + "(lazily) with Sgd, AdaGrad or Adam only; set one of these with updater(...) on the layer");
        }
    }

    @Override
    public long stateSize(long numParams) {
        return rule.stateSize(numParams);
    }

    @Override
    public GradientUpdater instantiate(INDArray viewArray, boolean initializeViewArray) {
        LazyRowUpdater updater = new LazyRowUpdater();
        updater.setStateViewArray(viewArray, viewArray == null ? null : viewArray.shape(), 'c', initializeViewArray);
        return updater;
    }

    @Override
    public GradientUpdater instantiate(Map<String, INDArray> state, boolean initializeStateArrays) {
        LazyRowUpdater updater = new LazyRowUpdater();
        updater.setState(state, initializeStateArrays);
        return updater;
    }

    @Override
    public IUpdater clone() {
        return new LazyTableUpdater(rule.clone(), touchedRows);
    }

    @Override
    public double getLearningRate(int iteration, int epoch) {
        return rule.getLearningRate(iteration, epoch);
    }

    @Override
    public boolean hasLearningRate() {
        return rule.hasLearningRate();
    }

    @Override
    public void setLrAndSchedule(double lr, ISchedule lrSchedule) {
        rule.setLrAndSchedule(lr, lrSchedule);
    }

    /** Equal only for the same layer (the same rows), so DL4J never merges two layers' tables into one block. */
    @Override
    public boolean equals(Object o) {
        return o instanceof LazyTableUpdater && ((LazyTableUpdater) o).touchedRows == touchedRows
                && ((LazyTableUpdater) o).rule.equals(rule);
    }

    @Override
    public int hashCode() {
        return Objects.hash(rule, System.identityHashCode(touchedRows));
    }

    @Override
    public String toString() {
        return "LazyTableUpdater(" + rule + ")";
    }

    /** The updater of one table parameter, over its slice of DL4J's updater state. */
    private final class LazyRowUpdater implements GradientUpdater<LazyTableUpdater> {

        private static final String ADAM_M = "M";
        private static final String ADAM_V = "V";
        private static final String ADAGRAD_H = "grad";

        /** Adam's m or AdaGrad's h, and Adam's v: flat views of DL4J's updater state. */
        private INDArray firstState;
        private INDArray secondState;
        private HostRows first;
        private HostRows second;
        private INDArray gradientArray;
        private HostRows gradient;
        private double[] g = new double[0];
        private double[] s1 = new double[0];
        private double[] s2 = new double[0];

        @Override
        public LazyTableUpdater getConfig() {
            return LazyTableUpdater.this;
        }

        @Override
        public void setState(Map<String, INDArray> stateMap, boolean initialize) {
            if (rule instanceof Adam) {
                bindState(stateMap.get(ADAM_M), stateMap.get(ADAM_V), initialize);
            } else if (rule instanceof AdaGrad) {
                bindState(stateMap.get(ADAGRAD_H), null, initialize);
            }
        }

        @Override
        public Map<String, INDArray> getState() {
            Map<String, INDArray> map = new LinkedHashMap<>();
            if (rule instanceof Adam) {
                map.put(ADAM_M, firstState);
                map.put(ADAM_V, secondState);
            } else if (rule instanceof AdaGrad) {
                map.put(ADAGRAD_H, firstState);
            }
            return map;
        }

        @Override
        public void setStateViewArray(INDArray viewArray, long[] gradientShape, char order, boolean initialize) {
            if (rule instanceof Sgd) {
                return;
            }
            INDArray flat = viewArray.reshape(-1);
            if (rule instanceof Adam) {
                long half = flat.length() / 2;
                bindState(flat.get(NDArrayIndex.interval(0, half)), flat.get(NDArrayIndex.interval(half, 2 * half)),
                        initialize);
            } else {
                bindState(flat, null, initialize);
            }
        }

        private void bindState(INDArray firstState, INDArray secondState, boolean initialize) {
            this.firstState = firstState;
            this.secondState = secondState;
            if (initialize) {
                firstState.assign(rule instanceof AdaGrad ? ((AdaGrad) rule).getEpsilon() : 0.0);
                if (secondState != null) {
                    secondState.assign(0.0);
                }
            }
            first = null;   // made with the first gradient, when the width of a row is known
            second = null;
        }

        @Override
        public void applyUpdater(INDArray gradientView, int iteration, int epoch) {
            TouchedRows rows = touchedRows;
            if (rows == null || !rows.takePending()) {
                return;   // no backward pass since the last update: the gradient view holds no new rows
            }
            int width = rows.rowWidth();
            bind(gradientView, width);
            double divisor = rows.minibatchSize();
            double lr = rule.getLearningRate(iteration, epoch);
            if (rule instanceof Sgd) {
                updateRows(rows, width, divisor, row -> {
                    for (int j = 0; j < width; j++) {
                        g[j] *= lr;
                    }
                });
            } else if (rule instanceof AdaGrad) {
                double eps = ((AdaGrad) rule).getEpsilon();
                updateRows(rows, width, divisor, row -> {
                    first.read(row, s1, 0);
                    for (int j = 0; j < width; j++) {
                        s1[j] += g[j] * g[j];
                        g[j] = lr * g[j] / (Math.sqrt(s1[j]) + eps);
                    }
                    first.write(row, s1, 0);
                });
            } else {
                Adam adam = (Adam) rule;
                double b1 = adam.getBeta1();
                double b2 = adam.getBeta2();
                double eps = adam.getEpsilon();
                int t = iteration + 1;
                double alpha = lr * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
                updateRows(rows, width, divisor, row -> {
                    first.read(row, s1, 0);
                    second.read(row, s2, 0);
                    for (int j = 0; j < width; j++) {
                        s1[j] = b1 * s1[j] + (1 - b1) * g[j];
                        s2[j] = b2 * s2[j] + (1 - b2) * g[j] * g[j];
                        g[j] = alpha * s1[j] / (Math.sqrt(s2[j]) + eps);
                    }
                    first.write(row, s1, 0);
                    second.write(row, s2, 0);
                });
            }
        }

        /**
         * For each looked-up row: reads its summed gradient into {@link #g} divided by the minibatch size, lets
         * {@code updateRule} turn it into the update in place, and writes that over the gradient.
         */
        private void updateRows(TouchedRows rows, int width, double divisor, LongConsumer updateRule) {
            for (int i = 0; i < rows.count(); i++) {
                if (first != null) {
                    rows.prefetchBlockAt(first, i);
                }
                if (second != null) {
                    rows.prefetchBlockAt(second, i);
                }
                long row = rows.row(i);
                gradient.read(row, g, 0);
                for (int j = 0; j < width; j++) {
                    g[j] /= divisor;
                }
                updateRule.accept(row);
                gradient.write(row, g, 0);
            }
        }

        /** Makes the row accessors for this gradient view and width, once. */
        private void bind(INDArray gradientView, int width) {
            long rowCount = gradientView.length() / width;
            if (gradientView != gradientArray) {
                gradientArray = gradientView;
                gradient = new HostRows(gradientView, 0, rowCount, width);
            }
            if (g.length != width) {
                g = new double[width];
                s1 = new double[width];
                s2 = new double[width];
            }
            if (first == null && !(rule instanceof Sgd)) {
                first = new HostRows(firstState, 0, rowCount, width);
                second = secondState == null ? null : new HostRows(secondState, 0, rowCount, width);
            }
        }
    }
}
