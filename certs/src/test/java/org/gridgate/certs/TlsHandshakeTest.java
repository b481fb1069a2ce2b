package org.gridgate.certs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JDK TLS server using {@link GridTrust#trustManager()}: every client finishes the handshake, and the chain it
 * presented is then authenticated (or refused) per request, as the gateway does.
 */
class TlsHandshakeTest {
    @TempDir
    static Path dir;
    static DevPki pki;
    static GridTrust trust;
    static ExecutorService server;

    @BeforeAll
    static void setUp() throws IOException {
        pki = DevPki.createOrReuse(dir);
        trust = GridTrust.open(pki.caDirectory(), Optional.empty(), IdentityMapping.none());
        server = Executors.newSingleThreadExecutor();
    }

    @AfterAll
    static void tearDown() throws InterruptedException {
        server.shutdownNow();
        server.awaitTermination(10, TimeUnit.SECONDS);
        trust.close();
    }

    /** Presents exactly one credential, so the test does not depend on the JDK's alias selection. */
    private static final class FixedKeyManager extends X509ExtendedKeyManager {
        private static final String ALIAS = "credential";
        private final GridCredential credential;

        FixedKeyManager(GridCredential credential) {
            this.credential = credential;
        }

        @Override
        public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
            return ALIAS;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
            return ALIAS;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return ALIAS;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {ALIAS};
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return new String[] {ALIAS};
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return credential.chain().toArray(X509Certificate[]::new);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return credential.key();
        }
    }

    private static SSLContext context(KeyManager[] keyManagers, TrustManager[] trustManagers) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers, trustManagers, null);
        return context;
    }

    private static TrustManager[] trustingTheDevCa() throws Exception {
        java.security.KeyStore anchors = java.security.KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        anchors.setCertificateEntry("ca", pki.certificateAuthority().certificate());
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        factory.init(anchors);
        return factory.getTrustManagers();
    }

    /** A client that connects to {@code port} and returns the server's answer. */
    @FunctionalInterface
    private interface Client {
        String connect(int port) throws Exception;
    }

    /**
     * Serves one connection: after the handshake the server authenticates the chain the client presented and answers
     * with the DN or the refusal (as an HTTP/1.0 response, so curl can be the client). Returns the client's view.
     */
    private static String serveOne(Client client, String protocol) throws Exception {
        SSLContext serverContext = context(new KeyManager[] {new FixedKeyManager(pki.host())},
                new TrustManager[] {trust.trustManager()});
        try (SSLServerSocket listener = (SSLServerSocket) serverContext.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setWantClientAuth(true);
            listener.setEnabledProtocols(new String[] {protocol});
            Future<String> verdict = server.submit(() -> {
                try (SSLSocket connection = (SSLSocket) listener.accept()) {
                    connection.startHandshake();
                    readRequestHead(connection);
                    String answer = authenticatePeer(connection);
                    byte[] body = answer.getBytes(StandardCharsets.UTF_8);
                    connection.getOutputStream().write(("HTTP/1.0 200 OK\r\nContent-Length: " + body.length
                            + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    connection.getOutputStream().write(body);
                    return answer;
                }
            });
            String seenByClient = client.connect(listener.getLocalPort());
            assertThat(verdict.get(30, TimeUnit.SECONDS)).isEqualTo(seenByClient);
            return seenByClient;
        }
    }

    private static void readRequestHead(SSLSocket connection) throws IOException {
        int matched = 0;
        byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        while (matched < end.length) {
            int b = connection.getInputStream().read();
            if (b < 0) {
                return;
            }
            matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
        }
    }

    private static String connect(Optional<GridCredential> credential, String protocol) throws Exception {
        return serveOne(port -> {
            KeyManager[] clientKeys = credential.map(c -> new KeyManager[] {new FixedKeyManager(c)}).orElse(null);
            SSLContext clientContext = context(clientKeys, trustingTheDevCa());
            try (SSLSocket socket = (SSLSocket) clientContext.getSocketFactory()
                    .createSocket(InetAddress.getLoopbackAddress(), port)) {
                socket.setTcpNoDelay(true);
                socket.setEnabledProtocols(new String[] {protocol});
                socket.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                return response.substring(response.indexOf("\r\n\r\n") + 4);
            }
        }, protocol);
    }

    private static String authenticatePeer(SSLSocket connection) {
        try {
            List<X509Certificate> chain = List.of((X509Certificate[]) connection.getSession().getPeerCertificates());
            return trust.authenticate(chain).dn();
        } catch (SSLPeerUnverifiedException e) {
            return "anonymous";
        } catch (CertificateRejectedException e) {
            return "refused: " + e.getMessage();
        } catch (ClassCastException e) {
            return "not X.509";
        }
    }

    @Test
    void proxyClientIsAuthenticatedAfterTheHandshakeOverTls13() throws Exception {
        assertThat(connect(Optional.of(GridCredential.read(pki.userProxy())), "TLSv1.3")).isEqualTo(pki.userDn());
    }

    @Test
    void proxyClientIsAuthenticatedAfterTheHandshakeOverTls12() throws Exception {
        assertThat(connect(Optional.of(GridCredential.read(pki.userProxy())), "TLSv1.2")).isEqualTo(pki.userDn());
    }

    @Test
    void clientWithAnExpiredProxyCompletesTheHandshakeAndIsRefusedAfterwards() throws Exception {
        GridCredential expired = pki.user().proxy(ProxySpec.rfc3820(Duration.ofHours(1)).expired());

        assertThat(connect(Optional.of(expired), "TLSv1.3")).isEqualTo("refused: " + RejectionReasons.EXPIRED);
    }

    @Test
    void clientOfAnUnknownCaCompletesTheHandshakeAndIsRefusedAfterwards() throws Exception {
        CertificateAuthority stranger = CertificateAuthority.create("/DC=org/DC=elsewhere/CN=Stranger CA",
                Duration.ofDays(1));
        GridCredential user = stranger.issueUser("/DC=org/DC=elsewhere/CN=Stranger", Duration.ofDays(1));

        assertThat(connect(Optional.of(user), "TLSv1.3")).isEqualTo("refused: " + RejectionReasons.UNKNOWN_CA);
    }

    @Test
    void curlPresentsTheDevProxyFileWithTheCaDirectoryAsCapath() throws Exception {
        ExternalTool.require("curl");
        String answer = serveOne(port -> {
            ExternalTool.Result result = ExternalTool.run("curl", "-sS", "--max-time", "30",
                    "-E", pki.userProxy().toString(), "--capath", pki.caDirectory().toString(),
                    "https://localhost:" + port + "/");
            assertThat(result.exitCode()).as(result.output()).isZero();
            return result.output();
        }, "TLSv1.3");

        assertThat(answer).isEqualTo(pki.userDn());
    }

    @Test
    void clientWithoutCertificateCompletesTheHandshakeAnonymously() throws Exception {
        assertThat(connect(Optional.empty(), "TLSv1.3")).isEqualTo("anonymous");
    }
}
