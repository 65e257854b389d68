package io.github.kerasrs4j.runtime;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** {@link VectorMath} for FLOAT, the one type the vector kernel computes. */
final class FloatVectorMath extends VectorMath {

    private static final VectorSpecies<Float> LANES = FloatVector.SPECIES_PREFERRED;
    /** The byte order dX is written in: the host's, as ND4J's buffers hold it. */
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();
    /**
     * The Gram by rows' vectors: the preferred ones, up to 512 bits. Their lanes are summed by folding the
     * accumulators into each other (blends and lane swaps, {@link #fold}), not by {@code reduceLanes}, which
     * Java 17 compiles to one add per lane in order.
     */
    private static final VectorSpecies<Float> DOT_LANES = LANES.length() <= 16 ? LANES : FloatVector.SPECIES_512;
    private static final VectorMask<Float> ODD_1 = laneBitSet(0);
    private static final VectorMask<Float> ODD_2 = laneBitSet(1);
    private static final VectorShuffle<Float> SWAP_1 = swapAcross(0);
    private static final VectorShuffle<Float> SWAP_2 = swapAcross(1);
    /** Null where the vectors have too few lanes for them. */
    private static final VectorMask<Float> ODD_4 = DOT_LANES.length() >= 8 ? laneBitSet(2) : null;
    private static final VectorShuffle<Float> SWAP_4 = DOT_LANES.length() >= 8 ? swapAcross(2) : null;
    private static final VectorShuffle<Float> SWAP_8 = DOT_LANES.length() >= 16 ? swapAcross(3) : null;
    /**
     * Whether dX = S·X takes blocks of four vectors of columns ({@link #fourRowsFourVectors}): where vectors are
     * 512 bits wide, that is with AVX-512's 32 vector registers; AVX2's 16 could not hold its 16 accumulators.
     */
    private static final boolean FOUR_VECTOR_BLOCKS = LANES.vectorBitSize() >= 512;
    // dX's rows go into native memory where vectors store there, else into a staged Java array
    // (VectorApi.BYTE_BUFFER_ACCESS): a constant, so C2 compiles one way only. A test of the staged array for null
    // instead, or one shared store method for both ways, cost C2's inlining of the stores and boxed the vectors.

    /** The lanes whose index has the given bit set. */
    private static VectorMask<Float> laneBitSet(int bit) {
        boolean[] set = new boolean[DOT_LANES.length()];
        for (int lane = 0; lane < set.length; lane++) {
            set[lane] = (lane >> bit & 1) == 1;
        }
        return VectorMask.fromArray(DOT_LANES, set, 0);
    }

    /** Each lane swapped with the one whose index differs in the given bit. */
    private static VectorShuffle<Float> swapAcross(int bit) {
        return VectorShuffle.fromOp(DOT_LANES, lane -> lane ^ 1 << bit);
    }

    /**
     * a's and b's lanes added in pairs across {@code swap}: where {@code odd} is clear the pair sums of a,
     * where set those of b.
     */
    private static FloatVector fold(FloatVector a, FloatVector b, VectorMask<Float> odd, VectorShuffle<Float> swap) {
        return a.blend(b, odd).add(b.blend(a, odd).rearrange(swap));
    }

    /** Four accumulators folded into one vector: each one's sum spread over the lanes congruent to its index mod 4. */
    private static FloatVector foldFour(FloatVector a, FloatVector b, FloatVector c, FloatVector d) {
        return fold(fold(a, b, ODD_1, SWAP_1), fold(c, d, ODD_1, SWAP_1), ODD_2, SWAP_2);
    }

    @Override
    Object newArray(int length) {
        return new float[length];
    }

    @Override
    int lanes() {
        return LANES.length();
    }

