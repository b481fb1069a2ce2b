package org.gridgate.gateway.token;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.CachingJWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSetBasedJWKSource;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.jwk.source.RefreshAheadCachingJWKSetSource;
import com.nimbusds.jose.jwk.source.URLBasedJWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.events.Event;
import java.io.IOException;
import java.net.MalformedURLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One issuer's signing keys. Nimbus's {@code JWKSourceBuilder} keeps them: cached for {@link KeyFetching#refresh},
 * refreshed ahead of expiry on a schedule, the last good set kept through an outage, fetches beyond the scheduled
 * ones rate limited, each fetch bounded by HTTP timeouts and a size limit.
 *
 * <p>Every fetch runs on this issuer's own thread, never on an event loop. What the event loop sees is
 * {@link #atHand}: the set Nimbus last returned, in memory. When that has no key for a token, a request asks
 * {@link #fetch} from its connection's I/O lane and waits at most {@link KeyFetching#maxWait}; concurrent asks share
 * one fetch, at most {@link #MAX_WAITERS} wait at a time, and Nimbus's rate limit turns the rest into quick
 * refusals, so a client inventing key ids can neither turn the door into a fetch amplifier nor tie up its I/O
 * threads.
 */
final class IssuerKeys implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IssuerKeys.class);

    /** What Nimbus last returned, and until when it counts as current. */
    private record Snapshot(JWKSet keys, long freshUntilMillis) {
    }

    private final String issuer;
    private final KeyFetching fetching;
    private final ScheduledExecutorService thread;
    private final JWKSetBasedJWKSource<SecurityContext> source;
    private volatile Snapshot snapshot;
    private volatile String lastFailure = "no key set fetched yet";
    /**
     * Requests waiting for this issuer's keys each hold a thread of the door's I/O pool; while an issuer hangs, only
     * this many do, the rest are answered 503 at once, so the pool stays free for storage work.
     */
    static final int MAX_WAITERS = 4;

    private final Semaphore waiters = new Semaphore(MAX_WAITERS);
    /** Guarded by this: the fetch in progress, shared by every request that waits for keys. */
    private CompletableFuture<Void> pending;
    /**
     * Guarded by this: when current keys were last fetched again for a token naming an unknown kid. Nimbus's rate
     * limit lets two fetches through per interval; this keeps it to one refetch per interval.
     */
    private long lastRefetchMillis = Long.MIN_VALUE / 2;

    IssuerKeys(TokenIssuer issuer, KeyFetching fetching, SSLSocketFactory tls) throws MalformedURLException {
        this.issuer = issuer.issuer();
        this.fetching = fetching;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "gridgate-token-keys");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.thread = executor;
        int timeout = Math.toIntExact(fetching.httpTimeout().toMillis());
        DefaultResourceRetriever http = new DefaultResourceRetriever(timeout, timeout,
                KeyFetching.MAX_KEY_SET_BYTES, true, tls);
        JWKSetSource<SecurityContext> origin = issuer.jwksUri().isPresent()
                ? new URLBasedJWKSetSource<>(issuer.jwksUri().get().toURL(), http)
                : new DiscoveredKeySet(issuer.issuer(), issuer.discoveryUri(), http);
        long refresh = fetching.refresh().toMillis();
        this.source = (JWKSetBasedJWKSource<SecurityContext>) JWKSourceBuilder.create(origin)
                .retrying(false)
                .cache(refresh, fetching.maxWait().toMillis())
                .refreshAheadCache(Duration.ofMinutes(1).toMillis(), this::onCacheEvent, thread, false, thread, false)
                .rateLimited(fetching.refetchInterval().toMillis())
                .outageTolerant(fetching.outageTolerance().toMillis())
                .build();
    }

    /** Fetches the keys in the background, so they are at hand for the first token. */
    void prefetch() {
        startFetch();
    }

    /** The keys as last fetched, if still current; in memory only. */
    Optional<JWKSet> atHand() {
        Snapshot current = snapshot;
        return isFresh(current) ? Optional.of(current.keys()) : Optional.empty();
    }

    /**
     * Blocks, at most {@link KeyFetching#maxWait}: fetches the key set again unless a fetch is running (then waits
     * for it) or current keys were fetched again less than {@link KeyFetching#refetchInterval} ago (then returns them
     * at once), and returns the newest current set. Never call this on an event loop.
     *
     * @throws IssuerUnavailableException if no current key set could be had in time
     */
    JWKSet fetch() throws IssuerUnavailableException {
        CompletableFuture<Void> fetch;
        synchronized (this) {
            Snapshot current = snapshot;
            boolean fresh = isFresh(current);
            long now = System.currentTimeMillis();
            if (pending != null && !pending.isDone()) {
                fetch = pending;
            } else if (fresh && now - lastRefetchMillis < fetching.refetchInterval().toMillis()) {
                // Current keys, and they were fetched again for an unknown kid not long ago: no fetch, no wait.
                return current.keys();
            } else {
                if (fresh) {
                    lastRefetchMillis = now;
                }
                fetch = startFetch();
            }
        }
        if (!waiters.tryAcquire()) {
            throw new IssuerUnavailableException("already " + MAX_WAITERS + " requests wait for the keys of issuer "
                    + issuer);
        }
        try {
            fetch.get(fetching.maxWait().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IssuerUnavailableException("the keys of issuer " + issuer + " did not arrive within "
                    + fetching.maxWait().toSeconds() + " s");
        } catch (ExecutionException e) {
            // load() reports its failures in lastFailure
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IssuerUnavailableException("interrupted while fetching the keys of issuer " + issuer);
        } finally {
            waiters.release();
        }
        Snapshot current = snapshot;
        if (!isFresh(current)) {
            // never keys older than Nimbus's outage tolerance lets through
            throw new IssuerUnavailableException("the keys of issuer " + issuer + " are unavailable: " + lastFailure);
        }
        return current.keys();
    }

    private static boolean isFresh(Snapshot snapshot) {
        return snapshot != null && System.currentTimeMillis() < snapshot.freshUntilMillis();
    }

    private synchronized CompletableFuture<Void> startFetch() {
        if (pending == null || pending.isDone()) {
            try {
                pending = CompletableFuture.runAsync(this::load, thread);
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                pending = CompletableFuture.completedFuture(null);
            }
        }
        return pending;
    }

    /** On this issuer's thread: asks Nimbus for a set newer than the one at hand (its rate limit may say no). */
    private void load() {
        Snapshot current = snapshot;
        JWKSetCacheRefreshEvaluator newer = current == null ? JWKSetCacheRefreshEvaluator.noRefresh()
                : JWKSetCacheRefreshEvaluator.referenceComparison(current.keys());
        try {
            keep(source.getJWKSetSource().getJWKSet(newer, System.currentTimeMillis(), null));
        } catch (RateLimitReachedException e) {
            LOG.debug("Not fetching the keys of issuer {} again yet (at most one fetch per {})", issuer,
                    fetching.refetchInterval());
        } catch (KeySourceException | RuntimeException e) {
            lastFailure = e.getMessage();
            LOG.warn("Cannot fetch the keys of token issuer {}: {}", issuer, e.getMessage());
        }
    }

    private void onCacheEvent(Event<CachingJWKSetSource<SecurityContext>, SecurityContext> event) {
        if (event instanceof CachingJWKSetSource.RefreshCompletedEvent<SecurityContext> completed) {
            keep(completed.getJWKSet());
        } else if (event instanceof RefreshAheadCachingJWKSetSource.ScheduledRefreshCompletedEvent<SecurityContext>
                completed) {
            keep(completed.getJWKSet());
        }
    }

    private void keep(JWKSet keys) {
        Snapshot current = snapshot;
        if (current == null || current.keys() != keys) {
            LOG.info("Token issuer {}: {} signing key(s)", issuer, keys.getKeys().size());
        }
        snapshot = new Snapshot(keys, System.currentTimeMillis() + fetching.refresh().toMillis());
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            source.close();
        } catch (IOException e) {
            LOG.debug("Closing the key source of issuer {}: {}", issuer, e.toString());
        }
    }
}
