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
 * one fetch, and Nimbus's rate limit turns the rest into quick refusals, so a client inventing key ids cannot turn
 * the door into a fetch amplifier.
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
    /** Guarded by this: the fetch in progress, shared by every request that waits for keys. */
    private CompletableFuture<Void> pending;

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
        if (current == null || System.currentTimeMillis() >= current.freshUntilMillis()) {
            return Optional.empty();
        }
        return Optional.of(current.keys());
    }

    /**
     * Blocks, at most {@link KeyFetching#maxWait}: fetches the key set again unless a fetch is running or the rate
     * limit says no, and returns the newest set there is. Never call this on an event loop.
     *
     * @throws IssuerUnavailableException if no current key set could be had in time
     */
    JWKSet fetch() throws IssuerUnavailableException {
        CompletableFuture<Void> fetch = startFetch();
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
        }
        Snapshot current = snapshot;
        if (current == null) {
            throw new IssuerUnavailableException("the keys of issuer " + issuer + " are unavailable: " + lastFailure);
        }
        return current.keys();
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
