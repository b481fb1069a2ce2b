package org.gridgate.gateway.webdav;

import io.netty.handler.codec.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.gridgate.gateway.http.RequestPath;
import org.gridgate.gateway.refusal.AccessDeniedException;
import org.gridgate.gateway.refusal.BusyException;
import org.gridgate.gateway.refusal.ConflictException;
import org.gridgate.gateway.refusal.LockedException;
import org.gridgate.gateway.refusal.MalformedRequestException;
import org.gridgate.gateway.refusal.PreconditionFailedException;

/**
 * WebDAV write locks (RFC 4918 class 2), kept in this door's memory: enough for clients that lock before they
 * write (cadaver, litmus, desktop clients). Grid clients never lock, and locks are not shared between doors, so
 * they protect editors against each other on one door, not against every writer of the storage.
 *
 * <p>A lock belongs to the principal that took it ({@link org.gridgate.gateway.auth.Client#principal()}). Its token
 * is no secret (lockdiscovery shows it to anyone who may read the resource's metadata, RFC 4918 §6.5), so only the
 * owner's submission of it counts: another client's cannot unlock, refresh or write through the lock.
 */
final class LockManager {

    /** Longest lock a client gets, whatever it asks for: a crashed client's lock must not stay forever. */
    static final Duration MAX_TIMEOUT = Duration.ofHours(1);
    /**
     * Locks one door holds at most. Any client that may write somewhere can take shared locks on one path without
     * limit, and every macaroon minted by attenuation is a new principal, so only a bound on the whole table keeps
     * memory bounded; editors (cadaver, litmus) hold a handful each, grid clients none.
     */
    static final int MAX_LOCKS = 10_000;
    /** A DAV:owner is a name or a URL; a longer one would let each lock hold up to a whole 64 KiB request body. */
    static final int MAX_OWNER_CHARACTERS = 1024;

    /** @param owner the client's free-text DAV:owner; {@code principal} is who the lock really belongs to */
    record Lock(String token, String path, boolean exclusive, boolean deep, String owner, String principal,
                Instant expires) {
        boolean covers(String target) {
            return target.equals(path) || (deep && RequestPath.isWithin(target, path));
        }
    }

    private final Clock clock;
    private final int maxLocks;
    private final Map<String, Lock> byToken = new HashMap<>();

    LockManager(Clock clock) {
        this(clock, MAX_LOCKS);
    }

    /** @param maxLocks how many unexpired locks the door holds at most (tests use a small table) */
    LockManager(Clock clock, int maxLocks) {
        this.clock = clock;
        this.maxLocks = maxLocks;
    }

    synchronized Lock lock(String path, boolean exclusive, boolean deep, String owner, String principal,
                           Duration timeout) throws MalformedRequestException, BusyException, LockedException {
        if (owner.length() > MAX_OWNER_CHARACTERS) {
            throw new MalformedRequestException("The lock owner is longer than " + MAX_OWNER_CHARACTERS
                    + " characters");
        }
        expire();
        if (byToken.size() >= maxLocks) {
            throw new BusyException("Too many locks held on this door; try again later");
        }
        for (Lock existing : byToken.values()) {
            boolean overlaps = existing.covers(path) || (deep && RequestPath.isWithin(existing.path(), path));
            if (overlaps && (exclusive || existing.exclusive())) {
                throw new LockedException(path + " is locked");
            }
        }
        Lock lock = new Lock("opaquelocktoken:" + UUID.randomUUID(), path, exclusive, deep, owner, principal,
                clock.instant().plus(min(timeout, MAX_TIMEOUT)));
        byToken.put(lock.token(), lock);
        return lock;
    }

    /** Renews the lock of {@code principal} covering {@code path} whose token the request submits. */
    synchronized Optional<Lock> refresh(String path, HttpHeaders request, Duration timeout, String principal) {
        expire();
        for (Lock lock : byToken.values()) {
            if (lock.covers(path) && submittedByOwner(request, lock, principal)) {
                Lock renewed = new Lock(lock.token(), lock.path(), lock.exclusive(), lock.deep(), lock.owner(),
                        lock.principal(), clock.instant().plus(min(timeout, MAX_TIMEOUT)));
                byToken.put(lock.token(), renewed);
                return Optional.of(renewed);
            }
        }
        return Optional.empty();
    }

    /**
     * UNLOCK: removes the lock named by {@code token}, which must cover {@code path} (409 otherwise) and belong to
     * {@code principal} (403 otherwise: RFC 4918 §9.11.1).
     */
    synchronized void unlock(String path, String token, String principal)
            throws ConflictException, AccessDeniedException {
        expire();
        Lock lock = byToken.get(token);
        if (lock == null || !lock.covers(path)) {
            throw new ConflictException("No such lock on this resource");
        }
        if (!lock.principal().equals(principal)) {
            throw new AccessDeniedException("This lock belongs to another client",
                    principal + " may not remove the lock of " + lock.principal() + " on " + lock.path());
        }
        byToken.remove(token);
    }

    /** Drops a lock the door has just taken for a request that then failed. */
    synchronized void forget(Lock lock) {
        byToken.remove(lock.token());
    }

    /**
     * Refuses (423) a change to {@code path}, or below it when {@code withDescendants}, that a lock covers unless
     * the request's {@code If} header names that lock's token and the lock is {@code principal}'s.
     */
    synchronized void checkWritable(String path, boolean withDescendants, HttpHeaders request, String principal)
            throws PreconditionFailedException, LockedException {
        checkWritable(path, withDescendants, request, null, principal);
    }

    /**
     * As {@link #checkWritable(String, boolean, HttpHeaders, String)}, and an {@code If} header must hold (412
     * otherwise), its entity tags compared with {@code etag} (quoted; null when the resource does not exist) and
     * its state tokens valid only if they name a lock of {@code principal}'s covering the resource.
     */
    synchronized void checkWritable(String path, boolean withDescendants, HttpHeaders request, String etag,
                                    String principal) throws PreconditionFailedException, LockedException {
        expire();
        String condition = request.get("If");
        if (condition != null && !IfHeader.parse(condition).holds(token -> {
            Lock lock = byToken.get(token);
            return lock != null && lock.covers(path) && lock.principal().equals(principal);
        }, etag)) {
            throw new PreconditionFailedException("The If header's condition does not hold");
        }
        for (Lock lock : byToken.values()) {
            boolean affected = lock.covers(path) || (withDescendants && RequestPath.isWithin(lock.path(), path));
            if (affected && !submittedByOwner(request, lock, principal)) {
                throw new LockedException(lock.path() + " is locked");
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

    /** Whether the lock is {@code principal}'s and the request's {@code If} header names its token. */
    private static boolean submittedByOwner(HttpHeaders request, Lock lock, String principal) {
        return lock.principal().equals(principal) && IfHeader.names(request.get("If"), lock.token());
    }

    private void expire() {
        Instant now = clock.instant();
        byToken.values().removeIf(lock -> lock.expires().isBefore(now));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
