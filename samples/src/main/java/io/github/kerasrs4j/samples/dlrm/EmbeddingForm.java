package io.github.kerasrs4j.samples.dlrm;

/** How the DLRM graph holds its 26 embedding tables. */
public enum EmbeddingForm {
    /** One EmbeddingCollection over the ids [batch, 26], trained row-sparse: the fast form. */
    COLLECTION("collection"),
    /** One DL4J EmbeddingLayer per feature, each on its own [batch, 1] input, to compare. */
    PER_FEATURE("per-feature");

    private final String flag;

    EmbeddingForm(String flag) {
        this.flag = flag;
    }

    /** The value of {@code --embeddings} that picks it. */
    public String flag() {
        return flag;
    }

    static EmbeddingForm ofFlag(String value) {
        for (EmbeddingForm form : values()) {
            if (form.flag.equals(value)) {
                return form;
            }
        }
        throw new UsageException("--embeddings must be collection or per-feature, got '" + value + "'");
    }
}
