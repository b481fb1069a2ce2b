package org.gridgate.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.PlainJWT;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.gridgate.caveat.MacaroonInspector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * WLCG tokens (JWTs) at a real door, from issuers the test runs over HTTPS on loopback: the scope mapping, every
 * attack of the token issue, and minting a macaroon from a token.
 */
class WlcgTokenTest {

    static final String POLICY = String.join("\n",
            "rules:",
            "  - name: atlas-members",
            "    match: {vo: atlas, group: /atlas}",
            "    allow: {activities: [DOWNLOAD, LIST, READ_METADATA, UPLOAD, DELETE, MANAGE], paths: [/atlas]}",
            "");

    /** The main issuer: one key. */
    static final WlcgIssuer issuer = started();
    /** An issuer with two keys: a token without kid is ambiguous there. */
    static final WlcgIssuer twoKeys = started();
    /** An issuer whose key endpoint hangs. */
    static final WlcgIssuer hanging = started();

    static {
        // before the door starts, which fetches every issuer's keys at once
        try {
            twoKeys.publish(twoKeys.key, WlcgIssuer.newKey("k2"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        hanging.hangKeys(true);
    }

    @RegisterExtension
    static final DevDoorExtension door = DevDoorExtension.configuredWith(POLICY, () -> "tokens:\n  issuers:\n"
            + issuer.configEntry("/") + twoKeys.configEntry("/") + hanging.configEntry("/"));

    private static WlcgIssuer started() {
        try {
            return WlcgIssuer.start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeAll
    static void seed() throws Exception {
        Files.createDirectories(door.dataDir().resolve("atlas/out"));
        Files.createDirectories(door.dataDir().resolve("atlas/a"));
        Files.createDirectories(door.dataDir().resolve("atlas/ab"));
        Files.createDirectories(door.dataDir().resolve("cms"));
        Files.writeString(door.dataDir().resolve("atlas/data"), "atlas data\n");
        Files.writeString(door.dataDir().resolve("atlas/out/existing"), "first\n");
        Files.writeString(door.dataDir().resolve("cms/data"), "cms data\n");
    }

    @AfterAll
    static void stopIssuers() {
        issuer.close();
        twoKeys.close();
        hanging.close();
    }

    private static Response as(String token, String method, String path, String body) throws Exception {
        var request = given(door.anonymous()).header("Authorization", "Bearer " + token);
        if (body != null) {
            request = request.body(body);
        }
        return request.request(method, path);
    }

    private static int status(String token, String method, String path) throws Exception {
        return as(token, method, path, method.equals("PUT") ? "new bytes\n" : null).statusCode();
    }

    @Test
    void scopesReadAndCreateButNeverReplaceNorDelete() throws Exception {
        String token = issuer.token();
        assertThat(as(token, "GET", "/atlas/data", null).then().statusCode(200).extract().asString())
                .isEqualTo("atlas data\n");
        assertThat(status(token, "PUT", "/atlas/out/new")).isEqualTo(201);
        assertThat(status(token, "MKCOL", "/atlas/out/dir")).isEqualTo(201);
        assertThat(status(token, "PUT", "/atlas/out/existing")).isEqualTo(403);
        assertThat(status(token, "DELETE", "/atlas/out/existing")).isEqualTo(403);
        assertThat(Files.readString(door.dataDir().resolve("atlas/out/existing"))).isEqualTo("first\n");
        assertThat(status(token, "PUT", "/atlas/elsewhere")).isEqualTo(403);
        assertThat(status(token, "GET", "/cms/data")).isEqualTo(403);
    }

    @Test
    void createOnAIsNotCreateOnAb() throws Exception {
        String token = issuer.token(c -> c.claim("scope", "storage.create:/atlas/a"));
        assertThat(status(token, "PUT", "/atlas/ab/x")).isEqualTo(403);
        assertThat(Files.exists(door.dataDir().resolve("atlas/ab/x"))).isFalse();
        assertThat(status(token, "PUT", "/atlas/a/x")).isEqualTo(201);
    }

    @Test
    void modifyMayReplaceAndDelete() throws Exception {
        String token = issuer.token(c -> c.claim("scope", "storage.modify:/atlas/out/m"));
        assertThat(status(token, "PUT", "/atlas/out/m")).isEqualTo(201);
        assertThat(status(token, "PUT", "/atlas/out/m")).isEqualTo(204);
        assertThat(status(token, "DELETE", "/atlas/out/m")).isEqualTo(204);
    }

    @Test
    void unsignedAndHmacTokensAndUnknownIssuersAreRefusedWithoutAKeyFetch() throws Exception {
        int fetches = issuer.keyFetches.get();
        String none = new PlainJWT(issuer.claims().build()).serialize();
        String hmac = WlcgIssuer.sign(issuer.claims().build(), new JWSHeader.Builder(JWSAlgorithm.HS256)
                .keyID("k1").build(), new MACSigner(issuer.key.toECPublicKey().getEncoded()));
        String elsewhere = issuer.token(c -> c.issuer("https://evil.localhost:" + door.port()));
        for (String token : List.of(none, hmac, elsewhere, "a.b.c", "not-a-jwt.")) {
            Response refused = as(token, "GET", "/atlas/data", null);
            assertThat(refused.statusCode()).as(token).isEqualTo(401);
            assertThat(refused.asString()).startsWith("Invalid token");
        }
        assertThat(as(none, "GET", "/atlas/data", null).asString()).contains("alg none");
        assertThat(as(hmac, "GET", "/atlas/data", null).asString()).contains("HS256 not accepted");
        assertThat(as(elsewhere, "GET", "/atlas/data", null).asString()).contains("not trusted");
        assertThat(issuer.keyFetches.get()).isEqualTo(fetches);
    }

    @Test
    void audienceMustBeOursOrAny() throws Exception {
        assertThat(status(issuer.token(c -> c.audience("https://other.example")), "GET", "/atlas/data"))
                .isEqualTo(401);
        assertThat(status(issuer.token(c -> c.audience((String) null)), "GET", "/atlas/data")).isEqualTo(401);
        assertThat(status(issuer.token(c -> c.audience("https://wlcg.cern.ch/jwt/v1/any")), "GET", "/atlas/data"))
                .isEqualTo(200);
        assertThat(status(issuer.token(c -> c.audience(List.of("https://other.example", "https://localhost"))),
                "GET", "/atlas/data")).isEqualTo(200);
    }

    @Test
    void timesHoldWithOneMinuteOfLeeway() throws Exception {
        // The door's own clock (a test clock that stands still from its start), not this JVM's: the leeway is
        // measured against what the door believes the time is.
        Instant now = door.door().clock.instant();
        String expired = issuer.token(c -> c.issueTime(Date.from(now.minusSeconds(1200)))
                .notBeforeTime(Date.from(now.minusSeconds(1200))).expirationTime(Date.from(now.minusSeconds(600))));
        assertThat(as(expired, "GET", "/atlas/data", null).asString()).contains("Expired");
        assertThat(status(expired, "GET", "/atlas/data")).isEqualTo(401);
        String early = issuer.token(c -> c.notBeforeTime(Date.from(now.plusSeconds(600)))
                .expirationTime(Date.from(now.plusSeconds(1200))));
        assertThat(status(early, "GET", "/atlas/data")).isEqualTo(401);
        String skewed = issuer.token(c -> c.notBeforeTime(Date.from(now.plusSeconds(30))));
        assertThat(status(skewed, "GET", "/atlas/data")).isEqualTo(200);
    }

    @Test
    void aTokenSignedByAnotherKeyUnderAKnownKidIsRefused() throws Exception {
        String forged = WlcgIssuer.sign(issuer.claims().build(), new JWSHeader.Builder(JWSAlgorithm.ES256)
                .keyID("k1").build(), new ECDSASigner(WlcgIssuer.newKey("k1")));
        assertThat(status(forged, "GET", "/atlas/data")).isEqualTo(401);
        String noVersion = issuer.token(c -> c.claim("wlcg.ver", null));
        assertThat(status(noVersion, "GET", "/atlas/data")).isEqualTo(401);
    }

    @Test
    void aFloodOfUnknownKeyIdsFetchesTheKeysAtMostOnceMore() throws Exception {
        assertThat(status(issuer.token(), "GET", "/atlas/data")).isEqualTo(200);
        int fetches = issuer.keyFetches.get();
        for (int i = 0; i < 20; i++) {
            String token = WlcgIssuer.sign(issuer.claims().build(), new JWSHeader.Builder(JWSAlgorithm.ES256)
                    .keyID(UUID.randomUUID().toString()).build(), new ECDSASigner(issuer.key));
            Response refused = as(token, "GET", "/atlas/data", null);
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.asString()).contains("unknown key");
        }
        assertThat(issuer.keyFetches.get() - fetches).isLessThanOrEqualTo(1);
        assertThat(status(issuer.token(), "GET", "/atlas/data")).isEqualTo(200);
    }

    @Test
    void aTokenWithoutKidIsAcceptedOnlyFromAnIssuerWithOneKey() throws Exception {
        String single = WlcgIssuer.sign(issuer.claims().build(), new JWSHeader.Builder(JWSAlgorithm.ES256).build(),
                new ECDSASigner(issuer.key));
        assertThat(status(single, "GET", "/atlas/data")).isEqualTo(200);
        String ambiguous = WlcgIssuer.sign(twoKeys.claims().build(),
                new JWSHeader.Builder(JWSAlgorithm.ES256).build(), new ECDSASigner(twoKeys.key));
        Response refused = as(ambiguous, "GET", "/atlas/data", null);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.asString()).contains("names no key (kid)").contains("2 signing keys");
        assertThat(status(twoKeys.token(), "GET", "/atlas/data")).isEqualTo(200);
    }

    @Test
    void aTooLongTokenIsRefusedBeforeParsing() throws Exception {
        String padded = issuer.token(c -> c.claim("padding", "x".repeat(9000)));
        Response refused = as(padded, "GET", "/atlas/data", null);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.asString()).contains("too long");
    }

    @Test
    void aHangingKeyEndpointHoldsNoRequestLongAndNoOtherClient() throws Exception {
        String token = hanging.token();
        long start = System.nanoTime();
        CompletableFuture<Response> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return as(token, "GET", "/atlas/data", null);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(300);
        long other = System.nanoTime();
        assertThat(status(issuer.token(), "GET", "/atlas/data")).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - other)).isLessThan(Duration.ofSeconds(3));
        Response answer = waiting.get();
        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.asString()).contains("retry later");
        // keys wait at most 2 x the fetch timeout + 1 s (5 s); generous for a loaded machine
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void aTokenWithoutStorageScopesIsAuthorizedByItsGroupsThroughThePolicy() throws Exception {
        String atlas = issuer.token(c -> c.claim("scope", "openid"));
        assertThat(status(atlas, "GET", "/atlas/data")).isEqualTo(200);
        assertThat(status(atlas, "GET", "/cms/data")).isEqualTo(403);
        String cms = issuer.token(c -> c.claim("scope", null).claim("wlcg.groups", List.of("/cms")));
        assertThat(status(cms, "GET", "/atlas/data")).isEqualTo(403);
        // capability before group: a token with storage scopes gets nothing from its groups
        String scoped = issuer.token(c -> c.claim("scope", "storage.read:/cms"));
        assertThat(status(scoped, "GET", "/atlas/data")).isEqualTo(403);
        assertThat(status(scoped, "GET", "/cms/data")).isEqualTo(200);
    }

