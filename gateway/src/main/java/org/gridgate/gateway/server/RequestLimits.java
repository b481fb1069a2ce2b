package org.gridgate.gateway.server;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.gridgate.gateway.refusal.BusyException;
import org.gridgate.gateway.refusal.RefusedException;
import org.gridgate.gateway.refusal.TooManyRequestsException;

/**
 * What one door lets each client address ask per request, before any credential is looked at: an address that
 * failed authentication {@link DoorLimits#authFailures()} times within the window is braked (429 with
 * {@code Retry-After}) until the brake ends; if a request rate is configured, an address over its share is answered
 * 429 and the door over its rate 503, both with {@code Retry-After}.
 *
 * <p>Memory stays bounded under a flood from many addresses: at most {@link #MAX_ADDRESSES} are tracked, the least
 * recently seen forgotten first, and each for no longer than its window.
 */
final class RequestLimits {

    static final int MAX_ADDRESSES = 100_000;
    private static final Duration ONE_SECOND = Duration.ofSeconds(1);

    private final DoorLimits limits;
    private final LimitLog log;
    private final LongSupplier nanoTime;
    private final Cache<InetAddress, Failures> failures;
    private final Cache<InetAddress, TokenBucket> rates;
    private final TokenBucket doorRate;

    RequestLimits(DoorLimits limits, LimitLog log) {
        this(limits, log, System::nanoTime);
    }

    RequestLimits(DoorLimits limits, LimitLog log, LongSupplier nanoTime) {
        this.limits = limits;
        this.log = log;
        this.nanoTime = nanoTime;
        this.failures = Caffeine.newBuilder().maximumSize(MAX_ADDRESSES)
                .expireAfterAccess(limits.authFailureWindow().plus(limits.authFailureBrake()))
                .build();
        this.rates = Caffeine.newBuilder().maximumSize(MAX_ADDRESSES)
                .expireAfterAccess(ONE_SECOND.multipliedBy(2)).build();
        this.doorRate = limits.requestsPerSecond() == 0 ? null : new TokenBucket(limits.requestsPerSecond());
    }

    /** Lets a request from {@code client} in, or refuses it. */
    void admit(InetAddress client) throws RefusedException {
        long now = nanoTime.getAsLong();
        Failures failed = limits.authFailures() == 0 ? null : failures.getIfPresent(client);
        if (failed != null) {
            long brakedNanos = failed.brakedFor(now);
            if (brakedNanos > 0) {
                log.refused("auth-failures");
                throw new TooManyRequestsException("Too many failed authentications from this address; retry later",
                        "braked after " + limits.authFailures() + " failed authentications",
                        roundUpToSeconds(brakedNanos));
            }
        }
        if (doorRate != null) {
            TokenBucket share = rates.get(client, address -> new TokenBucket(limits.requestsPerSecondPerAddress()));
            if (!share.take(now)) {
                log.refused("request-rate-per-address");
                throw new TooManyRequestsException("Too many requests from this address; retry later",
                        "over its share of the request rate (" + limits.requestsPerSecondPerAddress() + "/s)",
                        ONE_SECOND);
            }
            if (!doorRate.take(now)) {
                log.refused("request-rate");
                throw new BusyException("The door is busy; retry later",
                        "over the door's request rate (" + limits.requestsPerSecond() + "/s)", ONE_SECOND);
            }
        }
    }

    /** A request from {@code client} presented a credential that was refused. */
    void authenticationFailed(InetAddress client) {
        if (limits.authFailures() > 0) {
            failures.get(client, address -> new Failures()).record(nanoTime.getAsLong());
        }
    }

    private static Duration roundUpToSeconds(long nanos) {
        return Duration.ofSeconds(Math.max(1, (nanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1)));
    }

    /** The recent failures of one address, and the end of its brake. */
    private final class Failures {
        private final ArrayDeque<Long> times = new ArrayDeque<>();
        private long brakedUntil;
        private boolean braked;

        synchronized void record(long now) {
            long windowStart = now - limits.authFailureWindow().toNanos();
            while (!times.isEmpty() && times.peekFirst() - windowStart < 0) {
                times.removeFirst();
            }
            times.addLast(now);
            if (times.size() >= limits.authFailures()) {
                braked = true;
                brakedUntil = now + limits.authFailureBrake().toNanos();
                times.clear();
            }
        }

        /** How much longer the brake holds; 0 or less if it does not. */
        synchronized long brakedFor(long now) {
            return braked ? brakedUntil - now : 0;
        }
    }

    /** Up to a second's worth of requests at once, refilled continuously at {@code perSecond}. */
    private static final class TokenBucket {
        private final double perNano;
        private final double capacity;
        private double tokens;
        private long last;
        private boolean started;

        TokenBucket(int perSecond) {
            this.perNano = perSecond / 1e9;
            this.capacity = perSecond;
            this.tokens = perSecond;
        }

        synchronized boolean take(long now) {
            if (started) {
                tokens = Math.min(capacity, tokens + (now - last) * perNano);
            }
            started = true;
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }
    }
}
