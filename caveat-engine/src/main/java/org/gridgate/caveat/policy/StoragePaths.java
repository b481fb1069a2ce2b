package org.gridgate.caveat.policy;

import java.util.Optional;

/**
 * Storage paths as the policy compares them: absolute, slash-separated, no trailing slash except for the root.
 * Containment is segment by segment, so {@code /atlas/a} contains {@code /atlas/a/b} but not {@code /atlas/ab}.
 */
final class StoragePaths {

    static final String ROOT = "/";

    private StoragePaths() {
    }

    /**
     * The canonical form of {@code path}, or empty when it cannot be judged safely: relative, or holding a
     * {@code .} or {@code ..} segment (which could climb out of a prefix after the check), or a control character.
     * Repeated slashes are collapsed because every file system reads them as one.
     */
    static Optional<String> normalise(String path) {
        if (path == null || !path.startsWith("/") || path.chars().anyMatch(Character::isISOControl)) {
            return Optional.empty();
        }
        StringBuilder canonical = new StringBuilder();
        for (String segment : path.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            if (segment.equals(".") || segment.equals("..")) {
                return Optional.empty();
            }
            canonical.append('/').append(segment);
        }
        return Optional.of(canonical.isEmpty() ? ROOT : canonical.toString());
    }

    /** Whether normalised {@code path} is {@code prefix} itself or lies below it. */
    static boolean isWithin(String path, String prefix) {
        return prefix.equals(ROOT) || path.equals(prefix) || path.startsWith(prefix + "/");
    }

    /** Whether normalised {@code path} is a directory above {@code prefix} (not {@code prefix} itself). */
    static boolean isStrictAncestorOf(String path, String prefix) {
        return !path.equals(prefix) && isWithin(prefix, path);
    }
}