    @Test
    void theLogNamesTheTokensSubjectAndIdNeverTheToken() throws Exception {
        String jti = UUID.randomUUID().toString();
        String token = issuer.token(c -> c.jwtID(jti));
        String expired = issuer.token(c -> c.expirationTime(Date.from(Instant.now().minusSeconds(600))));
        try (LogCapture log = new LogCapture()) {
            given(door.anonymous()).get("/atlas/data?authz=" + token).then().statusCode(200);
            assertThat(status(token, "GET", "/cms/data")).isEqualTo(403);
            assertThat(status(expired, "GET", "/atlas/data")).isEqualTo(401);
            assertThat(mint(token, "/atlas/out/logged", "{\"caveats\":[\"activity:UPLOAD\"]}").statusCode())
                    .isEqualTo(200);
            String logged = log.awaitContaining("/atlas/out/logged");
            assertThat(logged).contains("sub=alice jti=" + jti).doesNotContain(token.substring(0, 40))
                    .doesNotContain(token.substring(token.lastIndexOf('.') + 1))
                    .doesNotContain(expired.substring(expired.lastIndexOf('.') + 1));
        }
    }

    // Minting from a token

    private static Response mint(String token, String path, String body) throws Exception {
        return given(door.anonymous()).header("Authorization", "Bearer " + token)
                .contentType("application/macaroon-request").body(body).post(path);
    }

