package org.gridgate.gateway.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.gridgate.caveat.SecretStore;
import org.gridgate.certs.CredentialExpiry;
import org.gridgate.gateway.metrics.CountedStorage;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import org.gridgate.gateway.auth.Authenticator;
import org.gridgate.gateway.http.Router;
import org.gridgate.gateway.metrics.DoorMetrics;
import org.gridgate.storage.Storage;
import org.gridgate.storage.StorageException;
import org.gridgate.storage.SweepReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTPS server: listeners on the best {@link Transport}, each connection wired by {@link DoorChannelInitializer}
 * and served on its event loop, with blocking file work on the bounded {@link IoExecutor}.
 */
public final class DoorServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DoorServer.class);
    /** How often a door re-reads the secrets file, so a rotation or retirement by the CLI reaches every door. */
    public static final int SECRET_RELOAD_SECONDS = 30;
    /** Expired partial uploads are swept a minute after start, then hourly: each sweep walks the whole storage. */
    static final int PARTIAL_SWEEP_FIRST_SECONDS = 60;
    static final int PARTIAL_SWEEP_SECONDS = 3600;
    /**
     * The most one socket read takes. With auto-read off Netty reads the socket once per {@code read()}, so this
     * is what one of the door's requests for more body brings: at Netty's default of 64 KiB a 100 MiB upload costs
     * 1,600 round trips between event loop and request thread and as many small file writes. Reads start small and
     * grow only while they come back full, so connections that send little never hold large buffers.
     */
    private static final int MAX_READ_BYTES = 1024 * 1024;
    /** Netty's own defaults for the smallest and the first read: small requests are read as before. */
    private static final int NETTY_MIN_READ_BYTES = 64;
    private static final int NETTY_FIRST_READ_BYTES = 2048;
    /** A whole read's body reaches the door as one chunk: one file write, one hand-off to the request thread. */
    private static final int HTTP_MAX_CHUNK = MAX_READ_BYTES;
    private static final long DRAIN_POLL_MILLIS = 50;
    /**
     * Threads for blocking file work, shared by all connections. Most of their time is spent waiting for the disk
     * (fsync above all), so there are more of them than cores; each costs a stack only while it is busy.
     */
    private static final int IO_THREADS = 16;

    private final Transport transport = Transport.best();
    private final EventLoopGroup boss = transport.newGroup(1);
    /** One event loop per core: a loop never waits for the disk, so more would only add context switches. */
    private final EventLoopGroup workers = transport.newGroup(Runtime.getRuntime().availableProcessors());
    /**
     * Third-party copies' connections to remotes: Java NIO whatever the listeners use, on a loop of their own so a
     * slow remote never shares a loop with the door's clients.
     */
    private final EventLoopGroup remoteLoops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final IoExecutor io = new IoExecutor(IO_THREADS);
    private final ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "gridgate-housekeeping");
        thread.setDaemon(true);
        return thread;
    });
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final Channel channel;
    private final SslContext sslContext;

    private final DoorMetrics metrics = new DoorMetrics();
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile boolean draining;
    private final CountDownLatch closed = new CountDownLatch(1);
    /** The version in gateway.jar's manifest; "development" when run from classes (tests, an IDE). */
    static final String VERSION = "GridGate " + Objects.requireNonNullElse(
            DoorServer.class.getPackage().getImplementationVersion(), "development");
    static final int CREDENTIAL_SCAN_SECONDS = 60;
    private final Channel metricsChannel;
    private final Storage storage;
    private final Clock clock;
    private final SharedState sharing;
    private final Readiness readiness;
    /** How often {@code /ready} looks again at what it cannot look at on an event loop. */
    private static final int READINESS_CHECK_MILLIS = 1000;

    /** The door stops its token issuers' key fetching when it closes. */
    private final org.gridgate.gateway.token.WlcgTokens tokens;

    private DoorServer(DoorServices configured, InetSocketAddress address, InetSocketAddress metricsAddress)
            throws IOException, GeneralSecurityException, InterruptedException {
        CountedStorage transfers = new CountedStorage(configured.storage());
        DoorServices services = configured.withStorage(transfers);
        this.sharing = services.sharing();
        this.readiness = new Readiness(() -> draining, sharing, services.storageRoot());
        this.sslContext = sslContext(services);
        metrics.watchDoor(connections::size, transfers, () -> draining,
                () -> signingSince(services.secrets()), Clock.systemUTC());
        StatusSource status = new StatusSource(services, transfers);
        this.tokens = services.tokens();
        Authenticator authenticator = services.authenticator(metrics);
        metrics.watchRevocations(() -> services.revocations().entries().size());
        Router router = services.router(metrics, remoteLoops, io.shared());
        AccessLog accessLog = new AccessLog(services.accessLog());
        LimitLog limitLog = new LimitLog(metrics, accessLog);
        ConnectionLimits connectionLimits = new ConnectionLimits(services.limits(), limitLog);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(
                        NETTY_MIN_READ_BYTES, NETTY_FIRST_READ_BYTES, MAX_READ_BYTES))
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new DoorChannelInitializer(serverTls(services, sslContext), connections, authenticator,
                        router, metrics, io, HTTP_MAX_CHUNK, accessLog, services.limits(), connectionLimits,
                        new RequestLimits(services.limits(), limitLog), limitLog, services.proxyProtocol()));
        try {
            this.channel = bind("door listener", address, () -> bootstrap.bind(address));
            this.metricsChannel = metricsAddress == null ? null : bind("metrics listener", metricsAddress,
                    () -> MetricsEndpoint.bind(workers, transport.serverChannel(), metrics, () -> draining,
                            readiness::notReady, status::page, metricsAddress));
        } catch (IOException | InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
        readiness.check();
        housekeeping.scheduleAtFixedRate(sharing::refresh, SECRET_RELOAD_SECONDS, SECRET_RELOAD_SECONDS,
                TimeUnit.SECONDS);
        housekeeping.scheduleAtFixedRate(() -> reloadRevocations(services), SECRET_RELOAD_SECONDS,
                SECRET_RELOAD_SECONDS, TimeUnit.SECONDS);
        housekeeping.scheduleWithFixedDelay(readiness::check, READINESS_CHECK_MILLIS, READINESS_CHECK_MILLIS,
                TimeUnit.MILLISECONDS);
        this.storage = services.storage();
        this.clock = services.clock();
        housekeeping.scheduleWithFixedDelay(this::sweepExpiredPartials, PARTIAL_SWEEP_FIRST_SECONDS,
                PARTIAL_SWEEP_SECONDS, TimeUnit.SECONDS);
        status.rescanCredentials(); // before the first scrape: an alert must never see a door without the series
        housekeeping.scheduleAtFixedRate(status::rescanCredentials, CREDENTIAL_SCAN_SECONDS, CREDENTIAL_SCAN_SECONDS,
                TimeUnit.SECONDS);
    }

    /** When the key that signs new macaroons now was made (a rotated key may verify for a while before it signs). */
    private static Instant signingSince(SecretStore secrets) {
        return secrets.activeSince().getOrDefault(secrets.currentId(), Instant.EPOCH);
    }

    /**
     * What the status page and the expiry gauges read. The certificates and CRLs are read from disk every
     * {@value #CREDENTIAL_SCAN_SECONDS} s on the housekeeping thread, never on a request (a CA directory holds a
     * few hundred files).
     */
    private final class StatusSource {
        private final DoorServices services;
        private final CountedStorage transfers;
        private final Instant started = Instant.now();
        private volatile List<CredentialExpiry> credentials = List.of();

        StatusSource(DoorServices services, CountedStorage transfers) {
            this.services = services;
            this.transfers = transfers;
        }

        void rescanCredentials() {
            try {
                List<CredentialExpiry> scanned = CredentialExpiry.scan(services.tls().certificate(),
                        services.caDirectory());
                credentials = scanned;
                metrics.certificateExpiry(scanned, Instant.now());
            } catch (RuntimeException e) {
                LOG.warn("Could not read certificate expiry dates: {}", e.toString());
            }
        }

        String page() {
            return StatusPage.render(new StatusPage.Facts(VERSION, started, Instant.now(),
                    sslContext.getClass().getSimpleName(), transport.name(), draining, connections.size(),
                    transfers.uploadsInProgress(), transfers.downloadsInProgress(), credentials,
                    services.secrets().activeSince(), services.secrets().currentId(),
                    services.policy().ruleSummaries(),
                    metrics.recent().lastHour()));
        }
    }

    private static Channel bind(String listener, InetSocketAddress address, Supplier<ChannelFuture> bind)
            throws InterruptedException, ListenerBindException {
        ChannelFuture bound = bind.get().await();
        if (!bound.isSuccess()) {
            throw new ListenerBindException(listener, address, bound.cause());
        }
        return bound.channel();
    }

    /** Binds and starts accepting connections; returns once the port is open. */
    public static DoorServer start(DoorServices services, InetSocketAddress address)
            throws IOException, GeneralSecurityException, InterruptedException {
        return start(services, address, null);
    }

    /**
     * As {@link #start(DoorServices, InetSocketAddress)}, also serving {@code GET /metrics} (Prometheus) in plain
     * HTTP on {@code metricsAddress} if it is not null.
     */
    public static DoorServer start(DoorServices services, InetSocketAddress address,
                                   InetSocketAddress metricsAddress)
            throws IOException, GeneralSecurityException, InterruptedException {
        DoorServer server = new DoorServer(services, address, metricsAddress);
        LOG.info("TLS engine: {}", server.sslContext.getClass().getSimpleName());
        LOG.info("Transport: {}", server.transport.name());
        return server;
    }

    /**
     * Resumable (BOINC) uploads' staged bytes whose macaroon has expired: nobody can resume them any more. The
     * sweep walks the storage, on this background thread, and counts what it removed.
     */
    public void sweepExpiredPartials() {
        try {
            SweepReport report = storage.sweepExpiredPartials(clock.instant());
            if (report.partials() > 0) {
                metrics.partialsSwept(report.partials(), report.partialBytes());
                LOG.info("Removed {} expired partial upload(s), {} bytes", report.partials(),
                        report.partialBytes());
            }
        } catch (StorageException | RuntimeException e) {
            LOG.warn("Could not sweep expired partial uploads: {}", e.toString());
        }
    }

    /** A list that does not read is logged once and the one in memory stays in force (Revocations.refresh). */
    private static void reloadRevocations(DoorServices services) {
        services.revocations().refresh();
    }

    /** The port of the metrics listener; -1 if there is none. */
    public int metricsPort() {
        return metricsChannel == null ? -1 : ((InetSocketAddress) metricsChannel.localAddress()).getPort();
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    private static SslContext sslContext(DoorServices services) throws SSLException {
        TlsSettings tls = services.tls();
        return sslContext(services, tls.certificate(), tls.key());
    }

    /**
     * The volunteer certificate asks for a client certificate like the host's, so an X.509 client that reaches the
     * door by the volunteers' name still authenticates.
     */
    private static ServerTls serverTls(DoorServices services, SslContext host) throws SSLException {
        Optional<TlsSettings.Volunteers> volunteers = services.tls().volunteers();
        if (volunteers.isEmpty()) {
            return ServerTls.hostOnly(host);
        }
        return ServerTls.withVolunteers(host,
                sslContext(services, volunteers.get().certificate(), volunteers.get().key()),
                volunteers.get().hostNames());
    }

    private static SslContext sslContext(DoorServices services, Path certificate, Path key) throws SSLException {
        TlsSettings tls = services.tls();
        SslProvider provider = switch (tls.provider()) {
            case JDK -> SslProvider.JDK;
            case OPENSSL -> SslProvider.OPENSSL;
            case AUTO -> OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
        };
        return SslContextBuilder.forServer(certificate.toFile(), key.toFile())
                .sslProvider(provider)
                .trustManager(services.trust().trustManager())
                .clientAuth(ClientAuth.OPTIONAL)
                .protocols("TLSv1.3", "TLSv1.2")
                .build();
    }

    /** Blocks until {@link #close} (or the end of {@link #drain}) has shut the door down. */
    public void awaitClose() throws InterruptedException {
        closed.await();
    }

    /**
     * Stops taking connections, lets every request in progress finish (uploads, downloads, third-party copies)
     * for up to {@code grace}, closing each connection after its current response, then closes the rest. What is
     * cut off at the end is an unfinished upload, which leaves no file behind; a restarted or another door behind
     * the same name serves the client's retry.
     *
     * @return whether every connection had finished within the grace period
     */
    public boolean drain(Duration grace) {
        draining = true;
        channel.close().syncUninterruptibly();
        LOG.info("Draining {} connection(s), for up to {} s", connections.size(), grace.toSeconds());
        for (Channel connection : connections) {
            connection.pipeline().fireUserEventTriggered(Drain.REQUESTED);
        }
        long deadline = System.nanoTime() + grace.toNanos();
        while (!connections.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(DRAIN_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        boolean drained = connections.isEmpty();
        if (!drained) {
            LOG.warn("Closing {} connection(s) still busy after the {} s grace period", connections.size(),
                    grace.toSeconds());
        }
        close();
        return drained;
    }

    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        if (channel != null) {
            channel.close().syncUninterruptibly();
        }
        if (metricsChannel != null) {
            metricsChannel.close().syncUninterruptibly();
        }
        connections.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        remoteLoops.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        workers.terminationFuture().awaitUninterruptibly(3, TimeUnit.SECONDS);
        io.close();
        housekeeping.shutdownNow();
        if (sharing != null) {
            sharing.close();
        }
        metrics.close();
        tokens.close();
        closed.countDown();
    }
}
