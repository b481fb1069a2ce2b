package org.gridgate.gateway.webdav;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.gridgate.gateway.http.HttpError;
import org.gridgate.gateway.http.RequestPath;

/**
 * WebDAV write locks (RFC 4918 class 2), kept in this door's memory: enough for clients that lock before they
 * write (cadaver, litmus, desktop clients). Grid clients never lock, and locks are not shared between doors, so
 * they protect editors against each other on one door, not against every writer of the storage.
 */
final class LockManager {

    /** Longest lock a client gets, whatever it asks for: a crashed client's lock must not stay forever. */
    static final Duration MAX_TIMEOUT = Duration.ofHours(1);

    record Lock(String token, String path, boolean exclusive, boolean deep, String owner, Instant expires) {
        boolean covers(String target) {
            return target.equals(path) || (deep && RequestPath.isWithin(target, path));
        }
    }

    private final Clock clock;
    private final Map<String, Lock> byToken = new HashMap<>();

    LockManager(Clock clock) {
        this.clock = clock;
    }

    synchronized Lock lock(String path, boolean exclusive, boolean deep, String owner, Duration timeout)
            throws HttpError {
        expire();
        for (Lock existing : byToken.values()) {
            boolean overlaps = existing.covers(path) || (deep && RequestPath.isWithin(existing.path(), path));
            if (overlaps && (exclusive || existing.exclusive())) {
                throw new HttpError(HttpResponseStatus.LOCKED, path + " is locked");
            }
        }
        Lock lock = new Lock("opaquelocktoken:" + UUID.randomUUID(), path, exclusive, deep, owner,
                clock.instant().plus(min(timeout, MAX_TIMEOUT)));
        byToken.put(lock.token(), lock);
        return lock;
    }

    synchronized Optional<Lock> refresh(String path, HttpHeaders request, Duration timeout) {
        expire();
        for (Lock lock : byToken.values()) {
            if (lock.covers(path) && submitted(request, lock)) {
                Lock renewed = new Lock(lock.token(), lock.path(), lock.exclusive(), lock.deep(), lock.owner(),
                        clock.instant().plus(min(timeout, MAX_TIMEOUT)));
                byToken.put(lock.token(), renewed);
                return Optional.of(renewed);
            }
        }
        return Optional.empty();
    }

    /** Removes the lock named by {@code token} if it covers {@code path}. */
    synchronized boolean unlock(String path, String token) {
        expire();
        Lock lock = byToken.get(token);
        if (lock == null || !lock.covers(path)) {
            return false;
        }
        byToken.remove(token);
        return true;
    }

    /**
     * Refuses (423) a change to {@code path}, or below it when {@code withDescendants}, that a lock covers unless
     * the request's {@code If} header names that lock's token.
     */
    synchronized void checkWritable(String path, boolean withDescendants, HttpHeaders request) throws HttpError {
        checkWritable(path, withDescendants, request, null);
    }

    /**
     * As {@link #checkWritable(String, boolean, HttpHeaders)}, and an {@code If} header must hold (412 otherwise),
     * its entity tags compared with {@code etag} (quoted; null when the resource does not exist).
     */
    synchronized void checkWritable(String path, boolean withDescendants, HttpHeaders request, String etag)
            throws HttpError {
        expire();
        String condition = request.get("If");
        if (condition != null && !IfHeader.parse(condition).holds(token -> {
            Lock lock = byToken.get(token);
            return lock != null && lock.covers(path);
        }, etag)) {
            throw new HttpError(HttpResponseStatus.PRECONDITION_FAILED, "The If header's condition does not hold");
        }
        for (Lock lock : byToken.values()) {
            boolean affected = lock.covers(path) || (withDescendants && RequestPath.isWithin(lock.path(), path));
            if (affected && !submitted(request, lock)) {
                throw new HttpError(HttpResponseStatus.LOCKED, lock.path() + " is locked");
            }
        }
    }

    /** The door's clock, which lock timeouts are counted by. */
    Instant now() {
        return clock.instant();
    }

    synchronized List<Lock> locksCovering(String path) {
        expire();
        List<Lock> locks = new ArrayList<>();
        for (Lock lock : byToken.values()) {
            if (lock.covers(path)) {
                locks.add(lock);
            }
        }
        return locks;
    }

    /** Whether the client's {@code If} header names this lock's token. */
    private static boolean submitted(HttpHeaders request, Lock lock) {
        return IfHeader.names(request.get("If"), lock.token());
    }

    private void expire() {
        Instant now = clock.instant();
        byToken.values().removeIf(lock -> lock.expires().isBefore(now));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