    @Override
    void interactions(Object xArray, int xo, int ld, int d, Object columns, Object zArray, int zo,
                      InteractionLayout layout) {
        float[] x = (float[]) xArray;
        float[] z = (float[]) zArray;
        if (byColumns(d)) {
            gramByColumns(x, xo, ld, d, (float[]) columns, z, zo, layout);
        } else {
            gramByRows(x, xo, ld, d, z, zo, layout);
        }
        if (layout.skipGather()) {
            maskOutsideTriangle(z, zo, layout);
        }
    }

    /** How many of row i's entries are computed: the kept run, or in skip_gather mode the diagonal too. */
    private static int computedLength(InteractionLayout layout, int row) {
        return layout.skipGather() ? row + 1 : layout.rowLength(row);
    }

    /**
     * Z's lower triangle (as {@link #computedLength}) a block of four rows by two vectors of columns at a
     * time, from Xᵀ [D, width] (X's columns, copied into {@code xt} first): Z[i, j..j+lanes) accumulates
     * x[i, k] · Xᵀ[k, j..], so no entry needs a horizontal sum. Each row's last vector is stored whole: the
     * lanes past the row's run land at the start of later rows' runs (or in the upper triangle, or past the
     * sample, so {@code z} needs {@link #lanes()} more elements), which are written after it, as the steps of
     * columns go from last to first.
     */
    private void gramByColumns(float[] x, int xo, int ld, int d, float[] xt, float[] z, int zo,
                               InteractionLayout layout) {
        int f = layout.numFeatures();
        int step = LANES.length();
        int width = columnsWidth(f);
        for (int j = 0; j < f; j++) {
            for (int k = 0; k < d; k++) {
                xt[k * width + j] = x[xo + j * ld + k];
            }
        }
        for (int i0 = 0; i0 < f; i0 += 4) {
            int i1 = blockRow(i0 + 1, f);
            int i2 = blockRow(i0 + 2, f);
            int i3 = blockRow(i0 + 3, f);
            int r0 = xo + i0 * ld;
            int r1 = xo + i1 * ld;
            int r2 = xo + i2 * ld;
            int r3 = xo + i3 * ld;
            int length3 = computedLength(layout, i3);
            for (int c = (length3 - 1) / (2 * step) * (2 * step); c >= 0 && length3 > 0; c -= 2 * step) {
                FloatVector p0 = FloatVector.zero(LANES), p1 = p0, q0 = p0, q1 = p0;
                FloatVector s0 = p0, s1 = p0, t0 = p0, t1 = p0;
                for (int k = 0; k < d; k++) {
                    FloatVector b0 = FloatVector.fromArray(LANES, xt, k * width + c);
                    FloatVector b1 = FloatVector.fromArray(LANES, xt, k * width + c + step);
                    FloatVector a0 = FloatVector.broadcast(LANES, x[r0 + k]);
                    FloatVector a1 = FloatVector.broadcast(LANES, x[r1 + k]);
                    FloatVector a2 = FloatVector.broadcast(LANES, x[r2 + k]);
                    FloatVector a3 = FloatVector.broadcast(LANES, x[r3 + k]);
                    p0 = b0.fma(a0, p0);
                    p1 = b1.fma(a0, p1);
                    q0 = b0.fma(a1, q0);
                    q1 = b1.fma(a1, q1);
                    s0 = b0.fma(a2, s0);
                    s1 = b1.fma(a2, s1);
                    t0 = b0.fma(a3, t0);
                    t1 = b1.fma(a3, t1);
                }
                // Vectors stored only where the row's run reaches them; rows in order, as the comment above needs.
                int n0 = computedLength(layout, i0) - c;
                int n1 = computedLength(layout, i1) - c;
                int n2 = computedLength(layout, i2) - c;
                int n3 = length3 - c;
                if (n0 > 0) { p0.intoArray(z, zo + layout.outputRowStart(i0) + c); }
                if (n0 > step) { p1.intoArray(z, zo + layout.outputRowStart(i0) + c + step); }
                if (n1 > 0) { q0.intoArray(z, zo + layout.outputRowStart(i1) + c); }
                if (n1 > step) { q1.intoArray(z, zo + layout.outputRowStart(i1) + c + step); }
                if (n2 > 0) { s0.intoArray(z, zo + layout.outputRowStart(i2) + c); }
                if (n2 > step) { s1.intoArray(z, zo + layout.outputRowStart(i2) + c + step); }
                if (n3 > 0) { t0.intoArray(z, zo + layout.outputRowStart(i3) + c); }
                if (n3 > step) { t1.intoArray(z, zo + layout.outputRowStart(i3) + c + step); }
            }
        }
    }

