package org.gridgate.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every way a bearer can ask for more than its macaroon gives: refused, with a reason, touching nothing. */
class RefusalTest {

    @RegisterExtension
    static final DevDoorExtension door = DevDoorExtension.dev();

    @BeforeAll
    static void seed() throws Exception {
        given(door.withProxy()).body("precious").put("/data/a/existing").then().statusCode(201);
    }

    private static String bearer(String token) {
        return "Bearer " + token;
    }

    private void assertUntouched() throws Exception {
        assertThat(Files.readString(door.dataDir().resolve("data/a/existing"))).isEqualTo("precious");
    }

    @Test
    void noCredentialIsUnauthorizedWithChallenge() throws Exception {
        given(door.anonymous()).get("/data/a/existing").then().statusCode(401)
                .header("WWW-Authenticate", containsString("Bearer"))
                .body(containsString("Authentication required"));
    }

    @Test
    void uploadMacaroonCannotRead() throws Exception {
        String token = door.mint("/data/a", "{\"caveats\":[\"activity:UPLOAD\"]}");
        given(door.anonymous()).header("Authorization", bearer(token)).get("/data/a/existing")
                .then().statusCode(403).body(containsString("DOWNLOAD"));
    }

    /**
     * An UPLOAD macaroon may see metadata, so its GET opens the file to learn what the path is before the grant
     * refuses the download: the refusal must close it again, or every such request would leak a descriptor.
     */
    @Test
    void aRefusedReadLeavesTheFileClosed() throws Exception {
        String token = door.mint("/data/a", "{\"caveats\":[\"activity:UPLOAD\"]}");
        for (int i = 0; i < 200; i++) {
            given(door.anonymous()).header("Authorization", bearer(token)).get("/data/a/existing")
                    .then().statusCode(403);
        }
        assertThat(descriptorsOpenOn(door.dataDir().resolve("data/a/existing"))).isZero();
    }

