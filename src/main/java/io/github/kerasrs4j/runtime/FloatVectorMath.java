package io.github.kerasrs4j.runtime;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** {@link VectorMath} for FLOAT, the one type the vector kernel computes. */
final class FloatVectorMath extends VectorMath {

    private static final VectorSpecies<Float> LANES = FloatVector.SPECIES_PREFERRED;

    @Override
    Object newArray(int length) {
        return new float[length];
    }

    @Override
    void gram(Object xArray, int xo, int ld, int f, int d, Object zArray, int zo, int[] rowOffset, int[] rowLength) {
        float[] x = (float[]) xArray;
        float[] z = (float[]) zArray;
        int vectorEnd = LANES.loopBound(d);
        for (int i0 = 0; i0 < f; i0 += 2) {
            int i1 = secondRow(i0, f);
            int r0 = xo + i0 * ld;
            int r1 = xo + i1 * ld;
            for (int j0 = 0; j0 <= i1; j0 += 4) {
                int j1 = Math.min(j0 + 1, i1);
                int j2 = Math.min(j0 + 2, i1);
                int j3 = Math.min(j0 + 3, i1);
                int c0 = xo + j0 * ld;
                int c1 = xo + j1 * ld;
                int c2 = xo + j2 * ld;
                int c3 = xo + j3 * ld;
                FloatVector s00 = FloatVector.zero(LANES), s01 = s00, s02 = s00, s03 = s00;
                FloatVector s10 = s00, s11 = s00, s12 = s00, s13 = s00;
                for (int k = 0; k < vectorEnd; k += LANES.length()) {
                    FloatVector a0 = FloatVector.fromArray(LANES, x, r0 + k);
                    FloatVector a1 = FloatVector.fromArray(LANES, x, r1 + k);
                    FloatVector b0 = FloatVector.fromArray(LANES, x, c0 + k);
                    FloatVector b1 = FloatVector.fromArray(LANES, x, c1 + k);
                    FloatVector b2 = FloatVector.fromArray(LANES, x, c2 + k);
                    FloatVector b3 = FloatVector.fromArray(LANES, x, c3 + k);
                    s00 = a0.fma(b0, s00);
                    s01 = a0.fma(b1, s01);
                    s02 = a0.fma(b2, s02);
                    s03 = a0.fma(b3, s03);
                    s10 = a1.fma(b0, s10);
                    s11 = a1.fma(b1, s11);
                    s12 = a1.fma(b2, s12);
                    s13 = a1.fma(b3, s13);
                }
                float t00 = s00.reduceLanes(VectorOperators.ADD), t01 = s01.reduceLanes(VectorOperators.ADD);
                float t02 = s02.reduceLanes(VectorOperators.ADD), t03 = s03.reduceLanes(VectorOperators.ADD);
                float t10 = s10.reduceLanes(VectorOperators.ADD), t11 = s11.reduceLanes(VectorOperators.ADD);
                float t12 = s12.reduceLanes(VectorOperators.ADD), t13 = s13.reduceLanes(VectorOperators.ADD);
                for (int k = vectorEnd; k < d; k++) {
                    float a0 = x[r0 + k];
                    float a1 = x[r1 + k];
                    t00 += a0 * x[c0 + k];
                    t01 += a0 * x[c1 + k];
                    t02 += a0 * x[c2 + k];
                    t03 += a0 * x[c3 + k];
                    t10 += a1 * x[c0 + k];
                    t11 += a1 * x[c1 + k];
                    t12 += a1 * x[c2 + k];
                    t13 += a1 * x[c3 + k];
                }
                int z0 = zo + rowOffset[i0];
                int z1 = zo + rowOffset[i1];
                int n0 = rowLength[i0];
                int n1 = rowLength[i1];
                // Only the kept entries: clamped columns repeat j = i1, past row i0's end.
                if (j0 < n0) { z[z0 + j0] = t00; }
                if (j1 < n0) { z[z0 + j1] = t01; }
                if (j2 < n0) { z[z0 + j2] = t02; }
                if (j3 < n0) { z[z0 + j3] = t03; }
                if (j0 < n1) { z[z1 + j0] = t10; }
                if (j1 < n1) { z[z1 + j1] = t11; }
                if (j2 < n1) { z[z1 + j2] = t12; }
                if (j3 < n1) { z[z1 + j3] = t13; }
            }
        }
    }

