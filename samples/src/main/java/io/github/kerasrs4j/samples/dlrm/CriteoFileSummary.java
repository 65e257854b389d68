package io.github.kerasrs4j.samples.dlrm;

import java.nio.file.Path;

/**
 * Row and click counts of a Criteo file's two splits, from one validating pass: reading a file once before
 * training means a malformed line stops the run before any training, and the counts pace the progress log.
 */
public record CriteoFileSummary(Path file, long trainRows, long trainClicks, long heldOutRows, long heldOutClicks) {

    /**
     * Reads every line (up to {@code maxLines}; 0 = all) and checks that both splits can be trained and scored.
     *
     * @throws CriteoFormatException naming the file, and the line for a malformed one
     */
    public static CriteoFileSummary scan(Path file, CriteoRowParser parser, long maxLines) {
        long trainRows = 0, trainClicks = 0, heldOutRows = 0, heldOutClicks = 0;
        try (CriteoFileReader reader = new CriteoFileReader(file, parser, DataSplit.ALL, maxLines)) {
            for (CriteoRow row; (row = reader.next()) != null; ) {
                if (DataSplit.HELD_OUT.contains(reader.lineNumber())) {
                    heldOutRows++;
                    heldOutClicks += row.label();
                } else {
                    trainRows++;
                    trainClicks += row.label();
                }
            }
        }
        long lines = trainRows + heldOutRows;
        if (lines == 0) {
            throw new CriteoFormatException("Criteo file " + file + " is empty: it has no rows");
        }
        if (lines < DataSplit.minimumLines()) {
            throw new CriteoFormatException("Criteo file " + file + " has " + lines + " rows: at least "
                    + DataSplit.minimumLines() + " are needed, as every " + DataSplit.minimumLines()
                    + "th row is held out for evaluation");
        }
        if (heldOutClicks == 0 || heldOutClicks == heldOutRows) {
            throw new CriteoFormatException("Criteo file " + file + ": its " + heldOutRows + " held-out rows (every "
                    + DataSplit.minimumLines() + "th) all have label " + (heldOutClicks == 0 ? 0 : 1)
                    + ", so AUC is undefined: it needs both clicks and non-clicks");
        }
        return new CriteoFileSummary(file, trainRows, trainClicks, heldOutRows, heldOutClicks);
    }
}