    private static Instant expiryOf(String macaroon) {
        return MacaroonInspector.describe(macaroon, Optional.empty()).stream()
                .filter(line -> line.startsWith("expires: ")).map(line -> Instant.parse(line.substring(9)))
                .findFirst().orElseThrow();
    }

    /** Revocation by identity names a token's holder by its issuer and subject, the same in all its tokens. */
    @Test
    void macaroonsMintedFromATokenAreRevokedByTheTokensIssuerAndSubject() throws Exception {
        String mallorys = mint(issuer.token(c -> c.subject("mallory")), "/atlas/out/revoked-m",
                "{\"caveats\":[\"activity:UPLOAD\"]}").jsonPath().getString("macaroon");
        String alices = mint(issuer.token(), "/atlas/out/revoked-a", "{\"caveats\":[\"activity:UPLOAD\"]}")
                .jsonPath().getString("macaroon");
        java.io.StringWriter err = new java.io.StringWriter();
        int exit = org.gridgate.gateway.cli.GatewayCommand.commandLine()
                .setOut(new java.io.PrintWriter(new java.io.StringWriter())).setErr(new java.io.PrintWriter(err, true))
                .execute("tokens", "revoke", "--secrets", door.environment().directory().resolve("secrets").toString(),
                        "--identity", issuer.url() + " mallory");
        assertThat(exit).as(err.toString()).isZero();
        door.door().reloadRevocations();

        assertThat(status(mallorys, "PUT", "/atlas/out/revoked-m")).isEqualTo(401);
        assertThat(status(alices, "PUT", "/atlas/out/revoked-a")).isEqualTo(201);
    }

