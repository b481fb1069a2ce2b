package org.gridgate.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Set;

/**
 * The door's counters, in Prometheus form: requests by method and status, bytes each way, macaroons issued,
 * refusals by kind, plus JVM memory, GC and threads. One instance per door, never static.
 */
public final class DoorMetrics implements AutoCloseable {

    /**
     * Methods counted under their own name: those of HTTP (RFC 9110, plus PATCH) and WebDAV (RFC 4918). The method
     * is whatever token the client sends, so any other is counted as {@code OTHER}: one new time series per
     * invented name would let an anonymous client grow the registry, and every scrape, without bound.
     */
    private static final Set<String> NAMED_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT",
            "OPTIONS", "TRACE", "PATCH", "PROPFIND", "PROPPATCH", "MKCOL", "COPY", "MOVE", "LOCK", "UNLOCK");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter bytesReceived;
    private final Counter bytesSent;
    private final Map<String, Timer> requestTimers = new ConcurrentHashMap<>();
    private final JvmGcMetrics gc = new JvmGcMetrics();

    public DoorMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        gc.bindTo(registry);
        bytesReceived = Counter.builder("gridgate.bytes.received").baseUnit("bytes")
                .description("Request body bytes received").register(registry);
        bytesSent = Counter.builder("gridgate.bytes.sent").baseUnit("bytes")
                .description("Response body bytes sent").register(registry);
    }

    /** One finished request. */
    public void request(String method, int status, Duration duration, long received, long sent) {
        String named = NAMED_METHODS.contains(method) ? method : "OTHER";
        // Looked up in a map of our own: building and registering the meter on every request cost 3 % of a small
        // GET's CPU. The key space is bounded: named methods times the statuses the door answers with.
        requestTimers.computeIfAbsent(named + ' ' + status, key -> Timer.builder("gridgate.requests")
                .description("Requests served, by method and status")
                .tag("method", named)
                .tag("status", Integer.toString(status))
                .register(registry)).record(duration);
        bytesReceived.increment(received);
        bytesSent.increment(sent);
    }

    /** A macaroon minted; {@code kind} is "issue" (X.509) or "attenuate" (macaroon holder). */
    public void macaroonIssued(String kind) {
        Counter.builder("gridgate.macaroons.issued")
                .description("Macaroons minted: kind=issue from an X.509 identity, kind=attenuate from a macaroon")
                .tag("kind", kind).register(registry).increment();
    }

    /** A refused credential; {@code kind} is "macaroon" or "certificate". */
    public void credentialRefused(String kind) {
        Counter.builder("gridgate.credentials.refused")
                .description("Credentials refused at authentication, by kind (macaroon, certificate)")
                .tag("kind", kind).register(registry).increment();
    }

    /** Staged bytes of resumable (BOINC) uploads removed because their macaroon had expired. */
    public void partialsSwept(int count, long bytes) {
        Counter.builder("gridgate.partial.uploads.swept")
                .description("Staged partial uploads (BOINC) removed after their macaroon expired")
                .register(registry).increment(count);
        Counter.builder("gridgate.partial.uploads.swept.bytes").baseUnit("bytes")
                .description("Bytes held by the staged partial uploads removed after their macaroon expired")
                .register(registry).increment(bytes);
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
