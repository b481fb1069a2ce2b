package org.gridgate.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import org.gridgate.certs.CredentialExpiry;
import java.util.Set;
import java.util.function.Supplier;

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
    private final RecentRequests recent;
    private final Counter handshakesSucceeded;
    private final Counter handshakesFailed;
    private final MultiGauge expiry;
    private final Counter revokedRequests;

    public DoorMetrics() {
        this(Clock.systemUTC());
    }

    public DoorMetrics(Clock clock) {
        recent = new RecentRequests(clock);
        handshakesSucceeded = handshakes("succeeded");
        handshakesFailed = handshakes("failed");
        expiry = MultiGauge.builder("gridgate.credential.expiry").baseUnit("seconds")
                .description("Seconds until a credential expires: the host certificate (kind=host), each CA "
                        + "certificate (kind=ca) and each CRL's nextUpdate (kind=crl), by file; negative when past")
                .register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        gc.bindTo(registry);
        bytesReceived = Counter.builder("gridgate.bytes.received").baseUnit("bytes")
                .description("Request body bytes received").register(registry);
        bytesSent = Counter.builder("gridgate.bytes.sent").baseUnit("bytes")
                .description("Response body bytes sent").register(registry);
        // Counters start at 0 with every label value they can take: a series that appears only with its first
        // event breaks rate() and alerts on the first minutes of trouble.
        for (String kind : List.of("issue", "attenuate", "token")) {
            issued(kind);
        }
        for (String kind : List.of("macaroon", "token", "certificate")) {
            refused(kind);
        }
        for (String reason : List.of("bad_request", "forbidden", "too_large")) {
            mintRefusals(reason);
        }
        revokedRequests = Counter.builder("gridgate.revoked.requests")
                .description("Requests refused because their macaroon was revoked before its expiry")
                .register(registry);
    }

    private Counter handshakes(String outcome) {
        return Counter.builder("gridgate.tls.handshakes")
                .description("TLS handshakes by outcome; failures are clients without a usable cipher or trust, "
                        + "scanners, or a host key that does not match its certificate")
                .tag("outcome", outcome).register(registry);
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
        recent.record(status);
    }

    /** A macaroon minted; {@code kind} is "issue" (X.509) or "attenuate" (macaroon holder). */
    public void macaroonIssued(String kind) {
        issued(kind).increment();
    }

    private Counter issued(String kind) {
        return Counter.builder("gridgate.macaroons.issued")
                .description("Macaroons minted: kind=issue from an X.509 identity, kind=attenuate from a macaroon, "
                        + "kind=token from a WLCG token")
                .tag("kind", kind).register(registry);
    }

    /** A refused credential; {@code kind} is "macaroon", "token" (WLCG) or "certificate". */
    public void credentialRefused(String kind) {
        refused(kind).increment();
    }

    private Counter refused(String kind) {
        return Counter.builder("gridgate.credentials.refused")
                .description("Credentials refused at authentication, by kind (macaroon, token, certificate)")
                .tag("kind", kind).register(registry);
    }

    /** A request refused because its macaroon was revoked (also counted as a refused macaroon). */
    public void revokedMacaroonRefused() {
        revokedRequests.increment();
    }

    /** Reports how many revocations are in force, as {@code entries} says at each scrape. */
    public void watchRevocations(Supplier<Integer> entries) {
        Gauge.builder("gridgate.revocations", () -> entries.get())
                .description("Revocation entries in force (each dropped once every macaroon it covers has expired)")
                .register(registry);
    }

    /** A mint refused; {@code reason} is one of a few fixed words (bad_request, forbidden, too_large, ...). */
    public void mintRefused(String reason) {
        mintRefusals(reason).increment();
    }

    private Counter mintRefusals(String reason) {
        return Counter.builder("gridgate.macaroon.refusals")
                .description("Macaroon requests refused, by reason: bad_request (grammar, validity), forbidden "
                        + "(policy or parent macaroon), too_large (body)")
                .tag("reason", reason).register(registry);
    }

    /** A TLS handshake ended; a failure is a client that could not or would not agree (or a broken host key). */
    public void tlsHandshake(boolean succeeded) {
        (succeeded ? handshakesSucceeded : handshakesFailed).increment();
    }

    /**
     * Gauges read at each scrape from the running door: open connections, transfers in progress, whether it
     * drains, and the age of the secret that signs new macaroons.
     */
    public void watchDoor(IntSupplier openConnections, CountedStorage transfers, BooleanSupplier draining,
                          Supplier<Instant> signingSecretCreated, Clock clock) {
        Gauge.builder("gridgate.connections.open", openConnections::getAsInt)
                .description("Client connections open now (TLS handshake in progress or done)")
                .register(registry);
        Gauge.builder("gridgate.transfers.in.progress", transfers::uploadsInProgress)
                .description("Uploads (begun, not yet committed or aborted) and downloads (file open) in progress")
                .tag("direction", "upload").register(registry);
        Gauge.builder("gridgate.transfers.in.progress", transfers::downloadsInProgress)
                .description("Uploads (begun, not yet committed or aborted) and downloads (file open) in progress")
                .tag("direction", "download").register(registry);
        Gauge.builder("gridgate.draining", () -> draining.getAsBoolean() ? 1 : 0)
                .description("1 while the door drains (stopping: no new connections, /health answers 503)")
                .register(registry);
        Gauge.builder("gridgate.signing.secret.age", () -> Duration.between(signingSecretCreated.get(),
                        clock.instant()).toSeconds())
                .description("Seconds since the secret that signs new macaroons was made (rotate it regularly)")
                .baseUnit("seconds").register(registry);
    }

    /**
     * Seconds until the host certificate, each CA certificate and each CRL (its nextUpdate) expire, labelled by
     * kind and file; replaced as a whole by each call (the door rescans periodically).
     */
    public void certificateExpiry(List<CredentialExpiry> credentials, Instant now) {
        expiry.register(credentials.stream().map(c -> MultiGauge.Row.of(
                Tags.of("kind", c.kind().label(), "file", c.file()),
                Duration.between(now, c.notAfter()).toSeconds())).toList(), true);
    }

    /** The last hour, minute by minute, for the status page. */
    public RecentRequests recent() {
        return recent;
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
