package org.gridgate.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the door writes to its log: never a bearer token or a credential from a URL, and never a control character
 * a client sent (terminal escape sequences, line breaks of any kind) unescaped.
 */
class LogSafetyTest {

    @RegisterExtension
    static final DevDoorExtension door = DevDoorExtension.dev();
    static String token;
    static SSLContext anonymous;

    @BeforeAll
    static void seed() throws Exception {
        given(door.withProxy()).body("content").put("/data/a/file").then().statusCode(201);
        token = door.mint("/data/a", "{\"caveats\":[\"activity:UPLOAD,DOWNLOAD,LIST\"]}");
        anonymous = door.sslContext(null);
    }

    @Test
    void aTokenInTheQueryNeverReachesTheLogNorAListing() throws Exception {
        try (LogCapture log = new LogCapture()) {
            given(door.anonymous()).get("/data/a/file?authz=" + token).then().statusCode(200);
            given(door.anonymous()).get("/data/a/missing?authz=" + token).then().statusCode(404);
            given(door.anonymous()).get("/data/b/elsewhere?authz=" + token).then().statusCode(403);
            assertThat(RawHttps.status(anonymous, door.port(), "GET", "/data/a/%2e%2e/b?authz=" + token))
                    .isEqualTo(400);
            given(door.anonymous()).header("Depth", "1").request("PROPFIND", "/data/a?authz=" + token)
                    .then().statusCode(207).body(not(containsString(token)));
            given(door.anonymous()).get("/data/a/?authz=" + token).then().statusCode(200)
                    .body(not(containsString(token)));
            // a pull from this very door (dev doors allow loopback), the source URL carrying the token
            given(door.anonymous()).header("Source", door.url("/data/a/file?authz=" + token))
                    .request("COPY", "/data/a/pulled?authz=" + token).then().statusCode(202);

            String logged = log.awaitContaining("pulled");
            assertThat(logged).contains("GET /data/a/file").contains("pulled").doesNotContain(token)
                    .doesNotContain(token.substring(0, 40));
        }
    }

    @Test
    void credentialsInAThirdPartyCopyUrlNeverReachTheLog() throws Exception {
        String source = "https://gridgate:hunter2@localhost:" + door.port() + "/data/a/file";
        try (LogCapture log = new LogCapture()) {
            given(door.anonymous()).header("Authorization", "Bearer " + token).header("Source", source)
                    .request("COPY", "/data/a/copied").then().statusCode(502);

            assertThat(log.awaitContaining("third-party copy not started")).contains("third-party copy not started")
                    .doesNotContain("hunter2");
        }
    }

    @Test
    void controlCharactersFromTheClientAreEscapedInTheLog() throws Exception {
        try (LogCapture log = new LogCapture();
             RawHttps.Connection connection = new RawHttps.Connection(anonymous, door.port())) {
            connection.send(("GET /data/a/\u001b[2J\u0085forged HTTP/1.1\r\nHost: localhost\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            assertThat(connection.readStatus()).isEqualTo(400);

            String logged = log.awaitContaining("forged");
            assertThat(logged).contains("\\u001b[2J\\u0085forged").doesNotContain("\u001b").doesNotContain("\u0085");
        }
    }
}
