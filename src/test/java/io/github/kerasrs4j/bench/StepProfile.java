package io.github.kerasrs4j.bench;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where the time of a DLRM sample's training step goes, from a JFR recording of the sample:
 * {@code java ... io.github.kerasrs4j.bench.StepProfile step.jfr}, the recording made with
 * {@code MAVEN_OPTS="-XX:StartFlightRecording=delay=25s,duration=12s,filename=step.jfr,settings=profile"} on
 * the sample's command (see docs/performance.md). Each Java or native method sample of the training
 * thread inside {@code DlrmTrainer.train} (held-out evaluation left out) goes to the first part below
 * whose frame is on its stack; the prefetch thread's parsing is counted apart. Printed as a Markdown
 * table of shares.
 */
public final class StepProfile {

    /** The "profile" settings sample running Java every 10 ms and native methods every 20 ms. */
    private static final int JAVA_SAMPLE_WEIGHT = 1;
    private static final int NATIVE_SAMPLE_WEIGHT = 2;

    /** Parts of a step, each by a frame that marks it, in the order they are tried. */
    private static final List<String[]> PARTS = List.of(
            new String[]{"RowSparseStep.", "the step, params -= update (RowSparseStep)"},
            new String[]{"LazyTableUpdater", "EmbeddingCollection: lookup, gradient of the looked-up rows, lazy Adam"},
            new String[]{"EmbeddingCollectionLayer.", "EmbeddingCollection: lookup, gradient of the looked-up rows, lazy Adam"},
            new String[]{"DotInteraction", "DotInteraction forward and backward"},
            new String[]{"ConcatenateVertex.", "concatenations (Concatenate, MergeVertex, StackFeatures)"},
            new String[]{"MergeVertex.", "concatenations (Concatenate, MergeVertex, StackFeatures)"},
            new String[]{"PreprocessorVertex.", "concatenations (Concatenate, MergeVertex, StackFeatures)"},
            new String[]{"BaseOutputLayer.", "output layer and loss"},
            new String[]{"lossfunctions.", "output layer and loss"},
            new String[]{"UpdaterBlock.", "Adam on the dense layers, minibatch division"},
            new String[]{"BaseMultiLayerUpdater.", "Adam on the dense layers, minibatch division"},
            new String[]{"layers.BaseLayer.", "dense layers (bottom and top MLP), forward and backward"},
            new String[]{"Criteo", "reading and parsing the rows, building the batch (training thread)"},
            new String[]{"AsyncMultiDataSetIterator.", "taking the next batch from the prefetch thread"});

    private StepProfile() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, Integer> weights = new LinkedHashMap<>();
        PARTS.forEach(part -> weights.put(part[1], 0));
        int prefetch = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
            String type = event.getEventType().getName();
            int weight = type.equals("jdk.ExecutionSample") ? JAVA_SAMPLE_WEIGHT
                    : type.equals("jdk.NativeMethodSample") ? NATIVE_SAMPLE_WEIGHT : 0;
            if (weight == 0 || event.getStackTrace() == null) {
                continue;
            }
            List<String> frames = event.getStackTrace().getFrames().stream().map(StepProfile::name).toList();
            if (frames.stream().anyMatch(f -> f.contains("HeldOutMetrics.evaluate"))) {
                continue;
            }
            if (frames.stream().noneMatch(f -> f.contains("DlrmTrainer.train"))) {
                if (frames.stream().anyMatch(f -> f.contains("CriteoMultiDataSetIterator.next"))) {
                    prefetch += weight;
                }
                continue;
            }
            weights.merge(part(frames), weight, Integer::sum);
        }
        int total = weights.values().stream().mapToInt(Integer::intValue).sum();
        System.out.printf(Locale.ROOT, "%d weighted samples (%.1f s) of the training thread in DlrmTrainer.train%n%n",
                total, total * 0.01);
        System.out.println("| part of the step | share |");
        System.out.println("| --- | --- |");
        weights.entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted((a, b) -> b.getValue() - a.getValue())
                .forEach(e -> System.out.printf(Locale.ROOT, "| %s | %.1f%% |%n", e.getKey(), 100.0 * e.getValue() / total));
        System.out.printf(Locale.ROOT, "%nThe prefetch thread's reading and parsing: %.1f%% of the training thread's samples%n",
                100.0 * prefetch / Math.max(1, total));
    }

    private static String part(List<String> frames) {
        for (String[] part : PARTS) {
            if (frames.stream().anyMatch(f -> f.contains(part[0]))) {
                return part[1];
            }
        }
        return "the rest of fit (workspaces, listeners, bookkeeping)";
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }
}
