package io.github.kerasrs4j.samples.dlrm;

/** How the DLRM graph combines the bottom MLP's output with the embeddings before the top MLP. */
public enum Interaction {
    /** DLRM: the pairwise dot products of all of them (DotInteraction), next to the bottom output. */
    DOT("DotInteraction", "dot"),
    /** The baseline: all of them side by side (MergeVertex), no explicit interactions. */
    CONCAT("concatenation baseline", "concat"),
    /** DCN v2: a stack of FeatureCross layers over them side by side, as keras-io's DCN example crosses features. */
    CROSS("DCN (FeatureCross)", "cross");

    private final String displayName;
    private final String fileTag;

    Interaction(String displayName, String fileTag) {
        this.displayName = displayName;
        this.fileTag = fileTag;
    }

    public String displayName() {
        return displayName;
    }

    /** A short name for the files this model's run writes. */
    public String fileTag() {
        return fileTag;
    }
}