    @Test
    void aTokenMintsAMacaroonWithinItsScopesAndLifetime() throws Exception {
        Instant exp = Instant.now().plusSeconds(300);
        String token = issuer.token(c -> c.expirationTime(Date.from(exp)));
        Response minted = mint(token, "/atlas/out/minted", "{\"caveats\":[\"activity:UPLOAD\"],\"validity\":\"PT24H\"}");
        assertThat(minted.statusCode()).as(minted.asString()).isEqualTo(200);
        String macaroon = minted.jsonPath().getString("macaroon");
        assertThat(minted.jsonPath().getString("uri.targetWithMacaroon")).endsWith("/atlas/out/minted?authz=" + macaroon);
        assertThat(expiryOf(macaroon)).isBeforeOrEqualTo(exp.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        assertThat(status(macaroon, "PUT", "/atlas/out/minted")).isEqualTo(201);
        assertThat(status(macaroon, "PUT", "/atlas/out/minted")).isEqualTo(403);
        assertThat(status(macaroon, "GET", "/atlas/data")).isEqualTo(403);
    }

    @Test
    void askingForMoreThanTheTokenHoldsIsRefusedNamingWhatIsMissing() throws Exception {
        String token = issuer.token();
        Response delete = mint(token, "/atlas/out/x", "{\"caveats\":[\"activity:UPLOAD,DELETE\"]}");
        assertThat(delete.statusCode()).isEqualTo(403);
        assertThat(delete.asString()).contains("DELETE").doesNotContain("UPLOAD,");
        Response upload = mint(token, "/atlas/data", "{\"caveats\":[\"activity:UPLOAD\"]}");
        assertThat(upload.statusCode()).isEqualTo(403);
        assertThat(upload.asString()).contains("UPLOAD");
        // the site policy limits too: the token may read /cms, no policy rule lets its groups mint there
        Response policy = mint(issuer.token(c -> c.claim("scope", "storage.read:/cms")), "/cms/data",
                "{\"caveats\":[\"activity:DOWNLOAD\"]}");
        assertThat(policy.statusCode()).isEqualTo(403);
        assertThat(policy.asString()).contains("/cms");
    }

    @Test
    void aTokenWithoutScopesMintsWhatThePolicyAllowsItsGroups() throws Exception {
        String token = issuer.token(c -> c.claim("scope", "openid"));
        Response minted = mint(token, "/atlas/data", "{\"caveats\":[\"activity:DOWNLOAD\"]}");
        assertThat(minted.statusCode()).as(minted.asString()).isEqualTo(200);
        String macaroon = minted.jsonPath().getString("macaroon");
        assertThat(as(macaroon, "GET", "/atlas/data", null).asString()).isEqualTo("atlas data\n");
        assertThat(mint(token, "/cms/data", "{\"caveats\":[\"activity:DOWNLOAD\"]}").statusCode()).isEqualTo(403);
    }
}
