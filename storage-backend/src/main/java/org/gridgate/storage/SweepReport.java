package org.gridgate.storage;

/**
 * What one sweep removed ({@link PosixStorage#sweep}).
 *
 * @param leftovers    temporary files and directories of uploads and copies a door left behind
 * @param partials     staged bytes of resumable uploads whose key had expired
 * @param partialBytes how many bytes those partials held
 */
public record SweepReport(int leftovers, int partials, long partialBytes) {

    public int removed() {
        return leftovers + partials;
    }
}
