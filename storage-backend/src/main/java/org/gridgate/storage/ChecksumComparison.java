package org.gridgate.storage;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Compares the digests a client sent with the ones computed. Expected values are hex (the gateway decodes RFC 3230
 * base64 before calling); case does not matter, and an adler32 shorter than 8 digits is read as if zero-padded,
 * because some clients drop the leading zeros.
 */
final class ChecksumComparison {

    private ChecksumComparison() {
    }

    /** A description of the first expected digest that does not match, if any. */
    static Optional<String> firstMismatch(Map<ChecksumAlgorithm, String> expected,
                                          Map<ChecksumAlgorithm, String> actual) {
        for (Map.Entry<ChecksumAlgorithm, String> entry : expected.entrySet()) {
            ChecksumAlgorithm algorithm = entry.getKey();
            String wanted = entry.getValue() == null ? "nothing" : normalise(algorithm, entry.getValue());
            String computed = actual.get(algorithm);
            if (computed == null || !computed.equals(wanted)) {
                return Optional.of(algorithm.digestName() + " expected " + wanted + " but was " + computed);
            }
        }
        return Optional.empty();
    }

    private static String normalise(ChecksumAlgorithm algorithm, String value) {
        String hex = value.strip().toLowerCase(Locale.ROOT);
        if (algorithm == ChecksumAlgorithm.ADLER32 && !hex.isEmpty() && hex.length() < 8) {
            return "0".repeat(8 - hex.length()) + hex;
        }
        return hex;
    }
}
