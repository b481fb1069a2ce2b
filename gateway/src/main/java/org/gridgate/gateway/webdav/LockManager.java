package org.gridgate.gateway.webdav;

import io.netty.handler.codec.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
import org.gridgate.gateway.refusal.RefusedException;

/**
 * The rules of WebDAV write locks (RFC 4918 class 2), over a {@link LockTable} that is this door's memory or shared
 * by every door of the service: enough for clients that lock before they write (cadaver, litmus, desktop clients).
 * Grid clients never lock, so locks protect editors against each other, not against every writer of the storage.
 *
 * <p>A lock belongs to the principal that took it ({@link org.gridgate.gateway.auth.Client#principal()}). Its token
 * is no secret (lockdiscovery shows it to anyone who may read the resource's metadata, RFC 4918 §6.5), so only the
 * owner's submission of it counts: another client's cannot unlock, refresh or write through the lock.
 */
final class LockManager {

    /** Longest lock a client gets, whatever it asks for: a crashed client's lock must not stay forever. */
    static final Duration MAX_TIMEOUT = Duration.ofHours(1);
    /**
     * Locks a table holds at most. Any client that may write somewhere can take shared locks on one path without
     * limit, and every macaroon minted by attenuation is a new principal, so only a bound on the whole table keeps
     * memory bounded; editors (cadaver, litmus) hold a handful each, grid clients none.
     */
    static final int MAX_LOCKS = 10_000;
    /** A DAV:owner is a name or a URL; a longer one would let each lock hold up to a whole 64 KiB request body. */
    static final int MAX_OWNER_CHARACTERS = 1024;

    private final LockTable table;
    private final Clock clock;
    private final int maxLocks;

    LockManager(LockTable table, Clock clock) {
        this(table, clock, MAX_LOCKS);
    }

    /** @param maxLocks how many unexpired locks the table holds at most (tests use a small table) */
    LockManager(LockTable table, Clock clock, int maxLocks) {
        this.table = table;
        this.clock = clock;
        this.maxLocks = maxLocks;
    }

    WebDavLock lock(String path, boolean exclusive, boolean deep, String owner, String principal, Duration timeout)
            throws RefusedException {
        if (owner.length() > MAX_OWNER_CHARACTERS) {
            throw new MalformedRequestException("The lock owner is longer than " + MAX_OWNER_CHARACTERS
                    + " characters");
        }
        return table.change(locks -> {
            Instant now = clock.instant();
            expire(locks, now);
            if (locks.size() >= maxLocks) {
                throw new BusyException("Too many WebDAV locks are held; try again later");
            }
            for (WebDavLock existing : locks.values()) {
                boolean overlaps = existing.covers(path) || (deep && RequestPath.isWithin(existing.path(), path));
                if (overlaps && (exclusive || existing.exclusive())) {
                    throw new LockedException(path + " is locked");
                }
            }
            WebDavLock lock = new WebDavLock("opaquelocktoken:" + UUID.randomUUID(), path, exclusive, deep, owner,
                    principal, now.plus(min(timeout, MAX_TIMEOUT)));
            locks.put(lock.token(), lock);
            return lock;
        });
    }

    /** Renews the lock of {@code principal} covering {@code path} whose token the request submits. */
    Optional<WebDavLock> refresh(String path, HttpHeaders request, Duration timeout, String principal)
            throws RefusedException {
        return table.change(locks -> {
            Instant now = clock.instant();
            expire(locks, now);
            for (WebDavLock lock : locks.values()) {
                if (lock.covers(path) && submittedByOwner(request, lock, principal)) {
                    WebDavLock renewed = lock.renewedUntil(now.plus(min(timeout, MAX_TIMEOUT)));
                    locks.put(lock.token(), renewed);
                    return Optional.of(renewed);
                }
            }
            return Optional.empty();
        });
    }

    /**
     * UNLOCK: removes the lock named by {@code token}, which must cover {@code path} (409 otherwise) and belong to
     * {@code principal} (403 otherwise: RFC 4918 §9.11.1).
     */
    void unlock(String path, String token, String principal) throws RefusedException {
        table.change(locks -> {
            expire(locks, clock.instant());
            WebDavLock lock = locks.get(token);
            if (lock == null || !lock.covers(path)) {
                throw new ConflictException("No such lock on this resource");
            }
            if (!lock.principal().equals(principal)) {
                throw new AccessDeniedException("This lock belongs to another client",
                        principal + " may not remove the lock of " + lock.principal() + " on " + lock.path());
            }
            locks.remove(token);
            return null;
        });
    }

    /** Drops a lock the door has just taken for a request that then failed. */
    void forget(WebDavLock lock) throws RefusedException {
        table.change(locks -> locks.remove(lock.token()));
    }

    /**
     * Refuses (423) a change to {@code path}, or below it when {@code withDescendants}, that a lock covers unless
     * the request's {@code If} header names that lock's token and the lock is {@code principal}'s.
     */
    void checkWritable(String path, boolean withDescendants, HttpHeaders request, String principal)
            throws PreconditionFailedException, LockedException {
        checkWritable(path, withDescendants, request, null, principal);
    }

    /**
     * As {@link #checkWritable(String, boolean, HttpHeaders, String)}, and an {@code If} header must hold (412
     * otherwise), its entity tags compared with {@code etag} (quoted; null when the resource does not exist) and
     * its state tokens valid only if they name a lock of {@code principal}'s covering the resource.
     */
    void checkWritable(String path, boolean withDescendants, HttpHeaders request, String etag, String principal)
            throws PreconditionFailedException, LockedException {
        Map<String, WebDavLock> locks = table.read();
        Instant now = clock.instant();
        String condition = request.get("If");
        if (condition != null && !IfHeader.parse(condition).holds(token -> {
            WebDavLock lock = locks.get(token);
            return lock != null && live(lock, now) && lock.covers(path) && lock.principal().equals(principal);
        }, etag)) {
            throw new PreconditionFailedException("The If header's condition does not hold");
        }
        for (WebDavLock lock : locks.values()) {
            boolean affected = lock.covers(path) || (withDescendants && RequestPath.isWithin(lock.path(), path));
            if (affected && live(lock, now) && !submittedByOwner(request, lock, principal)) {
                throw new LockedException(lock.path() + " is locked");
            }
        }
    }

    /** The door's clock, which lock timeouts are counted by. */
    Instant now() {
        return clock.instant();
    }

    List<WebDavLock> locksCovering(String path) {
        Instant now = clock.instant();
        List<WebDavLock> covering = new ArrayList<>();
        for (WebDavLock lock : table.read().values()) {
            if (lock.covers(path) && live(lock, now)) {
                covering.add(lock);
            }
        }
        return covering;
    }

    /** Whether the lock is {@code principal}'s and the request's {@code If} header names its token. */
    private static boolean submittedByOwner(HttpHeaders request, WebDavLock lock, String principal) {
        return lock.principal().equals(principal) && IfHeader.names(request.get("If"), lock.token());
    }

    private static boolean live(WebDavLock lock, Instant now) {
        return !lock.expires().isBefore(now);
    }

    private static void expire(Map<String, WebDavLock> locks, Instant now) {
        locks.values().removeIf(lock -> !live(lock, now));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
