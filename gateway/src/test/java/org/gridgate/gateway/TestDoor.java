package org.gridgate.gateway;

import eu.emi.security.authn.x509.impl.PEMCredential;
import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.config.SSLConfig;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.http.conn.ssl.SSLSocketFactory;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.gridgate.gateway.authz.AnonymousAccess;
import org.gridgate.gateway.authz.LimitedProxyPolicy;
import org.gridgate.certs.GridTrust;
import org.gridgate.gateway.config.DevEnvironment;
import org.gridgate.gateway.config.GatewayConfig;
import org.gridgate.gateway.config.ProductionServices;
import org.gridgate.gateway.server.DoorLimits;
import org.gridgate.gateway.server.DoorServer;
import org.gridgate.gateway.server.DoorServices;
import org.gridgate.gateway.server.TlsSettings;
import org.gridgate.storage.Storage;
import org.gridgate.gateway.tpc.RemotePolicy;

/**
 * A real door in dev mode on a loopback port, with real TLS, and clients for it: one presenting the dev user's
 * RFC 3820 proxy, one presenting nothing. Public for the real-client tests in {@code interop}.
 */
public final class TestDoor implements AutoCloseable {

    /**
     * The defaults without the authentication-failure brake: every test client comes from 127.0.0.1, and tests
     * present refused credentials on purpose, many in a row. AbuseTest tests the brake from addresses of its own.
     */
    static final DoorLimits SHARED_ADDRESS = DoorLimits.DEFAULTS.withAuthFailureBrake(0,
            DoorLimits.DEFAULTS.authFailureWindow(), DoorLimits.DEFAULTS.authFailureBrake());

    public final DevEnvironment dev;
    final MutableClock clock;
    private final DoorServer server;
    private final GridTrust trust;
    private final DoorServices services;

    private TestDoor(DevEnvironment dev, DoorServer server, DoorServices services, MutableClock clock) {
        this.dev = dev;
        this.services = services;
        this.server = server;
        this.trust = services.trust();
        this.clock = clock;
    }

    /**
     * Starts a door in {@code dir}. The dev PKI is made once per test JVM and copied (RSA key generation costs
     * seconds on a busy machine); every door still gets its own macaroon secret.
     */
    public static TestDoor start(Path dir) throws Exception {
        return start(dir, AnonymousAccess.none());
    }

    /** Starts a dev door that lets clients without credentials into {@code anonymous} areas. */
    static TestDoor start(Path dir, AnonymousAccess anonymous) throws Exception {
        return start(dir, anonymous, DevEnvironment.REMOTES, UnaryOperator.identity());
    }

    /** Starts a dev door whose storage is the dev storage as wrapped by {@code storage} (e.g. a slow disk). */
    static TestDoor start(Path dir, UnaryOperator<Storage> storage) throws Exception {
        return start(dir, AnonymousAccess.none(), DevEnvironment.REMOTES, storage);
    }

    /** Starts a dev door with the given limits (short deadlines, small caps) instead of the defaults. */
    static TestDoor start(Path dir, DoorLimits limits) throws Exception {
        return start(dir, AnonymousAccess.none(), DevEnvironment.REMOTES, UnaryOperator.identity(), limits,
                Optional.empty());
    }

    /** Starts a dev door whose third-party copies may reach what {@code remotes} allows (dev: loopback too). */
    static TestDoor start(Path dir, RemotePolicy remotes) throws Exception {
        return start(dir, AnonymousAccess.none(), remotes, UnaryOperator.identity());
    }

    /**
     * Starts a dev door that also serves {@code volunteers}' certificate to clients asking for its host names
     * (SNI); everyone else gets the dev host certificate.
     */
    static TestDoor startWithVolunteerCertificate(Path dir, TlsSettings.Volunteers
            volunteers) throws Exception {
        return start(dir, AnonymousAccess.none(), DevEnvironment.REMOTES, UnaryOperator.identity(), SHARED_ADDRESS,
                Optional.of(volunteers));
    }

    private static TestDoor start(Path dir, AnonymousAccess anonymous, RemotePolicy remotes,
                                  UnaryOperator<Storage> storage) throws Exception {
        return start(dir, anonymous, remotes, storage, SHARED_ADDRESS, Optional.empty());
    }

    private static TestDoor start(Path dir, AnonymousAccess anonymous, RemotePolicy remotes,
                                  UnaryOperator<Storage> storage, DoorLimits limits,
                                  Optional<TlsSettings.Volunteers> volunteers) throws Exception {
        SharedPki.copyInto(dir);
        DevEnvironment dev = DevEnvironment.prepare(dir);
        MutableClock clock = new MutableClock();
        DoorServices services = dev.services(clock, Optional.empty(), LimitedProxyPolicy.DOWNLOAD_ONLY, anonymous,
                remotes);
        if (volunteers.isPresent()) {
            TlsSettings host = services.tls();
            services = services.withTls(new TlsSettings(host.certificate(), host.key(), host.provider(), volunteers));
        }
        DoorServer server = DoorServer.start(services.withStorage(storage.apply(services.storage())).withLimits(limits),
                new InetSocketAddress("localhost", 0), new InetSocketAddress("localhost", 0));
        return new TestDoor(dev, server, services, clock);
    }

    /**
     * Starts a dev door as {@code adjust} changes it (shared storage, shared secrets, load balancers), with a
     * metrics listener ({@code /ready}).
     */
    static TestDoor startAdjusted(Path dir, UnaryOperator<DoorServices> adjust) throws Exception {
        return startAdjusted(dir, AnonymousAccess.none(), adjust);
    }

