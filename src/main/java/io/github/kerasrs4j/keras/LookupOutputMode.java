package io.github.kerasrs4j.keras;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Locale;

/**
 * How a lookup layer writes the indices of a batch (Keras's {@code output_mode}): the indices
 * themselves ("int"), or a vector of {@code depth} per sample, with a 1 at each index present
 * ("one_hot", "multi_hot") or the number of times it occurs ("count"). Indices outside
 * [0, depth), such as a dropped mask token, count nowhere, as in TensorFlow's bincount.
 */
enum LookupOutputMode {
    INT, ONE_HOT, MULTI_HOT, COUNT;

    /**
     * Reads Keras's output_mode, with its deprecated names.
     *
     * @throws IllegalArgumentException for "tf_idf" or an unknown mode
     */
    static LookupOutputMode of(String kerasName, String where) {
        String name = "binary".equals(kerasName) ? "multi_hot" : kerasName;
        switch (name) {
            case "int":
                return INT;
            case "one_hot":
                return ONE_HOT;
            case "multi_hot":
                return MULTI_HOT;
            case "count":
                return COUNT;
            default:
                throw new IllegalArgumentException(where + " has output_mode '" + kerasName + "': the importer "
                        + "supports int, one_hot, multi_hot and count");
        }
    }

    /**
     * The graph's array for {@code indices} [batch][width].
     *
     * @param perSample whether the raw input had one value per sample (Keras shape (batch,)): "int"
     *                  then gives a column [batch, 1], the form an imported Embedding takes
     * @param indices   [batch &gt;= 1][width &gt;= 1]
     * @return "int": [batch, width]; one_hot: [batch, depth]; multi_hot and count: [batch, depth]
     * @throws IllegalArgumentException where Keras would give another rank (one_hot of several
     *                                  values per sample) or merge the batch (multi_hot or count of one value per sample)
     */
    INDArray encode(long[][] indices, boolean perSample, int depth, String where) {
        int batch = indices.length;
        int width = indices[0].length;
        if (this == INT) {
            return Nd4j.createFromArray(indices).castTo(DataType.FLOAT);   // exact: lookups have at most 2^24 indices
        }
        if (this == ONE_HOT && width != 1) {
            throw new IllegalArgumentException(where + " with output_mode one_hot is given " + width
                    + " values per sample: that gives a rank-3 output, which the importer does not support");
        }
        if (this != ONE_HOT && perSample) {
            throw new IllegalArgumentException(where + " with output_mode " + name().toLowerCase(Locale.ROOT)
                    + " is given one value per sample: Keras would then count over the whole batch; give it "
                    + "shape (batch, n)");
        }
        INDArray out = Nd4j.zeros(DataType.FLOAT, batch, depth);
        for (int b = 0; b < batch; b++) {
            for (long index : indices[b]) {
                if (index >= 0 && index < depth) {
                    double count = this == COUNT ? out.getDouble(b, index) + 1 : 1;
                    out.putScalar(b, index, count);
                }
            }
        }
        return out;
    }
}
