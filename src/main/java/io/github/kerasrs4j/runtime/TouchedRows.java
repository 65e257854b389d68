package io.github.kerasrs4j.runtime;

import java.util.Arrays;

/**
 * The table rows one training step looked up, each once, handed from an
 * {@code EmbeddingCollectionLayer}'s backward pass to its {@link LazyTableUpdater}: the layer writes
 * the gradient of exactly these rows, the updater turns exactly these into updates, and the next
 * backward pass clears them again. One instance per layer config in a network; not thread-safe, as a
 * DL4J network is not.
 */
public final class TouchedRows {

    private static final long EMPTY = -1;

    /** Open-addressing set of the rows, for finding repeats in O(1). */
    private long[] slots = new long[0];
    private int[] slotIndex = new int[0];
    private long[] rows = new long[0];
    private int count;
    private int minibatchSize;
    private int rowWidth;
    private boolean pendingUpdate;

    /**
     * Forgets the rows of the previous step and sizes the set for up to {@code capacity} rows of
     * {@code rowWidth} elements, looked up by a minibatch of {@code minibatchSize} examples.
     */
    public void clear(int capacity, int minibatchSize, int rowWidth) {
        int size = Integer.highestOneBit(Math.max(4, capacity * 2 - 1)) << 1;
        if (slots.length < size) {
            slots = new long[size];
            slotIndex = new int[size];
            rows = new long[capacity];
        } else if (rows.length < capacity) {
            rows = new long[capacity];
        }
        Arrays.fill(slots, EMPTY);
        count = 0;
        this.minibatchSize = minibatchSize;
        this.rowWidth = rowWidth;
        pendingUpdate = false;
    }

    /** Adds a row if it is not there yet; returns its index among this step's rows. */
    public int add(long row) {
        int mask = slots.length - 1;
        int slot = (int) (mix(row) & mask);
        while (slots[slot] != EMPTY) {
            if (slots[slot] == row) {
                return slotIndex[slot];
            }
            slot = (slot + 1) & mask;
        }
        slots[slot] = row;
        slotIndex[slot] = count;
        rows[count] = row;
        return count++;
    }

    private static long mix(long x) {
        x *= 0x9E3779B97F4A7C15L;
        return x ^ (x >>> 29);
    }

    /** {@link HostRows#prefetchBlockAt} for a loop over this step's rows in {@code memory}, at row {@code i}. */
    public void prefetchBlockAt(HostRows memory, int i) {
        memory.prefetchBlockAt(rows, i, count);
    }

    public int count() {
        return count;
    }

    public long row(int index) {
        return rows[index];
    }

    public int rowWidth() {
        return rowWidth;
    }

    public int minibatchSize() {
        return minibatchSize;
    }

    /** Marks the gradient of these rows as written and not yet turned into an update. */
    public void markPending() {
        pendingUpdate = true;
    }

    /** Whether a gradient awaits the updater; clears the mark. */
    public boolean takePending() {
        boolean pending = pendingUpdate;
        pendingUpdate = false;
        return pending;
    }
}
