package org.gridgate.storage;

import java.nio.file.Path;
import java.util.Map;

/** A staged file whose bytes and checksum record are on stable storage, ready to be renamed into place. */
record FinishedFile(Path file, PosixAttributes attributes, Map<ChecksumAlgorithm, String> checksums) {
    FinishedFile {
        checksums = Map.copyOf(checksums);
    }
}
