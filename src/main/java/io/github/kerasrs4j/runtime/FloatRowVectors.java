package io.github.kerasrs4j.runtime;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The dense kernel's element-wise FLOAT row loops on SIMD vectors, with the scalar loops' results bit for bit
 * (each lane computes what the scalar loop computes for its element, and nothing is summed across lanes).
 * Java 17's C2 leaves the scalar forms unvectorized: the ReLU derivative's select and the float-to-double sums.
 */
final class FloatRowVectors {

    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
    /** As many floats as DOUBLES has lanes, to widen into one double vector. */
    private static final VectorSpecies<Float> FLOATS_TO_WIDEN =
            VectorSpecies.of(float.class, VectorShape.forBitSize(DOUBLES.vectorBitSize() / 2));

    private FloatRowVectors() {
    }

    /** row = max(row + bias, 0) (Math.max's), or row + bias. */
    static void addBiasAndActivate(float[] row, float[] bias, boolean relu, int width) {
        int c = 0;
        for (int end = FLOATS.loopBound(width); c < end; c += FLOATS.length()) {
            FloatVector sum = FloatVector.fromArray(FLOATS, row, c).add(FloatVector.fromArray(FLOATS, bias, c));
            (relu ? sum.max(0f) : sum).intoArray(row, c);
        }
        for (; c < width; c++) {
            row[c] = relu ? Math.max(row[c] + bias[c], 0) : row[c] + bias[c];
        }
    }

    /** row = row where pre + bias > 0, else 0. */
    static void reluGradient(float[] row, float[] pre, float[] bias, int width) {
        int c = 0;
        for (int end = FLOATS.loopBound(width); c < end; c += FLOATS.length()) {
            FloatVector preActivation = FloatVector.fromArray(FLOATS, pre, c).add(FloatVector.fromArray(FLOATS, bias, c));
            FloatVector.zero(FLOATS).blend(FloatVector.fromArray(FLOATS, row, c),
                    preActivation.compare(VectorOperators.GT, 0f)).intoArray(row, c);
        }
        for (; c < width; c++) {
            row[c] = pre[c] + bias[c] > 0 ? row[c] : 0;
        }
    }

    /** sums += row, each element widened to double. */
    static void addTo(double[] sums, float[] row, int width) {
        int c = 0;
        for (int end = FLOATS_TO_WIDEN.loopBound(width); c < end; c += FLOATS_TO_WIDEN.length()) {
            DoubleVector widened = (DoubleVector) FloatVector.fromArray(FLOATS_TO_WIDEN, row, c)
                    .convertShape(VectorOperators.F2D, DOUBLES, 0);
            DoubleVector.fromArray(DOUBLES, sums, c).add(widened).intoArray(sums, c);
        }
        for (; c < width; c++) {
            sums[c] += row[c];
        }
    }
}
