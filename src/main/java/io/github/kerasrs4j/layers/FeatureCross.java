package io.github.kerasrs4j.layers;

import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.layers.samediff.SDVertexParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffVertex;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.deeplearning4j.nn.weights.WeightInitXavierUniform;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.shade.jackson.annotation.JsonIgnore;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Keras Recommenders' {@code keras_rs.layers.FeatureCross}, the cross layer of DCN v2, as a DL4J
 * {@link GraphVertex} with parameters:
 *
 * <pre>
 *   y = x0 * (dense(x) + diagScale * x) + x,     dense(x) = preActivation(x W + b)
 * </pre>
 *
 * with {@code *} element-wise, or {@code dense(x) = preActivation((x U) V + b)} with a projection
 * dimension p (U [d, p], V [p, d]). Inputs: x0, or x0 and x, each [batch, d]
 * ({@code InputType.feedForward(d)}); one input means x = x0. Output: [batch, d].
 *
 * <pre>{@code
 * graph.addVertex("cross_0", new FeatureCross(), "x0")
 *      .addVertex("cross_1", FeatureCross.builder().projectionDim(8).build(), "x0", "cross_0");
 * }</pre>
 *
 * <p>Parameters: {@link #KERNEL} [d, d], or {@link #DOWN_PROJECTION} [d, p] and {@link #UP_PROJECTION}
 * [p, d]; {@link #BIAS} [1, d] when {@code useBias}. d comes from the InputType (or
 * {@link Builder#inputSize}). Kernel regularization applies to the kernels, bias regularization to the
 * bias; the updater, regularization and gradient normalization the graph sets apply unless set here.
 *
 * <p>{@link #define(SameDiff, SDVariable, SDVariable, Map)} is the one definition of the forward
 * computation: SameDiff scripts call it, and the vertex's runtime is proven equal to it.
 */
public class FeatureCross extends SameDiffVertex {

    /** The class name a Keras 3 file gives the layer. */
    public static final String KERAS_CLASS_NAME = "FeatureCross";
    /** The name keras_rs registers the layer under ({@code registered_name} in a Keras 3 file). */
    public static final String KERAS_REGISTERED_NAME = "keras_rs>FeatureCross";

    /** The full-rank kernel W [d, d]. */
    public static final String KERNEL = "W";
    /** The low-rank down projection U [d, p] (Keras's down_proj_dense kernel). */
    public static final String DOWN_PROJECTION = "U";
    /** The low-rank up projection V [p, d] (Keras's dense kernel when projecting). */
    public static final String UP_PROJECTION = "V";
    /** The bias b [1, d]. */
    public static final String BIAS = "b";

    private static final Set<String> KERAS_CONFIG_KEYS = Set.of("projection_dim", "diag_scale", "use_bias",
            "pre_activation", "kernel_initializer", "bias_initializer", "kernel_regularizer", "bias_regularizer");

    private Integer projectionDim;
    private double diagScale;
    private boolean useBias = true;
    private Activation preActivation = Activation.IDENTITY;
    private IWeightInit kernelInit = new WeightInitXavierUniform();
    private double biasInit;
    /** d; 0 until an InputType or the user sets it. */
    private long inputSize;

    /** Keras's defaults: full rank, diag_scale 0, a bias, no pre-activation, glorot_uniform kernels, zero bias. */
    public FeatureCross() {
    }

    /**
     * @param projectionDim Keras {@code projection_dim}: the rank p of a low-rank kernel U V, or null for a full W
     * @param diagScale     Keras {@code diag_scale}: adds diagScale * x to dense(x); must be &gt;= 0
     * @param useBias       Keras {@code use_bias}
     */
    public FeatureCross(Integer projectionDim, double diagScale, boolean useBias) {
        setProjectionDim(projectionDim);
        setDiagScale(diagScale);
        setUseBias(useBias);
    }

    /** A builder whose arguments default as Keras's do. */
    public static Builder builder() {
        return new Builder();
    }

    // ---------------------------------------------------------------- arguments

    /** Keras {@code projection_dim}; null for a full-rank kernel. */
    public Integer getProjectionDim() {
        return projectionDim;
    }

    /** Sets Keras {@code projection_dim}: null, or a rank from 1. */
    public void setProjectionDim(Integer projectionDim) {
        if (projectionDim != null && projectionDim < 1) {
            throw new IllegalArgumentException("FeatureCross projectionDim must be null (full rank) or at least 1, got "
                    + projectionDim);
        }
        this.projectionDim = projectionDim;
    }

    /** Keras {@code diag_scale}. */
    public double getDiagScale() {
        return diagScale;
    }

    /** Sets Keras {@code diag_scale}, a non-negative number. */
    public void setDiagScale(double diagScale) {
        if (!(diagScale >= 0) || Double.isInfinite(diagScale)) {
            throw new IllegalArgumentException("FeatureCross diagScale should be non-negative and finite, got "
                    + diagScale);
        }
        this.diagScale = diagScale;
    }

    /** Keras {@code use_bias}. */
    public boolean isUseBias() {
        return useBias;
    }

    /** Sets Keras {@code use_bias}. */
    public void setUseBias(boolean useBias) {
        this.useBias = useBias;
    }

    /** Keras {@code pre_activation}; IDENTITY for none. */
    public Activation getPreActivation() {
        return preActivation;
    }

    /** Sets Keras {@code pre_activation}: IDENTITY (none) or another activation Keras has (not softmax and kin). */
    public void setPreActivation(Activation preActivation) {
        Activation activation = preActivation == null ? Activation.IDENTITY : preActivation;
        if (!KerasActivations.isSupported(activation)) {
            throw new IllegalArgumentException("FeatureCross preActivation " + activation + " is not supported: "
                    + "IDENTITY (none), RELU, SIGMOID, TANH, SWISH, ELU, SELU, SOFTPLUS or SOFTSIGN, the activations "
                    + "DL4J computes as Keras does");
        }
        this.preActivation = activation;
    }

    /** Keras {@code kernel_initializer}, for W, U and V. */
    public IWeightInit getKernelInit() {
        return kernelInit;
    }

    /** Sets Keras {@code kernel_initializer}. */
    public void setKernelInit(IWeightInit kernelInit) {
        this.kernelInit = Objects.requireNonNull(kernelInit, "FeatureCross kernelInit");
    }

    /** Keras {@code bias_initializer}, a constant. */
    public double getBiasInit() {
        return biasInit;
    }

    /** Sets Keras {@code bias_initializer} (zeros, ones or constant). */
    public void setBiasInit(double biasInit) {
        this.biasInit = biasInit;
    }

    /** d, the size of x0 and x; 0 while unknown. */
    public long getInputSize() {
        return inputSize;
    }

    /** Sets d; normally the InputType sets it. */
    public void setInputSize(long inputSize) {
        if (inputSize < 0) {
            throw new IllegalArgumentException("FeatureCross inputSize must be positive, got " + inputSize);
        }
        this.inputSize = inputSize;
    }

    /** Keras {@code kernel_regularizer}, as DL4J regularization of W, U and V. */
    @JsonIgnore   // serialized as SameDiffVertex's regularization
    public List<Regularization> getKernelRegularization() {
        return regularization;
    }

    /** Keras {@code bias_regularizer}, as DL4J regularization of b. */
    @JsonIgnore   // serialized as SameDiffVertex's regularizationBias
    public List<Regularization> getBiasRegularization() {
        return regularizationBias;
    }

    // ---------------------------------------------------------------- the forward graph

    /**
     * The parameter names and shapes, in the order Keras creates them (down projection, kernel, bias).
     *
     * @throws IllegalStateException while d is unknown
     */
    public Map<String, long[]> paramShapes() {
        long d = requireInputSize();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        if (projectionDim == null) {
            shapes.put(KERNEL, new long[]{d, d});
        } else {
            shapes.put(DOWN_PROJECTION, new long[]{d, projectionDim});
            shapes.put(UP_PROJECTION, new long[]{projectionDim, d});
        }
        if (useBias) {
            shapes.put(BIAS, new long[]{1, d});
        }
        return shapes;
    }

    /**
     * Defines FeatureCross in {@code sd} over parameter variables keyed as {@link #paramShapes()}.
     *
     * @param x0     [batch, d]
     * @param x      [batch, d], or null for x0
     * @return y [batch, d]
     */
    public SDVariable define(SameDiff sd, SDVariable x0, SDVariable x, Map<String, SDVariable> params) {
        SDVariable input = x == null ? x0 : x;
        checkDefineShapes(x0, input);
        SDVariable dense = projectionDim == null
                ? input.mmul(param(params, KERNEL))
                : input.mmul(param(params, DOWN_PROJECTION)).mmul(param(params, UP_PROJECTION));
        if (useBias) {
            dense = dense.add(param(params, BIAS));
        }
        SDVariable scale = KerasActivations.define(sd, preActivation, dense);
        if (diagScale != 0) {
            scale = scale.add(input.mul(diagScale));
        }
        return x0.mul(scale).add(input);
    }

    /**
     * Defines FeatureCross in {@code sd} with new trainable parameters named {@code name + "/" + key},
     * initialized as configured; d comes from x0's shape when not set.
     *
     * @param x may be null (x = x0)
     * @return y [batch, d]
     */
    public SDVariable define(SameDiff sd, String name, SDVariable x0, SDVariable x) {
        FeatureCross sized = clone();
        long[] shape = x0.getShape();
        if (sized.inputSize == 0 && shape != null && shape.length == 2 && shape[1] > 0) {
            sized.inputSize = shape[1];
        }
        Map<String, INDArray> values = sized.newParams(x0.dataType());
        Map<String, SDVariable> params = new LinkedHashMap<>();
        for (Map.Entry<String, INDArray> value : values.entrySet()) {
            params.put(value.getKey(), sd.var(name + "/" + value.getKey(), value.getValue()));
        }
        return sized.define(sd, x0, x, params);
    }

    /** Freshly initialized parameters, keyed as {@link #paramShapes()}. */
    public Map<String, INDArray> newParams(DataType dataType) {
        Map<String, INDArray> params = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> shape : paramShapes().entrySet()) {
            params.put(shape.getKey(), Nd4j.create(dataType, shape.getValue()));
        }
        initializeParameters(params);
        return params;
    }

    private void checkDefineShapes(SDVariable x0, SDVariable x) {
        long[] s0 = x0.getShape();
        long[] s = x.getShape();
        if (s0 != null && s0.length != 2) {
            throw new IllegalArgumentException("FeatureCross x0 ('" + x0.name() + "') has shape " + Arrays.toString(s0)
                    + ": it must be rank 2, [batch, d]");
        }
        if (s0 != null && s != null && (s.length != 2 || s[1] >= 0 && s0[1] >= 0 && s[1] != s0[1])) {
            throw new IllegalArgumentException("FeatureCross x0 and x should have the same shape; got x0 "
                    + Arrays.toString(s0) + ", x " + Arrays.toString(s));
        }
    }

    private static SDVariable param(Map<String, SDVariable> params, String key) {
        SDVariable param = params.get(key);
        if (param == null) {
            throw new IllegalArgumentException("FeatureCross needs parameter '" + key + "'; given " + params.keySet());
        }
        return param;
    }

    // ---------------------------------------------------------------- Keras config

    /**
     * Reads a Keras {@code FeatureCross.get_config()} map.
     *
     * @throws IllegalArgumentException for an unknown key, a value of the wrong type or an argument
     *                                  without an exact DL4J equivalent
     */
    public static FeatureCross fromKerasConfig(Map<String, Object> config) {
        KerasConfigReader reader = new KerasConfigReader(KERAS_CLASS_NAME, config, KERAS_CONFIG_KEYS);
        FeatureCross layer = new FeatureCross();
        try {
            layer.setProjectionDim(reader.value("projection_dim", Integer.class, null));
            layer.setDiagScale(reader.value("diag_scale", Number.class, 0.0).doubleValue());
            layer.setUseBias(reader.value("use_bias", Boolean.class, true));
            layer.setPreActivation(KerasActivations.fromKeras(activationName(reader)));
            if (reader.raw("kernel_initializer") != null) {
                layer.setKernelInit(KerasInitializers.weightInit(reader.raw("kernel_initializer")));
            }
            if (reader.raw("bias_initializer") != null) {
                layer.setBiasInit(KerasInitializers.constant(reader.raw("bias_initializer")));
            }
            layer.setRegularization(KerasRegularizers.fromKeras(reader.raw("kernel_regularizer")));
            layer.setRegularizationBias(KerasRegularizers.fromKeras(reader.raw("bias_regularizer")));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("FeatureCross Keras config: " + e.getMessage(), e);
        }
        return layer;
    }

    /** Keras writes a built-in activation by name; a hand-written config may wrap it in a dict. */
    private static String activationName(KerasConfigReader reader) {
        Object activation = reader.raw("pre_activation");
        if (activation instanceof Map && ((Map<?, ?>) activation).get("config") instanceof String) {
            return (String) ((Map<?, ?>) activation).get("config");
        }
        return reader.value("pre_activation", String.class, null);
    }

    /**
     * This layer's Keras {@code get_config()}, as Keras 3 writes it.
     *
     * @throws IllegalArgumentException when the kernel initialization or a regularization has no Keras equivalent
     */
    public Map<String, Object> toKerasConfig(String name) {
        Map<String, Object> config = KerasConfigReader.commonConfig(name);
        config.put("projection_dim", projectionDim);
        config.put("diag_scale", diagScale);
        config.put("use_bias", useBias);
        config.put("pre_activation", KerasActivations.toKeras(preActivation));
        config.put("kernel_initializer", KerasInitializers.toKeras(kernelInit));
        config.put("bias_initializer", KerasInitializers.toKeras(biasInit));
        config.put("kernel_regularizer", KerasRegularizers.toKeras(regularization));
        config.put("bias_regularizer", KerasRegularizers.toKeras(regularizationBias));
        return config;
    }

    // ---------------------------------------------------------------- GraphVertex and SameDiffVertex

    /** Never cached (d may be set after the first call, by the InputType) and never serialized. */
    @Override
    @JsonIgnore
    public SDVertexParams getVertexParams() {
        SDVertexParams params = new SDVertexParams();
        defineParametersAndInputs(params);
        return params;
    }

    @Override
    public void defineParametersAndInputs(SDVertexParams params) {
        for (Map.Entry<String, long[]> shape : paramShapes().entrySet()) {
            if (BIAS.equals(shape.getKey())) {
                params.addBiasParam(BIAS, shape.getValue());
            } else {
                params.addWeightParam(shape.getKey(), shape.getValue());
            }
        }
        params.defineInputs("x0", "x");
    }

    @Override
    public SDVariable defineVertex(SameDiff sd, Map<String, SDVariable> layerInput, Map<String, SDVariable> paramTable,
                                   Map<String, SDVariable> maskVars) {
        return define(sd, layerInput.get("x0"), layerInput.get("x"), paramTable);
    }

    /** Keras's initializers: the kernels from {@link #getKernelInit()} with fans (rows, columns), the bias constant. */
    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        for (Map.Entry<String, INDArray> param : params.entrySet()) {
            INDArray array = param.getValue();
            if (BIAS.equals(param.getKey())) {
                array.assign(biasInit);
            } else {
                kernelInit.init(array.size(0), array.size(1), array.shape(), 'c', array);
            }
        }
    }

    @Override
    public long numParams(boolean backprop) {
        return paramShapes().values().stream().mapToLong(s -> s[0] * s[1]).sum();
    }

    @Override
    public int minVertexInputs() {
        return 1;
    }

    @Override
    public int maxVertexInputs() {
        return 2;
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
            INDArray paramsView, boolean initializeParams, DataType networkDatatype) {
        setName(name);
        return new FeatureCrossVertex(graph, name, idx, paramsView, initializeParams, networkDatatype, this);
    }

    /** [batch, d] for inputs feedForward(d); records d. */
    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) throws InvalidInputTypeException {
        if (vertexInputs == null || vertexInputs.length < 1 || vertexInputs.length > 2) {
            throw new InvalidInputTypeException("FeatureCross takes one input (x0) or two (x0, x), got "
                    + (vertexInputs == null ? 0 : vertexInputs.length));
        }
        for (int i = 0; i < vertexInputs.length; i++) {
            if (vertexInputs[i].getType() != InputType.Type.FF) {
                throw new InvalidInputTypeException("FeatureCross input " + i + (i == 0 ? " (x0)" : " (x)") + " is "
                        + vertexInputs[i] + ": expected InputType.feedForward(d)");
            }
        }
        long size = ((InputType.InputTypeFeedForward) vertexInputs[0]).getSize();
        if (vertexInputs.length == 2 && ((InputType.InputTypeFeedForward) vertexInputs[1]).getSize() != size) {
            throw new InvalidInputTypeException("FeatureCross x0 and x should have the same shape; got x0 "
                    + vertexInputs[0] + ", x " + vertexInputs[1]);
        }
        if (inputSize != 0 && inputSize != size) {
            throw new InvalidInputTypeException("FeatureCross was configured for inputs of size " + inputSize
                    + " but its input is " + vertexInputs[0]);
        }
        inputSize = size;
        return InputType.feedForward(size);
    }

    @Override
    public MemoryReport getMemoryReport(InputType... inputTypes) {
        InputType outputType = getOutputType(-1, inputTypes);
        long d = inputSize;
        long hidden = projectionDim == null ? 0 : projectionDim;
        return new LayerMemoryReport.Builder(getLayerName(), FeatureCross.class, inputTypes[0], outputType)
                .standardMemory(numParams(true), numParams(true))
                // dense(x) and the scale, their gradients, and x U and its gradient when projecting
                .workingMemory(0, 2 * d + hidden, 0, 2 * d + hidden)
                .cacheMemory(0, 0)
                .build();
    }

    private long requireInputSize() {
        if (inputSize <= 0) {
            throw new IllegalStateException("FeatureCross does not know its input size d yet: give the graph its "
                    + "input types (setInputTypes) or set it with FeatureCross.builder().inputSize(d)");
        }
        return inputSize;
    }

    @Override
    public FeatureCross clone() {
        FeatureCross copy = new FeatureCross(projectionDim, diagScale, useBias);
        copy.preActivation = preActivation;
        copy.kernelInit = kernelInit;   // DL4J's weight initializations are immutable
        copy.biasInit = biasInit;
        copy.inputSize = inputSize;
        copy.setName(getName());
        copy.regularization = cloneAll(regularization);
        copy.regularizationBias = cloneAll(regularizationBias);
        copy.updater = updater == null ? null : updater.clone();
        copy.biasUpdater = biasUpdater == null ? null : biasUpdater.clone();
        copy.gradientNormalization = gradientNormalization;
        copy.gradientNormalizationThreshold = gradientNormalizationThreshold;
        copy.dataType = dataType;
        return copy;
    }

    private static List<Regularization> cloneAll(List<Regularization> regularization) {
        if (regularization == null) {
            return null;
        }
        List<Regularization> copy = new ArrayList<>();
        for (Regularization r : regularization) {
            copy.add(r.clone());
        }
        return copy;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof FeatureCross)) {
            return false;
        }
        FeatureCross other = (FeatureCross) o;
        return Objects.equals(projectionDim, other.projectionDim) && diagScale == other.diagScale
                && useBias == other.useBias && preActivation == other.preActivation
                && Objects.equals(kernelInit, other.kernelInit) && biasInit == other.biasInit
                && inputSize == other.inputSize
                && Objects.equals(emptyIfNull(regularization), emptyIfNull(other.regularization))
                && Objects.equals(emptyIfNull(regularizationBias), emptyIfNull(other.regularizationBias))
                && Objects.equals(updater, other.updater) && Objects.equals(biasUpdater, other.biasUpdater)
                && gradientNormalization == other.gradientNormalization
                && Objects.equals(gradientNormalizationThreshold, other.gradientNormalizationThreshold);
    }

    private static List<Regularization> emptyIfNull(List<Regularization> regularization) {
        return regularization == null ? List.of() : regularization;
    }

    @Override
    public int hashCode() {
        return Objects.hash(projectionDim, diagScale, useBias, preActivation, kernelInit, biasInit, inputSize,
                emptyIfNull(regularization), emptyIfNull(regularizationBias), updater, biasUpdater);
    }

    @Override
    public String toString() {
        return "FeatureCross(projectionDim=" + projectionDim + ", diagScale=" + diagScale + ", useBias=" + useBias
                + ", preActivation=" + preActivation + (inputSize == 0 ? "" : ", inputSize=" + inputSize) + ")";
    }

    /** Builds a {@link FeatureCross}; every argument defaults as in Keras. */
    public static final class Builder {
        private final FeatureCross layer = new FeatureCross();

        /** Keras {@code projection_dim}: the rank of U V; null (the default) for a full-rank W. */
        public Builder projectionDim(Integer projectionDim) {
            layer.setProjectionDim(projectionDim);
            return this;
        }

        /** Keras {@code diag_scale}, &gt;= 0. */
        public Builder diagScale(double diagScale) {
            layer.setDiagScale(diagScale);
            return this;
        }

        /** Keras {@code use_bias}. */
        public Builder useBias(boolean useBias) {
            layer.setUseBias(useBias);
            return this;
        }

        /** Keras {@code pre_activation}. */
        public Builder preActivation(Activation preActivation) {
            layer.setPreActivation(preActivation);
            return this;
        }

        /** Keras {@code kernel_initializer}. */
        public Builder kernelInit(IWeightInit kernelInit) {
            layer.setKernelInit(kernelInit);
            return this;
        }

        /** Keras {@code bias_initializer}, a constant. */
        public Builder biasInit(double biasInit) {
            layer.setBiasInit(biasInit);
            return this;
        }

        /** Keras {@code kernel_regularizer}: e.g. {@code new L2Regularization(2 * kerasL2)}. */
        public Builder kernelRegularization(Regularization... regularization) {
            layer.setRegularization(new ArrayList<>(Arrays.asList(regularization)));
            return this;
        }

        /** Keras {@code bias_regularizer}. */
        public Builder biasRegularization(Regularization... regularization) {
            layer.setRegularizationBias(new ArrayList<>(Arrays.asList(regularization)));
            return this;
        }

        /** The updater of this vertex's parameters; the graph's when not set. */
        public Builder updater(org.nd4j.linalg.learning.config.IUpdater updater) {
            layer.setUpdater(updater);
            return this;
        }

        /** d, the size of x0 and x, when the graph is not given input types. */
        public Builder inputSize(long inputSize) {
            layer.setInputSize(inputSize);
            return this;
        }

        /** The configured FeatureCross. */
        public FeatureCross build() {
            return layer.clone();
        }
    }
}