    /**
     * For a Z [F, F] at offset {@code zo} whose lower triangle and diagonal are written: the entries outside
     * the kept triangle become Z's value there times 0 (upper ones the mirrored Z[j, i]).
     */
    private static void maskOutsideTriangle(float[] z, int zo, InteractionLayout layout) {
        int f = layout.numFeatures();
        for (int i = 0; i < f; i++) {
            if (!layout.selfInteraction()) {
                z[zo + i * f + i] *= 0;
            }
            for (int j = i + 1; j < f; j++) {
                z[zo + i * f + j] = z[zo + j * f + i] * 0;
            }
        }
    }

    /**
     * Z's kept entries by dot products of X's rows, two rows by four at a time, the lanes of each block's eight
     * accumulators summed by {@link #fold}s. Rows are paired (i, i + 1) from row F mod 2, so that no row is paired
     * with itself, and a pair takes the blocks of columns its second row's entries left of the diagonal need:
     * at F = 27, 49 blocks. Those blocks also give every diagonal entry but those of rows 0, 4, 8, ... when F is
     * odd, which {@link #diagonals} adds where they are needed (self_interaction, or skip_gather's mask).
     */
    private static void gramByRows(float[] x, int xo, int ld, int d, float[] z, int zo, InteractionLayout layout) {
        int f = layout.numFeatures();
        for (int i0 = f % 2; i0 < f; i0 += 2) {
            int i1 = i0 + 1;
            rowPair(x, xo, ld, d, i0, z, zo + layout.outputRowStart(i0), computedLength(layout, i0),
                    zo + layout.outputRowStart(i1), computedLength(layout, i1));
        }
        if (f % 2 == 1 && (layout.skipGather() || layout.selfInteraction())) {
            int last = (f - 1) / 4 * 4;
            for (int i = 0; i < f; i += 16) {
                int i1 = Math.min(i + 4, last);
                int i2 = Math.min(i + 8, last);
                int i3 = Math.min(i + 12, last);
                diagonals(x, xo + i * ld, xo + i1 * ld, xo + i2 * ld, xo + i3 * ld, d, z,
                        zo + layout.outputRowStart(i) + i, zo + layout.outputRowStart(i1) + i1,
                        zo + layout.outputRowStart(i2) + i2, zo + layout.outputRowStart(i3) + i3);
            }
        }
    }

