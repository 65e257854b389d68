package io.github.kerasrs4j.keras;

import org.nd4j.shade.guava.hash.HashFunction;
import org.nd4j.shade.guava.hash.Hashing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The index Keras's IntegerLookup and StringLookup give a token (keras/src/layers/preprocessing/index_lookup.py):
 * the vocabulary's tokens come after the special indices, which are the mask (index 0, in "int"
 * output mode only, when there is a mask token) and then {@code numOovIndices} out-of-vocabulary
 * indices. A token outside the vocabulary takes the single OOV index, or with several OOV indices
 * a bucket: {@code floorMod(token, n)} for integers (oov_method "floormod"), else FarmHash64
 * (TensorFlow's {@code to_hash_bucket_fast}) of the token's text. The mask token maps to 0 in "int"
 * mode and is dropped (see {@link #DROPPED}) in the counting modes.
 *
 * <p>Tokens are {@link Long} for IntegerLookup, {@link String} for StringLookup.
 */
final class IndexLookup {

    /** The index of a mask token in a counting output mode: it counts nowhere. */
    static final long DROPPED = Long.MAX_VALUE;

    private static final HashFunction FARM_HASH = Hashing.farmHashFingerprint64();

    private final String where;
    private final Map<Object, Long> indices = new HashMap<>();
    private final Object maskToken;
    private final int numOovIndices;
    private final int oovStart;
    private final boolean maskToZero;
    private final boolean floorModOov;

    /**
     * @param where          names the layer in errors
     * @param vocabulary     the vocabulary, with or without its leading special tokens (Keras strips them
     *                       when they are exactly [mask if int mode] + [oov] * numOovIndices)
     * @param maskToken      the mask token, or null
     * @param oovToken       the OOV token (only used to recognise a vocabulary's special tokens)
     * @param numOovIndices  the number of OOV indices, &gt;= 0
     * @param intOutput      whether the output mode is "int" (the mask then takes index 0)
     * @param floorModOov    whether integer OOV tokens take {@code floorMod(token, numOovIndices)} (else FarmHash64)
     * @throws IllegalArgumentException on a vocabulary Keras refuses too (empty, repeated terms, a misplaced mask)
     */
    IndexLookup(String where, List<?> vocabulary, Object maskToken, Object oovToken, int numOovIndices,
            boolean intOutput, boolean floorModOov) {
        if (numOovIndices < 0) {
            throw new IllegalArgumentException(where + ": num_oov_indices must be >= 0, found " + numOovIndices);
        }
        if (vocabulary.isEmpty()) {
            throw new IllegalArgumentException(where + ": the vocabulary is empty");
        }
        this.where = where;
        this.maskToken = maskToken;
        this.numOovIndices = numOovIndices;
        this.maskToZero = intOutput;
        this.floorModOov = floorModOov;
        this.oovStart = maskToken != null && intOutput ? 1 : 0;
        List<?> tokens = withoutSpecialTokens(vocabulary, oovToken);
        Set<Object> repeated = new LinkedHashSet<>();
        for (int i = 0; i < tokens.size(); i++) {
            Object token = tokens.get(i);
            if (token == null) {
                throw new IllegalArgumentException(where + ": vocabulary term " + i + " is null");
            }
            if (token.equals(maskToken)) {
                throw new IllegalArgumentException(where + ": the mask token " + maskToken + " is vocabulary term "
                        + i + "; Keras allows it only first, before the OOV tokens");
            }
            if (indices.put(token, (long) tokenStart() + i) != null) {
                repeated.add(token);
            }
        }
        if (!repeated.isEmpty()) {
            throw new IllegalArgumentException(where + ": the vocabulary repeats " + repeated);
        }
    }

    /** The vocabulary size Keras reports: special indices plus tokens. */
    int size() {
        return tokenStart() + indices.size();
    }

    /**
     * The index of {@code token} (a Long or a String).
     *
     * @throws IllegalArgumentException for a token outside the vocabulary when there are no OOV indices
     */
    long index(Object token) {
        Long index = indices.get(token);
        if (index != null) {
            return index;
        }
        if (maskToken != null && maskToken.equals(token)) {
            return maskToZero ? 0 : DROPPED;
        }
        switch (numOovIndices) {
            case 0:
                throw new IllegalArgumentException(where + ": " + describe(token) + " is not in the vocabulary, and "
                        + "the layer has num_oov_indices=0, so Keras refuses it too");
            case 1:
                return oovStart;
            default:
                return oovStart + oovBucket(token);
        }
    }

    private long oovBucket(Object token) {
        if (token instanceof Long && floorModOov) {
            return Math.floorMod((Long) token, numOovIndices);
        }
        // tf.strings.to_hash_bucket_fast: FarmHash Fingerprint64 of the bytes, unsigned modulo; integers as decimal text.
        long hash = FARM_HASH.hashBytes(token.toString().getBytes(StandardCharsets.UTF_8)).asLong();
        return Long.remainderUnsigned(hash, numOovIndices);
    }

    private int tokenStart() {
        return oovStart + numOovIndices;
    }

    /** Keras's set_vocabulary: leading special tokens are dropped only when they are exactly the expected ones. */
    private List<?> withoutSpecialTokens(List<?> vocabulary, Object oovToken) {
        List<Object> special = new ArrayList<>();
        for (int i = 0; i < oovStart; i++) {
            special.add(maskToken);
        }
        for (int i = 0; i < numOovIndices; i++) {
            special.add(oovToken);
        }
        boolean found = vocabulary.size() >= special.size();
        for (int i = 0; found && i < special.size(); i++) {
            found = Objects.equals(special.get(i), vocabulary.get(i));
        }
        return found ? vocabulary.subList(special.size(), vocabulary.size()) : vocabulary;
    }

    private static String describe(Object token) {
        return token instanceof String ? "'" + token + "'" : String.valueOf(token);
    }
}
