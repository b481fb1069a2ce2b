package org.gridgate.gateway;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import eu.emi.security.authn.x509.impl.PEMCredential;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A WLCG token issuer run by a test: OpenID discovery and a JWKS over HTTPS on loopback (the shared dev PKI's host
 * certificate, which every test door trusts), one EC P-256 signing key with kid {@code k1}, and a signer of tokens
 * with the WLCG profile's claims. It counts key-set fetches, and can make its key endpoint hang.
 */
final class WlcgIssuer implements AutoCloseable {

    final ECKey key;
    final AtomicInteger keyFetches = new AtomicInteger();
    private final HttpsServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "test-issuer");
        thread.setDaemon(true);
        return thread;
    });
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile JWKSet published;
    private volatile boolean hang;

    private WlcgIssuer(HttpsServer server, ECKey key) {
        this.server = server;
        this.key = key;
        this.published = new JWKSet(key.toPublicJWK());
    }

    static WlcgIssuer start() throws Exception {
        ECKey key = newKey("k1");
        var pki = SharedPki.pki();
        PEMCredential host = new PEMCredential(pki.hostKey().toString(), pki.hostCertificate().toString(),
                (char[]) null);
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(host.getKeyStore(), host.getKeyPassword());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        WlcgIssuer issuer = new WlcgIssuer(server, key);
        server.setExecutor(issuer.threads);
        server.createContext("/.well-known/openid-configuration", issuer::discovery);
        server.createContext("/jwks", issuer::jwks);
        server.start();
        return issuer;
    }

    static ECKey newKey(String kid) throws JOSEException {
        return new ECKeyGenerator(Curve.P_256).keyID(kid).algorithm(JWSAlgorithm.ES256).keyUse(KeyUse.SIGNATURE)
                .generate();
    }

    /** The issuer URL, as tokens name it. */
    String url() {
        return "https://localhost:" + server.getAddress().getPort();
    }

    /** A {@code tokens.issuers} entry for a door's configuration. */
    String configEntry(String basePath) {
        return "    - {issuer: \"" + url() + "\", audiences: [\"https://localhost\"], base-path: " + basePath + "}\n";
    }

    void publish(JWK... keys) {
        published = new JWKSet(List.of(keys).stream().map(JWK::toPublicJWK).toList());
    }

    /** From now on the key endpoint answers nothing until the issuer closes (or {@code hang} is false again). */
    void hangKeys(boolean hang) {
        this.hang = hang;
    }

    /** Claims as the profile has them: for the door's audience, 10 minutes, read /atlas and create /atlas/out. */
    JWTClaimsSet.Builder claims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(url()).subject("alice").audience("https://localhost")
                .claim("wlcg.ver", "1.0").claim("wlcg.groups", List.of("/atlas"))
                .claim("scope", "storage.read:/atlas storage.create:/atlas/out")
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(600)))
                .jwtID(UUID.randomUUID().toString());
    }

    /** A token with this issuer's key, the profile's claims changed by {@code changes}. */
    String token(UnaryOperator<JWTClaimsSet.Builder> changes) throws JOSEException {
        return sign(changes.apply(claims()).build(), new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID())
                .build(), new ECDSASigner(key));
    }

    String token() throws JOSEException {
        return token(UnaryOperator.identity());
    }

    static String sign(JWTClaimsSet claims, JWSHeader header, JWSSigner signer) throws JOSEException {
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    /** The key as PEM files for {@code scitokens-create -k PRIVATE -c PUBLIC}; returns the private one. */
    Path writePem(Path dir) throws Exception {
        Base64.Encoder pem = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        Path privateKey = dir.resolve("issuer-key.pem");
        Files.writeString(privateKey, "-----BEGIN PRIVATE KEY-----\n"
                + pem.encodeToString(key.toECPrivateKey().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        Files.writeString(dir.resolve("issuer-pub.pem"), "-----BEGIN PUBLIC KEY-----\n"
                + pem.encodeToString(key.toECPublicKey().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        return privateKey;
    }

    private void discovery(HttpExchange exchange) throws IOException {
        answer(exchange, "{\"issuer\":\"" + url() + "\",\"jwks_uri\":\"" + url() + "/jwks\","
                + "\"subject_types_supported\":[\"public\"],\"response_types_supported\":[\"code\"],"
                + "\"id_token_signing_alg_values_supported\":[\"ES256\"]}");
    }

    private void jwks(HttpExchange exchange) throws IOException {
        keyFetches.incrementAndGet();
        if (hang) {
            try {
                closed.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        answer(exchange, published.toString());
    }

    private static void answer(HttpExchange exchange, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
