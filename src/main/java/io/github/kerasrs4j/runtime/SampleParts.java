package io.github.kerasrs4j.runtime;

import java.util.stream.IntStream;

/**
 * Splits a call's samples into contiguous parts, as many as the work justifies, and runs them in
 * parallel, each with its own working arrays.
 */
final class SampleParts {

    /** Work on samples [from, to) with one thread's working arrays. */
    interface Work {
        void run(ScratchArrays part, long from, long to);
    }

    private SampleParts() {
    }

    /**
     * @param maxParts         at most this many parts (threads)
     * @param workPerSample    multiply-adds per sample
     * @param minWorkPerThread multiply-adds a thread must get for a call to be split
     * @return how many parts ran: part p's working arrays are {@code scratch.forPart(p)}
     */
    static int run(long batch, int maxParts, long workPerSample, long minWorkPerThread, ScratchArrays scratch,
                    Work work) {
        int parts = (int) Math.max(1, Math.min(Math.min(maxParts, batch), batch * workPerSample / minWorkPerThread));
        ScratchArrays[] scratchParts = new ScratchArrays[parts];
        for (int p = 0; p < parts; p++) {
            scratchParts[p] = scratch.forPart(p);
        }
        if (parts == 1) {
            work.run(scratchParts[0], 0, batch);
            return 1;
        }
        IntStream.range(0, parts).parallel()
                .forEach(p -> work.run(scratchParts[p], batch * p / parts, batch * (p + 1) / parts));
        return parts;
    }
}
