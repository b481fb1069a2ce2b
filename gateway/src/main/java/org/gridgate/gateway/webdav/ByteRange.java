package org.gridgate.gateway.webdav;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One satisfiable byte range of a file of known size, from an RFC 7233 {@code Range} header.
 *
 * @param first  offset of the first byte
 * @param length number of bytes (at least 1)
 */
record ByteRange(long first, long length) {

    long last() {
        return first + length - 1;
    }

    String contentRange(long size) {
        return "bytes " + first + "-" + last() + "/" + size;
    }

    /** Thrown when no requested range overlaps the file: the answer is 416. */
    static final class UnsatisfiableException extends Exception {
        private static final long serialVersionUID = 1L;
    }

    /**
     * Parses {@code bytes=a-b,c-,-n}. Returns empty for a header we ignore (other units, syntax errors: RFC 7233
     * says serve the whole file); ranges that start past the end are dropped; none left is unsatisfiable.
     * Overflowing numbers are syntax errors, never wrapped.
     */
    static Optional<List<ByteRange>> parse(String header, long size) throws UnsatisfiableException {
        if (header == null || !header.startsWith("bytes=")) {
            return Optional.empty();
        }
        List<ByteRange> ranges = new ArrayList<>();
        for (String spec : header.substring("bytes=".length()).split(",")) {
            String item = spec.trim();
            int dash = item.indexOf('-');
            if (dash < 0) {
                return Optional.empty();
            }
            try {
                String from = item.substring(0, dash).trim();
                String to = item.substring(dash + 1).trim();
                if (from.isEmpty()) {
                    long suffix = parseNonNegative(to);
                    if (suffix > 0 && size > 0) {
                        long length = Math.min(suffix, size);
                        ranges.add(new ByteRange(size - length, length));
                    }
                    continue;
                }
                long first = parseNonNegative(from);
                long last = to.isEmpty() ? Long.MAX_VALUE : parseNonNegative(to);
                if (last < first) {
                    return Optional.empty();
                }
                if (first < size) {
                    ranges.add(new ByteRange(first, Math.min(last, size - 1) - first + 1));
                }
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        if (ranges.isEmpty()) {
            throw new UnsatisfiableException();
        }
        return Optional.of(ranges);
    }

    private static long parseNonNegative(String digits) {
        if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit)) {
            throw new NumberFormatException(digits);
        }
        return Long.parseLong(digits);
    }
}