    /** How many of this JVM's file descriptors (the door runs in it) are open on {@code file}. */
    private static long descriptorsOpenOn(Path file) throws IOException {
        Path target = file.toRealPath();
        try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
            return descriptors.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).equals(target);
                } catch (IOException gone) {
                    return false;   // closed meanwhile (the listing's own descriptor, among others)
                }
            }).count();
        }
    }

    @Test
    void uploadMacaroonCannotDelete() throws Exception {
        String token = door.mint("/data/a", "{\"caveats\":[\"activity:UPLOAD\"]}");
        given(door.anonymous()).header("Authorization", bearer(token)).delete("/data/a/existing")
                .then().statusCode(403);
        assertUntouched();
    }

    @Test
    void uploadMacaroonCannotOverwriteWithoutDelete() throws Exception {
        String token = door.mint("/data/a", "{\"caveats\":[\"activity:UPLOAD\"]}");
        given(door.anonymous()).header("Authorization", bearer(token)).body("evil").put("/data/a/existing")
                .then().statusCode(403);
        assertUntouched();
    }

    @Test
    void pathPrefixIsComparedBySegment() throws Exception {
        String token = door.mint("/data/a", "{\"caveats\":[\"activity:UPLOAD\"]}");
        given(door.anonymous()).header("Authorization", bearer(token)).body("x").put("/data/ab")
                .then().statusCode(403);
        given(door.anonymous()).header("Authorization", bearer(token)).body("x").put("/data/ab/c")
                .then().statusCode(403);
        assertThat(door.dataDir().resolve("data/ab")).doesNotExist();
    }

    @Test
    void macaroonForOneFileCannotTouchASibling() throws Exception {
        String token = door.mint("/data/a/file1", "{\"caveats\":[\"activity:UPLOAD\"]}");
        given(door.anonymous()).header("Authorization", bearer(token)).body("x").put("/data/a/file10")
                .then().statusCode(403);
        given(door.anonymous()).header("Authorization", bearer(token)).body("x").put("/data/a/file1")
                .then().statusCode(201);
    }

    @Test
    void expiredMacaroonIsRefused() throws Exception {
        String token = door.mint("/data/a", "{\"caveats\":[\"activity:DOWNLOAD\"],\"validity\":\"PT1M\"}");
        given(door.anonymous()).header("Authorization", bearer(token)).get("/data/a/existing")
                .then().statusCode(200);
        door.clock().advance(Duration.ofMinutes(2));
        given(door.anonymous()).header("Authorization", bearer(token)).get("/data/a/existing")
                .then().statusCode(401).body(containsString("Invalid macaroon"));
    }

    @Test
    void macaroonFromOutsideItsIpRangeIsRefused() throws Exception {
        String token = door.mint("/data/a", "{\"caveats\":[\"activity:DOWNLOAD\",\"ip:192.0.2.0/24\"]}");
        given(door.anonymous()).header("Authorization", bearer(token)).get("/data/a/existing")
                .then().statusCode(401).body(containsString("address"));
        String local = door.mint("/data/a", "{\"caveats\":[\"activity:DOWNLOAD\",\"ip:127.0.0.0/8,::1\"]}");
        given(door.anonymous()).header("Authorization", bearer(local)).get("/data/a/existing")
                .then().statusCode(200);
    }

    @Test
    void tamperedMacaroonIsRefused() throws Exception {
        String token = door.mint("/data/a", "{\"caveats\":[\"activity:DOWNLOAD\"]}");
        byte[] raw = Base64.getUrlDecoder().decode(token);
        raw[raw.length - 2] ^= 1;
        String tampered = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        given(door.anonymous()).header("Authorization", bearer(tampered)).get("/data/a/existing")
                .then().statusCode(401);
    }

    @Test
    void macaroonFromAnotherDoorIsRefused() throws Exception {
        try (TestDoor other = TestDoor.start(door.scratch().resolve("other"))) {
            String foreign = other.mint("/data/a", "{\"caveats\":[\"activity:DOWNLOAD\"]}");
            given(door.anonymous()).header("Authorization", bearer(foreign)).get("/data/a/existing")
                    .then().statusCode(401);
        }
    }

    @Test
    void garbageBearerTokenIsRefused() throws Exception {
        given(door.anonymous()).header("Authorization", "Bearer not-a-macaroon").get("/data/a/existing")
                .then().statusCode(401);
    }

    @Test
    void twoDifferentTokensAreRefused() throws Exception {
        String one = door.mint("/data/a", "{\"caveats\":[\"activity:DOWNLOAD\"]}");
        String two = door.mint("/data/a", "{\"caveats\":[\"activity:DOWNLOAD\"]}");
        given(door.anonymous()).header("Authorization", bearer(one)).get("/data/a/existing?authz=" + two)
                .then().statusCode(400);
    }

    @Test
    void invalidMacaroonDoesNotFallBackToTheCertificate() throws Exception {
        given(door.withProxy()).header("Authorization", "Bearer not-a-macaroon").get("/data/a/existing")
                .then().statusCode(401);
    }

    @Test
    void proxyThatExpiresDuringAKeepAliveConnectionStopsWorking() throws Exception {
        // A door of its own: moving its clock past the proxy's lifetime would disturb the other tests.
        try (TestDoor own = TestDoor.start(door.scratch().resolve("expiring"));
             RawHttps.Connection connection = new RawHttps.Connection(
                     own.sslContext(own.dev.pki().userProxy()), own.port())) {
            Files.writeString(own.dataDir().resolve("f"), "x");
            connection.send("HEAD /f HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertThat(connection.readStatus()).isEqualTo(200);
            own.clock.advance(Duration.ofDays(2));
            connection.send("HEAD /f HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertThat(connection.readStatus()).isEqualTo(401);
        }
    }

    /**
     * On the way to its path (ancestors, the root) a macaroon may only LIST and READ_METADATA, however many
     * activities it has: nothing there is deleted, replaced, moved, copied, locked or patched.
     */
    @ParameterizedTest
    @CsvSource({
        "DELETE, /data, ", "DELETE, /, ", "PUT, /data, ", "PUT, /data/b, ", "PROPPATCH, /data, ", "LOCK, /data, ",
        "MOVE, /data, /elsewhere", "MOVE, /, /data/a/root", "COPY, /data, /data/a/copy-of-data",
        "MOVE, /data/a/existing, /data/moved-up", "COPY, /data/a/existing, /data/copied-up",
    })
    void anAncestorOfTheMacaroonsPathIsOnlyForWalkingDown(String method, String target, String destination)
            throws Exception {
        String everything = door.mint("/data/a", "{\"caveats\":[\"activity:UPLOAD,DOWNLOAD,DELETE,MANAGE,LIST,"
                + "READ_METADATA,UPDATE_METADATA,STAGE\"]}");
        var request = given(door.anonymous()).header("Authorization", bearer(everything)).body("x");
        if (destination != null) {
            request = request.header("Destination", destination);
        }
        request.request(method, target).then().statusCode(403);
        assertUntouched();
        assertThat(door.dataDir().resolve("elsewhere")).doesNotExist();
        assertThat(door.dataDir().resolve("data/moved-up")).doesNotExist();
        assertThat(door.dataDir().resolve("data/copied-up")).doesNotExist();
    }

    @Test
    void aMacaroonIsDeadFromTheSecondOfItsBefore() throws Exception {
        String token = door.mint("/data/a", "{\"caveats\":[\"activity:DOWNLOAD\"],\"validity\":\"PT10S\"}");
        door.clock().advance(Duration.ofSeconds(9));
        given(door.anonymous()).header("Authorization", bearer(token)).get("/data/a/existing")
                .then().statusCode(200);
        door.clock().advance(Duration.ofSeconds(1));
        given(door.anonymous()).header("Authorization", bearer(token)).get("/data/a/existing")
                .then().statusCode(401).body(containsString("expired"));
    }

    /** Bearer tokens come only from Authorization or ?authz=; a cookie is not a credential here. */
    @Test
    void aMacaroonInACookieIsNotACredential() throws Exception {
        String token = door.mint("/data/a", "{\"caveats\":[\"activity:DOWNLOAD\"]}");
        given(door.anonymous()).header("Cookie", "authz=" + token).get("/data/a/existing")
                .then().statusCode(401).body(containsString("Authentication required"));
    }

    /** OPTIONS needs no credential and tells nothing about the storage: the same static answer for any path. */
    @Test
    void optionsWithoutCredentialsRevealsNothingAboutThePath() throws Exception {
        String existing = given(door.anonymous()).options("/data/a/existing").then().statusCode(200)
                .extract().headers().toString();
        String missing = given(door.anonymous()).options("/no/such/path").then().statusCode(200)
                .extract().headers().toString();
        // apart from the date and the request id, which every response has of its own
        assertThat(existing.replaceAll("(Date|X-Request-Id)=[^\\n]*", ""))
                .isEqualTo(missing.replaceAll("(Date|X-Request-Id)=[^\\n]*", ""));
    }
}
