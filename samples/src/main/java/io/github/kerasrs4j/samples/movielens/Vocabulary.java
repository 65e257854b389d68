package io.github.kerasrs4j.samples.movielens;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A feature's vocabulary as the keras-io example builds it: the distinct values sorted ({@code np.unique}),
 * looked up as Keras's {@code IntegerLookup}/{@code StringLookup(vocabulary=...)} do: the i-th value (from 0)
 * has index i + 1 and index 0 is the out-of-vocabulary bucket, so an embedding table has {@link #tableRows()}
 * = size + 1 rows.
 */
public final class Vocabulary<T extends Comparable<? super T>> {

    /** The index of a value the vocabulary does not hold. */
    public static final int OUT_OF_VOCABULARY = 0;

    private final List<T> values;
    private final Map<T, Integer> indices = new HashMap<>();

    public Vocabulary(Collection<T> values) {
        this.values = List.copyOf(new TreeSet<>(values));
        for (int i = 0; i < this.values.size(); i++) {
            indices.put(this.values.get(i), i + 1);
        }
    }

    public int indexOf(T value) {
        return indices.getOrDefault(value, OUT_OF_VOCABULARY);
    }

    /** The distinct values, sorted. */
    public List<T> values() {
        return values;
    }

    public int size() {
        return values.size();
    }

    /** Rows of the feature's embedding table: one per value and one for out-of-vocabulary ids. */
    public int tableRows() {
        return values.size() + 1;
    }
}
