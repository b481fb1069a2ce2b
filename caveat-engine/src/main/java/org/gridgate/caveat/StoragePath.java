package org.gridgate.caveat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * An absolute, normalised path: a list of segments, none empty, {@code "."} or {@code ".."}, none with a control
 * character. Resolution is chroot-style, like dCache's {@code FsPath.chroot}: {@code ..} at the top stays at the
 * top, so a path resolved below a prefix can never leave it. Containment is segment by segment: {@code /data/a}
 * contains {@code /data/a/x} but not {@code /data/ab}. Segments are compared as exact strings: no Unicode
 * normalisation and no percent-decoding ({@code %2e%2e} is an ordinary name), which is the door's job.
 *
 * <p>Instances come only from the factories and operations below, each of which builds segments that hold the
 * invariant (splitting at {@code /}, dropping empty and {@code .} segments, resolving or refusing {@code ..},
 * refusing control characters), so the constructor takes them as they are: verification builds a few paths per
 * request and a second check of every segment showed in its cost.
 */
final class StoragePath {
    static final StoragePath ROOT = new StoragePath(List.of());

    private final List<String> segments;

    /** @param segments already valid, and not shared with anyone who could change them */
    private StoragePath(List<String> segments) {
        this.segments = Collections.unmodifiableList(segments);
    }

    /** Resolves {@code path} (absolute or not) below the root, clamping {@code ..} at the root. */
    static StoragePath resolve(String path) {
        return ROOT.chroot(path);
    }

    /**
     * A path that is already normalised apart from repeated or trailing slashes, or empty if it is relative or has
     * a {@code .} or {@code ..} segment or a control character: something the caller should have resolved first.
     */
    static Optional<StoragePath> ifNormalised(String path) {
        if (!path.startsWith("/") || LogSafe.hasControlCharacter(path)) {
            return Optional.empty();
        }
        List<String> segments = nonEmptySegments(path);
        for (String segment : segments) {
            if (segment.equals(".") || segment.equals("..")) {
                return Optional.empty();
            }
        }
        return Optional.of(new StoragePath(segments));
    }

    /**
     * {@code relative} resolved below this path as if this were {@code /}: a leading slash does not escape, and
     * {@code ..} never climbs above this path.
     *
     * @throws IllegalArgumentException if {@code relative} has a control character (NUL, newline, ...)
     */
    StoragePath chroot(String relative) {
        if (LogSafe.hasControlCharacter(relative)) {
            throw new IllegalArgumentException("control character in path " + LogSafe.text(relative));
        }
        List<String> resolved = new ArrayList<>(segments.size() + 8);
        resolved.addAll(segments);
        int floor = segments.size();
        for (String segment : nonEmptySegments(relative)) {
            if (segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (resolved.size() > floor) {
                    resolved.remove(resolved.size() - 1);
                }
            } else {
                resolved.add(segment);
            }
        }
        return new StoragePath(resolved);
    }

    /** The segments between slashes, leaving out empty ones (from {@code //}, a leading or a trailing slash). */
    private static List<String> nonEmptySegments(String path) {
        List<String> segments = new ArrayList<>(8);
        int start = 0;
        while (start < path.length()) {
            int slash = path.indexOf('/', start);
            int end = slash < 0 ? path.length() : slash;
            if (end > start) {
                segments.add(path.substring(start, end));
            }
            start = end + 1;
        }
        return segments;
    }

    /** This path followed by the segments of {@code relative}. */
    StoragePath append(StoragePath relative) {
        if (isRoot()) {
            return relative;
        }
        List<String> joined = new ArrayList<>(segments);
        joined.addAll(relative.segments);
        return new StoragePath(joined);
    }

    /** Whether this path is {@code prefix} or lies below it, segment by segment. */
    boolean isWithin(StoragePath prefix) {
        int length = prefix.segments.size();
        if (segments.size() < length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (!segments.get(i).equals(prefix.segments.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** This path seen from {@code ancestor}, which it must be within. */
    StoragePath relativeTo(StoragePath ancestor) {
        if (!isWithin(ancestor)) {
            throw new IllegalArgumentException(this + " is not within " + ancestor);
        }
        return new StoragePath(List.copyOf(segments.subList(ancestor.segments.size(), segments.size())));
    }

    /** The first {@code count} segments. */
    StoragePath truncate(int count) {
        return new StoragePath(List.copyOf(segments.subList(0, Math.min(count, segments.size()))));
    }

    int length() {
        return segments.size();
    }

    boolean isRoot() {
        return segments.isEmpty();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StoragePath path && path.segments.equals(segments);
    }

    @Override
    public int hashCode() {
        return segments.hashCode();
    }

    @Override
    public String toString() {
        return segments.isEmpty() ? "/" : "/" + String.join("/", segments);
    }
}
