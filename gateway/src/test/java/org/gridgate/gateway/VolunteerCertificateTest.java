package org.gridgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.gridgate.certs.CertificateAuthority;
import org.gridgate.gateway.config.DevEnvironment;
import org.gridgate.gateway.server.DoorServer;
import org.gridgate.gateway.server.DoorServices;
import org.gridgate.gateway.server.TlsSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two certificates from two CAs on one listener: volunteers, whose clients trust only public CAs (here a second
 * test CA), get the volunteer certificate when they ask for its name (SNI); grid clients keep the host certificate
 * from the grid CA, and still authenticate with their proxies.
 */
class VolunteerCertificateTest {

    private static final String VOLUNTEER_NAME = "volunteers.localhost";

    @TempDir
    static Path dir;
    static DoorServer server;
    static DevEnvironment dev;
    static Path publicCa;
    static org.gridgate.certs.GridTrust trust;

    @BeforeAll
    static void start() throws Exception {
        SharedPki.copyInto(dir.resolve("dev"));
        dev = DevEnvironment.prepare(dir.resolve("dev"));
        CertificateAuthority ca = CertificateAuthority.create("/DC=org/DC=public/CN=Public Test CA",
                Duration.ofDays(1));
        publicCa = dir.resolve("public-ca.pem");
        ca.write(publicCa, dir.resolve("public-ca.key"));
        ca.issueHost(VOLUNTEER_NAME, Duration.ofDays(1), false)
                .write(dir.resolve("volunteers.pem"), dir.resolve("volunteers.key"));
        DoorServices grid = dev.services(new MutableClock());
        trust = grid.trust();
        TlsSettings tls = new TlsSettings(grid.tls().certificate(), grid.tls().key(), grid.tls().provider(),
                Optional.of(new TlsSettings.Volunteers(dir.resolve("volunteers.pem"), dir.resolve("volunteers.key"),
                        List.of(VOLUNTEER_NAME))));
        DoorServices services = grid.withTls(tls);
        server = DoorServer.start(services, new InetSocketAddress("localhost", 0));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (trust != null) {
            // canl's reload timers would print a stack trace once the CA directory is deleted
            trust.close();
        }
    }

    private static SSLContext trusting(Path caPem) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(caPem)) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    /** Connects to the loopback port as if to {@code hostName}: the JDK sends it as SNI and checks the certificate. */
    private static SSLSocket connect(SSLContext context, String hostName) throws Exception {
        Socket plain = new Socket("127.0.0.1", server.port());
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, hostName, server.port(), true);
        var parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);
        socket.setSoTimeout(10_000);
        socket.startHandshake();
        return socket;
    }

    @Test
    void aVolunteerAskingForTheVolunteerNameGetsThePubliclyTrustedCertificate() throws Exception {
        try (SSLSocket socket = connect(trusting(publicCa), VOLUNTEER_NAME)) {
            X509Certificate served = (X509Certificate) socket.getSession().getPeerCertificates()[0];
            assertThat(served.getIssuerX500Principal().getName()).contains("Public Test CA");
            socket.getOutputStream().write(("OPTIONS / HTTP/1.1\r\nHost: " + VOLUNTEER_NAME
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void gridClientsKeepTheHostCertificateFromTheGridCa() throws Exception {
        try (SSLSocket socket = connect(trusting(dev.pki().caCertificate()), "localhost")) {
            X509Certificate served = (X509Certificate) socket.getSession().getPeerCertificates()[0];
            assertThat(served.getIssuerX500Principal().getName()).contains("GridGate Dev CA");
        }
    }

    @Test
    void aClientThatTrustsOnlyPublicCasCannotReachTheDoorByItsGridName() {
        assertThatThrownBy(() -> connect(trusting(publicCa), "localhost").close())
                .isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void aGridClientWithAProxyStillAuthenticatesOnTheSameListener() throws Exception {
        SSLContext proxy = sslContextWithProxy();
        try (SSLSocket socket = (SSLSocket) proxy.getSocketFactory().createSocket("localhost", server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /grid/file HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/macaroon-request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.1 200").contains("\"macaroon\"");
        }
    }

    private static SSLContext sslContextWithProxy() throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(dev.pki().caCertificate())) {
            trust.setCertificateEntry("dev-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        eu.emi.security.authn.x509.impl.PEMCredential pem = new eu.emi.security.authn.x509.impl.PEMCredential(
                dev.pki().userProxy().toString(), (char[]) null);
        javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(
                javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(pem.getKeyStore(), pem.getKeyPassword());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return context;
    }
}
