package io.github.kerasrs4j.keras;

import static io.github.kerasrs4j.keras.ConfigTranslator.keras2;

import io.github.kerasrs4j.keras.LayerCall.TensorArg;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The translations of Keras 3 {@code keras.ops} operation nodes. The graph keeps a Keras tensor of
 * shape (batch,) as a column [batch, 1] and one of shape (batch, n) as [batch, n], so an operation that
 * only moves between those two (a cast to float, reshape to (-1, 1), expand_dims, squeeze) is an
 * identity; element-wise arithmetic is DL4J's ElementWiseVertex, or a {@link KerasScalarOperation}
 * vertex when one argument is a constant. Everything else is refused with its shapes.
 */
final class OperationTranslations {

    private OperationTranslations() {
    }

    /** ops.cast: to a float type; or between integer types (ids stay whole numbers in the float graph). */
    static Map<String, Object> cast(LayerCall op) {
        TensorArg x = single(op);
        String target = String.valueOf(op.config().get("dtype"));
        boolean toFloat = target.contains("float");
        boolean intToInt = target.startsWith("int") || target.startsWith("uint");
        if (toFloat || intToInt && x.dtype() != null && (x.dtype().startsWith("int") || x.dtype().startsWith("uint"))) {
            return identity();
        }
        throw new IllegalArgumentException(describe(op) + " casts " + x.dtype() + " to " + target + ": the graph "
                + "computes in floating point, so only casts to a float type, or between integer types, are imported");
    }

    /** ops.reshape to (-1,), (-1, n) or (-1, 1) of a tensor holding as many values per sample. */
    static Map<String, Object> reshape(LayerCall op) {
        TensorArg x = single(op);
        List<Object> target = ConfigValues.list(op.config().get("newshape"), "newshape of " + describe(op));
        long perSample = perSampleSize(x);
        boolean batchFirst = !target.isEmpty() && (target.get(0) == null || Integer.valueOf(-1).equals(target.get(0)));
        if (batchFirst && target.size() <= 2 && rank(x) <= 2) {
            Object columns = target.size() == 1 ? 1 : target.get(1);
            if (Integer.valueOf(-1).equals(columns) || columns instanceof Integer && (Integer) columns == perSample) {
                return identity();
            }
        }
        throw new IllegalArgumentException(describe(op) + " reshapes a tensor of shape " + x.shape() + " to " + target
                + ": only reshapes that keep the batch first and one axis of the same size, (-1,), (-1, n), are imported");
    }

    /** ops.expand_dims of a (batch,) tensor at the last axis: (batch, 1). */
    static Map<String, Object> expandDims(LayerCall op) {
        TensorArg x = single(op);
        Object axis = op.config().get("axis");
        return identityIf(rank(x) == 1 && isFeatureAxis(axis), op, " expands a tensor of shape " + x.shape()
                + " at axis " + axis + ": only (batch,) to (batch, 1) is imported (the graph holds tensors of rank 2)");
    }

    /** ops.squeeze of a (batch, 1) tensor: (batch,). */
    static Map<String, Object> squeeze(LayerCall op) {
        TensorArg x = single(op);
        Object axis = op.config().get("axis");
        boolean column = rank(x) == 2 && Integer.valueOf(1).equals(x.shape().get(1));
        return identityIf(column && (axis == null || isFeatureAxis(axis)), op, " squeezes a tensor of shape "
                + x.shape() + " at axis " + axis + ": only (batch, 1) to (batch,) is imported");
    }

    /** ops.concatenate of (batch, n) tensors along their last axis: DL4J's MergeVertex. */
    static Map<String, Object> concatenate(LayerCall op) {
        Object axis = op.config().getOrDefault("axis", 0);
        List<TensorArg> tensors = op.tensorArgs();
        boolean allRank2 = tensors.stream().allMatch(t -> rank(t) == 2);
        if (allRank2 && isFeatureAxis(axis)) {
            Map<String, Object> config = layerConfig();
            config.put("axis", -1);
            return keras2("Concatenate", config);
        }
        List<Object> shapes = new ArrayList<>();
        tensors.forEach(t -> shapes.add(t.shape()));
        throw new IllegalArgumentException(describe(op) + " concatenates tensors of shapes " + shapes + " along axis "
                + axis + ": only (batch, n) tensors along axis 1 (or -1) are imported");
    }