    /** As {@link #startAdjusted(Path, UnaryOperator)}, with anonymous areas. */
    static TestDoor startAdjusted(Path dir, AnonymousAccess anonymous, UnaryOperator<DoorServices> adjust)
            throws Exception {
        SharedPki.copyInto(dir);
        DevEnvironment dev = DevEnvironment.prepare(dir);
        MutableClock clock = new MutableClock();
        DoorServices services = adjust.apply(dev.services(clock, Optional.empty(), LimitedProxyPolicy.DOWNLOAD_ONLY,
                anonymous, DevEnvironment.REMOTES).withLimits(SHARED_ADDRESS));
        DoorServer server = DoorServer.start(services, new InetSocketAddress("127.0.0.1", 0),
                new InetSocketAddress("127.0.0.1", 0));
        return new TestDoor(dev, server, services, clock);
    }

    /**
     * Starts a door the production way, from a configuration file ({@code serve --config}), with the dev PKI as
     * its host credential and CA directory, and the given policy.
     */
    static TestDoor startConfigured(Path dir, String policyYaml, Path vomsDirectory) throws Exception {
        return startConfigured(dir, policyYaml, vomsDirectory, null);
    }

    /** As above, with {@code storage.checksums} set to {@code checksumsYaml} (e.g. {@code [md5]}) unless null. */
    static TestDoor startConfigured(Path dir, String policyYaml, Path vomsDirectory, String checksumsYaml)
            throws Exception {
        return startConfigured(dir, policyYaml, vomsDirectory, checksumsYaml, "");
    }

    /** As above, with more configuration ({@code tokens:}, say) appended to the file. */
    static TestDoor startConfigured(Path dir, String policyYaml, Path vomsDirectory, String checksumsYaml,
                                    String moreYaml) throws Exception {
        SharedPki.copyInto(dir);
        DevEnvironment dev = DevEnvironment.prepare(dir);
        // the configured port is never bound: the door below listens on an ephemeral one
        GatewayConfig config = GatewayConfig.load(DoorConfigFile.write(dev, 1, policyYaml, vomsDirectory,
                checksumsYaml, moreYaml));
        MutableClock clock = new MutableClock();
        DoorServices services = ProductionServices.from(config, clock);
        DoorServer server = DoorServer.start(services.withLimits(services.limits().withAuthFailureBrake(0,
                SHARED_ADDRESS.authFailureWindow(), SHARED_ADDRESS.authFailureBrake())),
                new InetSocketAddress("localhost", 0));
        return new TestDoor(dev, server, services, clock);
    }

    /** Drains the door as on SIGTERM; see {@link DoorServer#drain}. */
    boolean drain(java.time.Duration grace) {
        return server.drain(grace);
    }

    /** Runs the door's sweep of expired partial uploads now (it runs hourly by itself). */
    void sweepExpiredPartials() {
        server.sweepExpiredPartials();
    }

    int metricsPort() {
        return server.metricsPort();
    }

    /** The dev CA directory (hashed links) that the door's host certificate chains to. */
    Path caDirectory() {
        return dev.pki().caDirectory();
    }

    /** The door's host certificate and key (PEM), for a TLS-terminating load balancer in front of it. */
    TlsSettings tls() {
        return services.tls();
    }

    /** What the door re-reads every {@link DoorServer#SECRET_RELOAD_SECONDS} seconds, re-read now. */
    void reloadRevocations() throws IOException {
        services.revocations().reload();
    }

    public int port() {
        return server.port();
    }

    public String url(String path) {
        return "https://localhost:" + port() + path;
    }

    public Path dataDir() {
        return dev.directory().resolve("data");
    }

    /** Requests from a client presenting the dev user's proxy. */
    RequestSpecification withProxy() throws Exception {
        return spec(sslContext(dev.pki().userProxy()));
    }

    /** Requests from a client presenting no certificate. */
    RequestSpecification anonymous() throws Exception {
        return spec(sslContext(null));
    }

    /** Requests from a client presenting the given PEM credential file (certificate chain and key). */
    RequestSpecification withCredential(Path pem) throws Exception {
        return spec(sslContext(pem));
    }

    /** Mints a macaroon with the proxy for {@code path}; fails the test unless the door answers 200. */
    public String mint(String path, String body) throws Exception {
        return RestAssured.given(withProxy())
                .contentType("application/macaroon-request")
                .body(body)
                .post(path)
                .then().statusCode(200)
                .extract().path("macaroon");
    }

    private RequestSpecification spec(SSLContext context) {
        @SuppressWarnings("deprecation")
        SSLSocketFactory factory = new SSLSocketFactory(context, SSLSocketFactory.STRICT_HOSTNAME_VERIFIER);
        return new RequestSpecBuilder()
                .setBaseUri("https://localhost")
                .setPort(port())
                .setUrlEncodingEnabled(false)
                .setConfig(RestAssuredConfig.config()
                        .sslConfig(SSLConfig.sslConfig().sslSocketFactory(factory))
                        .encoderConfig(EncoderConfig.encoderConfig()
                                .appendDefaultContentCharsetToContentTypeIfUndefined(false)
                                .encodeContentTypeAs("application/macaroon-request", ContentType.TEXT)))
                .build();
    }

    SSLContext sslContext(Path credential) throws IOException, GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(dev.directory().resolve("ca/ca.pem"))) {
            trust.setCertificateEntry("dev-ca", (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        if (credential == null) {
            context.init(null, tmf.getTrustManagers(), null);
        } else {
            PEMCredential pem = new PEMCredential(credential.toString(), (char[]) null);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(pem.getKeyStore(), pem.getKeyPassword());
            context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        }
        return context;
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            // A door does not own its GridTrust (a process opens one); a test that made one for its door stops
            // canl's reload timers here, which would otherwise print a stack trace once the CA directory is deleted.
            trust.close();
        }
    }
}
