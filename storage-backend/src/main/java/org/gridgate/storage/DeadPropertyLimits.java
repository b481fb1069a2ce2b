package org.gridgate.storage;

/**
 * How much a resource may carry in dead properties: at most {@code maxCount} of them, whose record (names,
 * values and 12 bytes of lengths each, see {@link DeadPropertyRecord}) takes at most {@code maxBytes}.
 */
record DeadPropertyLimits(int maxCount, int maxBytes) {

    /** Linux's XATTR_SIZE_MAX: no filesystem takes a larger extended attribute value. */
    static final int LARGEST_ATTRIBUTE_BYTES = 64 * 1024;

    /** 64 properties in at most 64 KiB: far more than desktop clients store (Windows sets four Win32* ones). */
    static final DeadPropertyLimits DEFAULT = new DeadPropertyLimits(64, LARGEST_ATTRIBUTE_BYTES);

    DeadPropertyLimits {
        if (maxCount < 1) {
            throw new IllegalArgumentException("maxCount must be positive: " + maxCount);
        }
        if (maxBytes < DeadPropertyRecord.HEADER_BYTES || maxBytes > LARGEST_ATTRIBUTE_BYTES) {
            throw new IllegalArgumentException("maxBytes must be between " + DeadPropertyRecord.HEADER_BYTES
                    + " and " + LARGEST_ATTRIBUTE_BYTES + ": " + maxBytes);
        }
    }
}
