package io.github.kerasrs4j.bench;

import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.factory.Nd4j;

/** A DL4J workspace set up as a ComputationGraph's activations workspace: it learns its size, then is reused. */
final class BenchWorkspace {

    private static final WorkspaceConfiguration CONFIG = WorkspaceConfiguration.builder()
            .initialSize(0).overallocationLimit(0.05).policyLearning(LearningPolicy.FIRST_LOOP)
            .policyReset(ResetPolicy.BLOCK_LEFT).policySpill(SpillPolicy.REALLOCATE)
            .policyAllocation(AllocationPolicy.OVERALLOCATE).build();

    private final String name;

    BenchWorkspace(String name) {
        this.name = name;
    }

    /** A workspace manager that puts every array type in this workspace. */
    LayerWorkspaceMgr manager() {
        LayerWorkspaceMgr.Builder mgr = LayerWorkspaceMgr.builder();
        for (ArrayType type : ArrayType.values()) {
            mgr.with(type, name, CONFIG);
        }
        return mgr.build();
    }

    /** Opens the workspace for one call; close it after. */
    MemoryWorkspace open() {
        return Nd4j.getWorkspaceManager().getAndActivateWorkspace(CONFIG, name);
    }
}