    /**
     * ops.add, subtract, multiply, divide: of two tensors of one shape (DL4J's ElementWiseVertex; not
     * divide), or of a tensor and a scalar constant (x + c, c + x, x - c, x * c, c * x, x / c).
     */
    static Map<String, Object> binary(LayerCall op) {
        List<Object> args = op.args();
        if (args.size() != 2) {
            throw new IllegalArgumentException(describe(op) + " has " + args.size() + " arguments; expected 2");
        }
        Object left = args.get(0);
        Object right = args.get(1);
        String name = op.className();
        if (left instanceof TensorArg && right instanceof TensorArg) {
            TensorArg a = (TensorArg) left;
            TensorArg b = (TensorArg) right;
            if (a.shape() == null || !a.shape().equals(b.shape())) {
                throw new IllegalArgumentException(describe(op) + " combines tensors of shapes " + a.shape() + " and "
                        + b.shape() + ": broadcasting is not imported, only tensors of one shape");
            }
            if ("Divide".equals(name)) {
                throw new IllegalArgumentException(describe(op) + " divides one tensor by another, which DL4J has no "
                        + "vertex for: only division by a constant is imported");
            }
            return keras2(name, layerConfig());
        }
        boolean constantFirst = left instanceof Number && right instanceof TensorArg;
        Object constant = constantFirst ? left : right;
        if (!(constant instanceof Number) || !(constantFirst || left instanceof TensorArg)) {
            throw new IllegalArgumentException(describe(op) + " is called on " + left + " and " + right
                    + ": only tensors and scalar constants are imported");
        }
        double c = ((Number) constant).doubleValue();
        switch (name) {
            case "Add":
                return KerasScalarOperation.shift(c);
            case "Multiply":
                return KerasScalarOperation.scale(c);
            case "Subtract":
                if (!constantFirst) {
                    return KerasScalarOperation.shift(-c);
                }
                break;
            case "Divide":
                if (!constantFirst) {
                    return KerasScalarOperation.scale(1.0 / c);
                }
                break;
            default:
                break;
        }
        throw new IllegalArgumentException(describe(op) + " computes " + c + (name.equals("Divide") ? " / x" : " - x")
                + ": a constant minus or over a tensor is not imported");
    }

    /** An identity when the operation keeps the graph's layout; else refused, saying why. */
    private static Map<String, Object> identityIf(boolean keepsLayout, LayerCall op, String refusal) {
        if (!keepsLayout) {
            throw new IllegalArgumentException(describe(op) + refusal);
        }
        return identity();
    }

    private static Map<String, Object> identity() {
        Map<String, Object> config = layerConfig();
        config.put("activation", "linear");
        return keras2("Activation", config);
    }

    /** What DL4J's Keras layer mappers expect in every layer config. */
    private static Map<String, Object> layerConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("trainable", true);
        config.put("dtype", "float32");
        return config;
    }

    private static TensorArg single(LayerCall op) {
        List<TensorArg> tensors = op.tensorArgs();
        if (tensors.size() != 1 || op.args().size() != 1) {
            throw new IllegalArgumentException(describe(op) + " is called on " + op.args() + "; expected one tensor");
        }
        if (tensors.get(0).shape() == null) {
            throw new IllegalArgumentException(describe(op) + " reads a tensor whose shape the file does not record");
        }
        return tensors.get(0);
    }

    /** Axis 1, or -1: the axis after the batch's in a tensor of rank 2. */
    private static boolean isFeatureAxis(Object axis) {
        return Integer.valueOf(1).equals(axis) || Integer.valueOf(-1).equals(axis);
    }

    private static int rank(TensorArg tensor) {
        return tensor.shape() == null ? -1 : tensor.shape().size();
    }

    /** The number of values per sample, or -1 when a dimension is unknown. */
    private static long perSampleSize(TensorArg x) {
        long size = 1;
        for (Object dimension : x.shape().subList(1, x.shape().size())) {
            if (!(dimension instanceof Integer)) {
                return -1;
            }
            size *= (Integer) dimension;
        }
        return size;
    }

    private static String describe(LayerCall op) {
        return "operation " + op.describe();
    }
}
