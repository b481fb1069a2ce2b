package org.gridgate.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way a bearer can ask for more than its macaroon gives: refused, with a reason, touching nothing. */
class RefusalTest {

    @TempDir
    static Path dir;
    static TestDoor door;

    @BeforeAll
    static void startDoor() throws Exception {
        door = TestDoor.start(dir.resolve("dev"));
        given(door.withProxy()).body("precious").put("/data/a/existing").then().statusCode(201);
    }

    @AfterAll
    static void stopDoor() {
        door.close();
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
        door.clock.advance(Duration.ofMinutes(2));
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
        try (TestDoor other = TestDoor.start(dir.resolve("other"))) {
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
        try (TestDoor own = TestDoor.start(dir.resolve("expiring"));
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
}
