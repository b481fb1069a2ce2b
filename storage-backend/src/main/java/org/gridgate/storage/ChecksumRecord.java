package org.gridgate.storage;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Checksums together with the size and modification time of the file they were computed for. A file rewritten in
 * place by another writer no longer matches, so its stale checksums are never reported.
 *
 * <p>Encoded as one line of text: {@code v1 size=<bytes> mtime=<seconds>.<nanoseconds> adler32=<hex> [md5=<hex>]
 * [sha-256=<hex>]}: whichever algorithms were computed, in any order (a door that does not know one skips it).
 */
record ChecksumRecord(long size, Instant lastModified, Map<ChecksumAlgorithm, String> checksums) {
    private static final String VERSION = "v1";

    ChecksumRecord {
        checksums = checksums.isEmpty()
                ? Map.of()
                : Collections.unmodifiableMap(new EnumMap<>(checksums));
    }

    boolean describes(PosixAttributes attributes) {
        return attributes.size() == size && attributes.lastModified().equals(lastModified);
    }

    String encode() {
        StringBuilder text = new StringBuilder(VERSION)
                .append(" size=").append(size)
                .append(" mtime=").append(lastModified.getEpochSecond())
                .append('.').append(String.format("%09d", lastModified.getNano()));
        checksums.forEach((algorithm, value) -> text.append(' ').append(algorithm.digestName()).append('=')
                .append(value));
        return text.toString();
    }

    /** Empty for anything not written by {@link #encode()}: a damaged record is as good as none. */
    static Optional<ChecksumRecord> decode(String text) {
        String[] fields = text.strip().split(" ");
        if (fields.length < 3 || !fields[0].equals(VERSION)) {
            return Optional.empty();
        }
        Long size = null;
        Instant lastModified = null;
        Map<ChecksumAlgorithm, String> checksums = new EnumMap<>(ChecksumAlgorithm.class);
        try {
            for (int i = 1; i < fields.length; i++) {
                int equals = fields[i].indexOf('=');
                if (equals <= 0) {
                    return Optional.empty();
                }
                String key = fields[i].substring(0, equals);
                String value = fields[i].substring(equals + 1);
                if (key.equals("size")) {
                    size = Long.parseLong(value);
                } else if (key.equals("mtime")) {
                    lastModified = parseTime(value);
                } else {
                    // Unknown names are skipped, so a newer door may add algorithms without confusing an older one.
                    ChecksumAlgorithm.named(key).ifPresent(algorithm -> checksums.put(algorithm, value));
                }
            }
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (size == null || lastModified == null) {
            return Optional.empty();
        }
        return Optional.of(new ChecksumRecord(size, lastModified, checksums));
    }

    private static Instant parseTime(String value) {
        int dot = value.indexOf('.');
        if (dot < 0 || value.length() - dot - 1 != 9) {
            throw new NumberFormatException("mtime must be <seconds>.<9 digits>: " + value);
        }
        return Instant.ofEpochSecond(Long.parseLong(value.substring(0, dot)),
                Long.parseLong(value.substring(dot + 1)));
    }
}