    @Override
    void times(Object sArray, Object xArray, int xo, int ld, int f, int d, Object dxArray, int dxo) {
        float[] s = (float[]) sArray;
        float[] x = (float[]) xArray;
        float[] dx = (float[]) dxArray;
        int step = LANES.length();
        for (int i0 = 0; i0 < f; i0 += 2) {
            int i1 = secondRow(i0, f);
            int k = 0;
            for (; k + 4 * step <= d; k += 4 * step) {
                FloatVector p0 = FloatVector.zero(LANES), p1 = p0, p2 = p0, p3 = p0;
                FloatVector q0 = p0, q1 = p0, q2 = p0, q3 = p0;
                for (int j = 0; j < f; j++) {
                    FloatVector w0 = FloatVector.broadcast(LANES, s[i0 * f + j]);
                    FloatVector w1 = FloatVector.broadcast(LANES, s[i1 * f + j]);
                    int at = xo + j * ld + k;
                    FloatVector b0 = FloatVector.fromArray(LANES, x, at);
                    FloatVector b1 = FloatVector.fromArray(LANES, x, at + step);
                    FloatVector b2 = FloatVector.fromArray(LANES, x, at + 2 * step);
                    FloatVector b3 = FloatVector.fromArray(LANES, x, at + 3 * step);
                    p0 = b0.fma(w0, p0);
                    p1 = b1.fma(w0, p1);
                    p2 = b2.fma(w0, p2);
                    p3 = b3.fma(w0, p3);
                    q0 = b0.fma(w1, q0);
                    q1 = b1.fma(w1, q1);
                    q2 = b2.fma(w1, q2);
                    q3 = b3.fma(w1, q3);
                }
                int out0 = dxo + i0 * ld + k;
                int out1 = dxo + i1 * ld + k;
                p0.intoArray(dx, out0);
                p1.intoArray(dx, out0 + step);
                p2.intoArray(dx, out0 + 2 * step);
                p3.intoArray(dx, out0 + 3 * step);
                q0.intoArray(dx, out1);
                q1.intoArray(dx, out1 + step);
                q2.intoArray(dx, out1 + 2 * step);
                q3.intoArray(dx, out1 + 3 * step);
            }
            for (; k + step <= d; k += step) {
                FloatVector p = FloatVector.zero(LANES), q = p;
                for (int j = 0; j < f; j++) {
                    FloatVector b = FloatVector.fromArray(LANES, x, xo + j * ld + k);
                    p = b.fma(FloatVector.broadcast(LANES, s[i0 * f + j]), p);
                    q = b.fma(FloatVector.broadcast(LANES, s[i1 * f + j]), q);
                }
                p.intoArray(dx, dxo + i0 * ld + k);
                q.intoArray(dx, dxo + i1 * ld + k);
            }
            for (; k < d; k++) {
                float p = 0;
                float q = 0;
                for (int j = 0; j < f; j++) {
                    p += s[i0 * f + j] * x[xo + j * ld + k];
                    q += s[i1 * f + j] * x[xo + j * ld + k];
                }
                dx[dxo + i0 * ld + k] = p;
                dx[dxo + i1 * ld + k] = q;
            }
        }
    }

    @Override
    void maskOutsideTriangle(Object zArray, int zo, int f, boolean selfInteraction) {
        float[] z = (float[]) zArray;
        for (int i = 0; i < f; i++) {
            if (!selfInteraction) {
                z[zo + i * f + i] *= 0;
            }
            for (int j = i + 1; j < f; j++) {
                z[zo + i * f + j] = z[zo + j * f + i] * 0;
            }
        }
    }

    @Override
    void symmetricGradient(Object upstreamArray, int uo, int f, int[] rowOffset, boolean skipGather,
                           boolean selfInteraction, Object sArray) {
        float[] u = (float[]) upstreamArray;
        float[] s = (float[]) sArray;
        for (int i = 0; i < f; i++) {
            int row = uo + rowOffset[i];
            for (int j = 0; j < i; j++) {
                float entry = skipGather ? u[row + j] + u[uo + j * f + i] * 0 : u[row + j] + 0;
                s[i * f + j] = entry;
                s[j * f + i] = entry;
            }
            float diagonal = skipGather || selfInteraction ? u[row + i] : 0;
            s[i * f + i] = selfInteraction ? diagonal + diagonal : diagonal * 0 + diagonal * 0;
        }
    }

    @Override
    void transpose(Object srcArray, int so, int rows, int cols, Object dstArray, int dOff) {
        float[] src = (float[]) srcArray;
        float[] dst = (float[]) dstArray;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                dst[dOff + c * rows + r] = src[so + r * cols + c];
            }
        }
    }
}