    /**
     * Rows i0 and i0 + 1 by rows j0..j0+3 (clamped to i0 + 1) for each block of columns left of row i0 + 1's
     * diagonal, into the runs of Z at z0 and z1 (n0 and n1 entries long). A method apart: C2 inlines no more
     * than this many vector operations into one compiled method, and boxes the vectors of any it leaves out.
     */
    private static void rowPair(float[] x, int xo, int ld, int d, int i0, float[] z, int z0, int n0, int z1, int n1) {
        int i1 = i0 + 1;
        int r0 = xo + i0 * ld;
        int r1 = r0 + ld;
        int vectorEnd = DOT_LANES.loopBound(d);
        for (int j0 = 0; j0 < i1; j0 += 4) {
            int j1 = Math.min(j0 + 1, i1);
            int j2 = Math.min(j0 + 2, i1);
            int j3 = Math.min(j0 + 3, i1);
            int c0 = xo + j0 * ld;
            int c1 = xo + j1 * ld;
            int c2 = xo + j2 * ld;
            int c3 = xo + j3 * ld;
            FloatVector s00 = FloatVector.zero(DOT_LANES), s01 = s00, s02 = s00, s03 = s00;
            FloatVector s10 = s00, s11 = s00, s12 = s00, s13 = s00;
            for (int k = 0; k < vectorEnd; k += DOT_LANES.length()) {
                FloatVector a0 = FloatVector.fromArray(DOT_LANES, x, r0 + k);
                FloatVector a1 = FloatVector.fromArray(DOT_LANES, x, r1 + k);
                FloatVector b0 = FloatVector.fromArray(DOT_LANES, x, c0 + k);
                FloatVector b1 = FloatVector.fromArray(DOT_LANES, x, c1 + k);
                FloatVector b2 = FloatVector.fromArray(DOT_LANES, x, c2 + k);
                FloatVector b3 = FloatVector.fromArray(DOT_LANES, x, c3 + k);
                s00 = a0.fma(b0, s00);
                s01 = a0.fma(b1, s01);
                s02 = a0.fma(b2, s02);
                s03 = a0.fma(b3, s03);
                s10 = a1.fma(b0, s10);
                s11 = a1.fma(b1, s11);
                s12 = a1.fma(b2, s12);
                s13 = a1.fma(b3, s13);
            }
            FloatVector row0 = foldFour(s00, s01, s02, s03);
            FloatVector row1 = foldFour(s10, s11, s12, s13);
            float t00, t01, t02, t03, t10, t11, t12, t13;
            if (ODD_4 == null) {
                t00 = row0.lane(0); t01 = row0.lane(1); t02 = row0.lane(2); t03 = row0.lane(3);
                t10 = row1.lane(0); t11 = row1.lane(1); t12 = row1.lane(2); t13 = row1.lane(3);
            } else {
                // Row 0's sums in lanes 0-3 (mod 8), row 1's in 4-7; then the upper half added to the lower.
                FloatVector rows = fold(row0, row1, ODD_4, SWAP_4);
                if (SWAP_8 != null) {
                    rows = rows.add(rows.rearrange(SWAP_8));
                }
                t00 = rows.lane(0); t01 = rows.lane(1); t02 = rows.lane(2); t03 = rows.lane(3);
                t10 = rows.lane(4); t11 = rows.lane(5); t12 = rows.lane(6); t13 = rows.lane(7);
            }
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
            // Only the kept entries: clamped columns repeat j = i0 + 1, past row i0's end.
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

    /** The diagonal entries of four rows of X (at those offsets; repeated rows give repeated entries) into z at z0..z3. */
    private static void diagonals(float[] x, int r0, int r1, int r2, int r3, int d, float[] z, int z0, int z1, int z2,
                                  int z3) {
        int vectorEnd = DOT_LANES.loopBound(d);
        FloatVector s0 = FloatVector.zero(DOT_LANES), s1 = s0, s2 = s0, s3 = s0;
        for (int k = 0; k < vectorEnd; k += DOT_LANES.length()) {
            FloatVector a0 = FloatVector.fromArray(DOT_LANES, x, r0 + k);
            FloatVector a1 = FloatVector.fromArray(DOT_LANES, x, r1 + k);
            FloatVector a2 = FloatVector.fromArray(DOT_LANES, x, r2 + k);
            FloatVector a3 = FloatVector.fromArray(DOT_LANES, x, r3 + k);
            s0 = a0.fma(a0, s0);
            s1 = a1.fma(a1, s1);
            s2 = a2.fma(a2, s2);
            s3 = a3.fma(a3, s3);
        }
        // Each row's sum spread over the lanes congruent to its index mod 4, then those lanes added up.
        FloatVector sums = foldFour(s0, s1, s2, s3);
        if (SWAP_4 != null) {
            sums = sums.add(sums.rearrange(SWAP_4));
        }
        if (SWAP_8 != null) {
            sums = sums.add(sums.rearrange(SWAP_8));
        }
        float t0 = sums.lane(0), t1 = sums.lane(1), t2 = sums.lane(2), t3 = sums.lane(3);
        for (int k = vectorEnd; k < d; k++) {
            t0 += x[r0 + k] * x[r0 + k];
            t1 += x[r1 + k] * x[r1 + k];
            t2 += x[r2 + k] * x[r2 + k];
            t3 += x[r3 + k] * x[r3 + k];
        }
        z[z0] = t0;
        z[z1] = t1;
        z[z2] = t2;
        z[z3] = t3;
    }

    @Override
    void times(Object sArray, Object xArray, int xo, int ld, int f, int d, ByteBuffer[] dx, Object staged, int[] dxAt) {
        float[] s = (float[]) sArray;
        float[] x = (float[]) xArray;
        float[] stagedDx = (float[]) staged;
        int step = LANES.length();
        for (int i0 = 0; i0 < f; i0 += 4) {
            int k = 0;
            for (; FOUR_VECTOR_BLOCKS && k + 4 * step <= d; k += 4 * step) {
                fourRowsFourVectors(s, x, xo, ld, f, i0, k, dx, stagedDx, dxAt);
            }
            for (; k + 2 * step <= d; k += 2 * step) {
                fourRowsTwoVectors(s, x, xo, ld, f, i0, k, dx, stagedDx, dxAt);
            }
            if (k + step <= d) {
                fourRowsOneVector(s, x, xo, ld, f, i0, k, dx, stagedDx, dxAt);
                k += step;
            }
            for (; k < d; k++) {
                for (int i = i0; i <= blockRow(i0 + 3, f); i++) {
                    float sum = 0;
                    for (int j = 0; j < f; j++) {
                        sum += s[i * f + j] * x[xo + j * ld + k];
                    }
                    if (VectorApi.BYTE_BUFFER_ACCESS) {
                        dx[i].putFloat(dxAt[i] + k * Float.BYTES, sum);
                    } else {
                        stagedDx[dxAt[i] + k] = sum;
                    }
                }
            }
        }
    }

    /**
     * dX's rows i0..i0+3 (clamped to F - 1) by four vectors of columns from k on: sixteen accumulators, so that
     * each j's four loads and four broadcasts feed sixteen FMAs (twice {@link #fourRowsTwoVectors}'s eight), with
     * registers to spare among AVX-512's 32 ({@link #FOUR_VECTOR_BLOCKS}). Each block size is a method apart, as
     * {@link #rowPair} is.
     */
    private static void fourRowsFourVectors(float[] s, float[] x, int xo, int ld, int f, int i0, int k,
                                            ByteBuffer[] dx, float[] staged, int[] dxAt) {
        int step = LANES.length();
        int i1 = blockRow(i0 + 1, f);
        int i2 = blockRow(i0 + 2, f);
        int i3 = blockRow(i0 + 3, f);
        FloatVector p0 = FloatVector.zero(LANES), p1 = p0, p2 = p0, p3 = p0;
        FloatVector q0 = p0, q1 = p0, q2 = p0, q3 = p0;
        FloatVector r0 = p0, r1 = p0, r2 = p0, r3 = p0;
        FloatVector t0 = p0, t1 = p0, t2 = p0, t3 = p0;
        for (int j = 0; j < f; j++) {
            int at = xo + j * ld + k;
            FloatVector b0 = FloatVector.fromArray(LANES, x, at);
            FloatVector b1 = FloatVector.fromArray(LANES, x, at + step);
            FloatVector b2 = FloatVector.fromArray(LANES, x, at + 2 * step);
            FloatVector b3 = FloatVector.fromArray(LANES, x, at + 3 * step);
            FloatVector w = FloatVector.broadcast(LANES, s[i0 * f + j]);
            p0 = b0.fma(w, p0);
            p1 = b1.fma(w, p1);
            p2 = b2.fma(w, p2);
            p3 = b3.fma(w, p3);
            w = FloatVector.broadcast(LANES, s[i1 * f + j]);
            q0 = b0.fma(w, q0);
            q1 = b1.fma(w, q1);
            q2 = b2.fma(w, q2);
            q3 = b3.fma(w, q3);
            w = FloatVector.broadcast(LANES, s[i2 * f + j]);
            r0 = b0.fma(w, r0);
            r1 = b1.fma(w, r1);
            r2 = b2.fma(w, r2);
            r3 = b3.fma(w, r3);
            w = FloatVector.broadcast(LANES, s[i3 * f + j]);
            t0 = b0.fma(w, t0);
            t1 = b1.fma(w, t1);
            t2 = b2.fma(w, t2);
            t3 = b3.fma(w, t3);
        }
        if (VectorApi.BYTE_BUFFER_ACCESS) {
            int kb = k * Float.BYTES;
            storeFour(p0, p1, p2, p3, dx[i0], dxAt[i0] + kb);
            storeFour(q0, q1, q2, q3, dx[i1], dxAt[i1] + kb);
            storeFour(r0, r1, r2, r3, dx[i2], dxAt[i2] + kb);
            storeFour(t0, t1, t2, t3, dx[i3], dxAt[i3] + kb);
        } else {
            storeFour(p0, p1, p2, p3, staged, dxAt[i0] + k);
            storeFour(q0, q1, q2, q3, staged, dxAt[i1] + k);
            storeFour(r0, r1, r2, r3, staged, dxAt[i2] + k);
            storeFour(t0, t1, t2, t3, staged, dxAt[i3] + k);
        }
    }

    /** Four vectors side by side into {@code out} from byte {@code at} on. */
    private static void storeFour(FloatVector a, FloatVector b, FloatVector c, FloatVector e, ByteBuffer out, int at) {
        int stepBytes = LANES.length() * Float.BYTES;
        a.intoByteBuffer(out, at, NATIVE);
        b.intoByteBuffer(out, at + stepBytes, NATIVE);
        c.intoByteBuffer(out, at + 2 * stepBytes, NATIVE);
        e.intoByteBuffer(out, at + 3 * stepBytes, NATIVE);
    }

    /** Four vectors side by side into {@code out} from element {@code at} on. */
    private static void storeFour(FloatVector a, FloatVector b, FloatVector c, FloatVector e, float[] out, int at) {
        int step = LANES.length();
        a.intoArray(out, at);
        b.intoArray(out, at + step);
        c.intoArray(out, at + 2 * step);
        e.intoArray(out, at + 3 * step);
    }

    /**
     * dX's rows i0..i0+3 (clamped) by two vectors of columns from k on: eight accumulators, enough for both FMA
     * pipes; at 512 bits only where D leaves two or three vectors (at D = 32 the whole row).
     */
    private static void fourRowsTwoVectors(float[] s, float[] x, int xo, int ld, int f, int i0, int k,
                                           ByteBuffer[] dx, float[] staged, int[] dxAt) {
        int step = LANES.length();
        int i1 = blockRow(i0 + 1, f);
        int i2 = blockRow(i0 + 2, f);
        int i3 = blockRow(i0 + 3, f);
        FloatVector p0 = FloatVector.zero(LANES), p1 = p0, q0 = p0, q1 = p0;
        FloatVector r0 = p0, r1 = p0, t0 = p0, t1 = p0;
        for (int j = 0; j < f; j++) {
            int at = xo + j * ld + k;
            FloatVector b0 = FloatVector.fromArray(LANES, x, at);
            FloatVector b1 = FloatVector.fromArray(LANES, x, at + step);
            FloatVector w = FloatVector.broadcast(LANES, s[i0 * f + j]);
            p0 = b0.fma(w, p0);
            p1 = b1.fma(w, p1);
            w = FloatVector.broadcast(LANES, s[i1 * f + j]);
            q0 = b0.fma(w, q0);
            q1 = b1.fma(w, q1);
            w = FloatVector.broadcast(LANES, s[i2 * f + j]);
            r0 = b0.fma(w, r0);
            r1 = b1.fma(w, r1);
            w = FloatVector.broadcast(LANES, s[i3 * f + j]);
            t0 = b0.fma(w, t0);
            t1 = b1.fma(w, t1);
        }
        if (VectorApi.BYTE_BUFFER_ACCESS) {
            int kb = k * Float.BYTES;
            int stepBytes = step * Float.BYTES;
            p0.intoByteBuffer(dx[i0], dxAt[i0] + kb, NATIVE);
            p1.intoByteBuffer(dx[i0], dxAt[i0] + kb + stepBytes, NATIVE);
            q0.intoByteBuffer(dx[i1], dxAt[i1] + kb, NATIVE);
            q1.intoByteBuffer(dx[i1], dxAt[i1] + kb + stepBytes, NATIVE);
            r0.intoByteBuffer(dx[i2], dxAt[i2] + kb, NATIVE);
            r1.intoByteBuffer(dx[i2], dxAt[i2] + kb + stepBytes, NATIVE);
            t0.intoByteBuffer(dx[i3], dxAt[i3] + kb, NATIVE);
            t1.intoByteBuffer(dx[i3], dxAt[i3] + kb + stepBytes, NATIVE);
        } else {
            p0.intoArray(staged, dxAt[i0] + k);
            p1.intoArray(staged, dxAt[i0] + k + step);
            q0.intoArray(staged, dxAt[i1] + k);
            q1.intoArray(staged, dxAt[i1] + k + step);
            r0.intoArray(staged, dxAt[i2] + k);
            r1.intoArray(staged, dxAt[i2] + k + step);
            t0.intoArray(staged, dxAt[i3] + k);
            t1.intoArray(staged, dxAt[i3] + k + step);
        }
    }

    /** dX's rows i0..i0+3 (clamped) by one vector of columns from k on, where D leaves one. */
    private static void fourRowsOneVector(float[] s, float[] x, int xo, int ld, int f, int i0, int k,
                                          ByteBuffer[] dx, float[] staged, int[] dxAt) {
        int i1 = blockRow(i0 + 1, f);
        int i2 = blockRow(i0 + 2, f);
        int i3 = blockRow(i0 + 3, f);
        FloatVector p = FloatVector.zero(LANES), q = p, r = p, t = p;
        for (int j = 0; j < f; j++) {
            FloatVector b = FloatVector.fromArray(LANES, x, xo + j * ld + k);
            p = b.fma(FloatVector.broadcast(LANES, s[i0 * f + j]), p);
            q = b.fma(FloatVector.broadcast(LANES, s[i1 * f + j]), q);
            r = b.fma(FloatVector.broadcast(LANES, s[i2 * f + j]), r);
            t = b.fma(FloatVector.broadcast(LANES, s[i3 * f + j]), t);
        }
        if (VectorApi.BYTE_BUFFER_ACCESS) {
            int kb = k * Float.BYTES;
            p.intoByteBuffer(dx[i0], dxAt[i0] + kb, NATIVE);
            q.intoByteBuffer(dx[i1], dxAt[i1] + kb, NATIVE);
            r.intoByteBuffer(dx[i2], dxAt[i2] + kb, NATIVE);
            t.intoByteBuffer(dx[i3], dxAt[i3] + kb, NATIVE);
        } else {
            p.intoArray(staged, dxAt[i0] + k);
            q.intoArray(staged, dxAt[i1] + k);
            r.intoArray(staged, dxAt[i2] + k);
            t.intoArray(staged, dxAt[i3] + k);
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
