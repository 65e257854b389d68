package io.github.kerasrs4j.spark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.ExecutorLostFailure;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;

/**
 * Kills the executor JVM that runs the first task of the n-th parameter-averaging round, by its process id,
 * and counts what Spark does next. On local-cluster the executors are child processes of this JVM.
 */
final class ExecutorKiller extends SparkListener {

    private final int round;
    private final Set<Integer> roundStages = new HashSet<>();
    private final AtomicInteger lostTasks = new AtomicInteger();
    private final AtomicInteger tasksAfterKill = new AtomicInteger();
    private volatile String killedExecutor;

    /** @param round 1-based averaging round (a stage of ParameterAveragingTrainingMaster) whose executor dies */
    ExecutorKiller(int round) {
        this.round = round;
    }

    @Override
    public synchronized void onStageSubmitted(SparkListenerStageSubmitted submitted) {
        String name = submitted.stageInfo().name();
        if (name.contains("ParameterAveragingTrainingMaster") && name.startsWith("treeAggregate")
                && roundStages.size() < round) {
            roundStages.add(submitted.stageInfo().stageId());
        }
    }

    @Override
    public synchronized void onTaskStart(SparkListenerTaskStart start) {
        if (killedExecutor == null && roundStages.size() == round && roundStages.contains(start.stageId())
                && isLatestRound(start.stageId())) {
            String executor = start.taskInfo().executorId();
            executorProcess(executor).orElseThrow(() -> new IllegalStateException("no process for executor "
                    + executor)).destroyForcibly();
            killedExecutor = executor;
        }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
        if (killedExecutor == null) {
            return;
        }
        if (end.reason() instanceof ExecutorLostFailure) {
            lostTasks.incrementAndGet();
        } else if (end.taskInfo().successful()) {
            tasksAfterKill.incrementAndGet();
        }
    }

    String killedExecutor() {
        return killedExecutor;
    }

    int tasksLostWithExecutor() {
        return lostTasks.get();
    }

    int tasksFinishedAfterKill() {
        return tasksAfterKill.get();
    }

    private boolean isLatestRound(int stageId) {
        return roundStages.stream().allMatch(id -> id <= stageId);
    }

    /**
     * local-cluster starts each executor as {@code java -cp ... CoarseGrainedExecutorBackend --executor-id N ...}.
     * Its command line is read from /proc (Linux): ProcessHandle.Info leaves out command lines this long.
     */
    private static Optional<ProcessHandle> executorProcess(String executorId) {
        return ProcessHandle.current().descendants()
                .filter(process -> isExecutor(commandLine(process), executorId))
                .findFirst();
    }

    private static List<String> commandLine(ProcessHandle process) {
        try {
            byte[] bytes = Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline"));
            return List.of(new String(bytes, StandardCharsets.UTF_8).split("\0"));
        } catch (IOException e) {
            return List.of();    // the process has ended
        }
    }

    private static boolean isExecutor(List<String> arguments, String executorId) {
        int flag = arguments.indexOf("--executor-id");
        return flag >= 0 && flag + 1 < arguments.size() && arguments.get(flag + 1).equals(executorId);
    }
}
