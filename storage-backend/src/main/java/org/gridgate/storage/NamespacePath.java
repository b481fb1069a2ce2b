package org.gridgate.storage;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A path in the door's namespace that passed validation: absolute, no empty, {@code .} or {@code ..} segments, no
 * control characters or backslashes, no reserved internal names. Because no segment can climb, resolving one under
 * the root can only ever name something under the root.
 */
record NamespacePath(List<String> segments) {
    /** Linux NAME_MAX, in bytes of the on-disk (UTF-8) name. */
    static final int MAX_NAME_BYTES = 255;
    static final NamespacePath ROOT = new NamespacePath(List.of());

    NamespacePath {
        segments = List.copyOf(segments);
    }

    /** Accepts one trailing slash ({@code /dir/}), as WebDAV clients send for collections. */
    static NamespacePath parse(String path) throws StorageException {
        if (path == null || !path.startsWith("/")) {
            throw forbidden("a path must start with '/'");
        }
        if (path.equals("/")) {
            return ROOT;
        }
        String withoutTrailingSlash = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        List<String> segments = new ArrayList<>();
        for (String segment : withoutTrailingSlash.substring(1).split("/", -1)) {
            Optional<String> problem = problemWithName(segment);
            if (problem.isPresent()) {
                // The offending path is not echoed: it may hold control characters meant for a log or terminal.
                throw forbidden(problem.get());
            }
            segments.add(segment);
        }
        return new NamespacePath(segments);
    }

    /** Whether a name found on disk can be addressed through the namespace; others are never listed. */
    static boolean isAddressableName(String name) {
        return problemWithName(name).isEmpty();
    }

    private static Optional<String> problemWithName(String name) {
        if (name.isEmpty()) {
            return Optional.of("empty path segment");
        }
        if (name.equals(".") || name.equals("..")) {
            return Optional.of("'.' and '..' segments are not allowed");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isISOControl(c) || c == '\\') {
                return Optional.of("control characters and backslashes are not allowed");
            }
        }
        if (InternalNames.isInternal(name)) {
            return Optional.of("names starting with '" + InternalNames.PREFIX + "' are reserved");
        }
        if (!StandardCharsets.UTF_8.newEncoder().canEncode(name)) {
            return Optional.of("path segment is not valid Unicode");
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            return Optional.of("path segment longer than " + MAX_NAME_BYTES + " bytes");
        }
        return Optional.empty();
    }

    private static StorageException forbidden(String why) {
        return new StorageException(StorageException.Reason.FORBIDDEN_PATH, "forbidden path: " + why);
    }

    boolean isRoot() {
        return segments.isEmpty();
    }

    String name() {
        return isRoot() ? "" : segments.get(segments.size() - 1);
    }

    NamespacePath parent() {
        if (isRoot()) {
            throw new IllegalStateException("the root has no parent");
        }
        return new NamespacePath(segments.subList(0, segments.size() - 1));
    }

    /** Strictly above {@code other}: {@code /a} is an ancestor of {@code /a/b}, not of {@code /a} or {@code /ab}. */
    boolean isAncestorOf(NamespacePath other) {
        return other.segments.size() > segments.size()
                && other.segments.subList(0, segments.size()).equals(segments);
    }

    @Override
    public String toString() {
        return "/" + String.join("/", segments);
    }
}
