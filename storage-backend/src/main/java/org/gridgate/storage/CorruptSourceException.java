package org.gridgate.storage;

import java.io.IOException;

/** A file being copied does not match the checksums recorded for it: the copy is refused rather than spread. */
final class CorruptSourceException extends IOException {
    private static final long serialVersionUID = 1L;

    CorruptSourceException(String message) {
        super(message);
    }
}
