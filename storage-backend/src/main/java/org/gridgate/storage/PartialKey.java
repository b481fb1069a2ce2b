package org.gridgate.storage;

import java.time.Instant;
import java.util.Objects;

/**
 * Names the staged bytes of a resumable upload ({@link Storage#resumeUpload}): the same target path and key find the
 * same hidden staged file on every request and on every door sharing the storage, until {@code keepUntil}, when
 * the sweep removes it ({@link PosixStorage#sweep}).
 *
 * @param owner     who stages: an opaque string (e.g. a macaroon's log id), never shown to anybody
 * @param keepUntil when the staged bytes may go: after that nobody can resume them (the credential has expired)
 */
public record PartialKey(String owner, Instant keepUntil) {

    public PartialKey {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(keepUntil, "keepUntil");
    }
}
