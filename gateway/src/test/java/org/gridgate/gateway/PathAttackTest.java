package org.gridgate.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Paths crafted to climb out of a macaroon's path or the storage root: refused before anything is touched. */
class PathAttackTest {

    @RegisterExtension
    static final DevDoorExtension door = DevDoorExtension.dev();
    static String token;
    static SSLContext anonymous;

    @BeforeAll
    static void seed() throws Exception {
        given(door.withProxy()).body("secret").put("/other/secret").then().statusCode(201);
        token = door.mint("/data/a", "{\"caveats\":[\"activity:UPLOAD,DOWNLOAD,DELETE\"]}");
        anonymous = door.sslContext(null);
        Files.writeString(door.scratch().resolve("outside"), "outside the storage root");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/data/a/../../other/secret", "/data/a/%2e%2e/%2e%2e/other/secret", "/data/a/%2E%2E/b",
        "/data/a/..%2fother", "/data/a%2f..%2f..%2fother%2fsecret", "/data/a/%00", "/data/a/..\\..\\other",
        "/data/a/../../../outside"
    })
    void readOutsideThePrefixIsRefused(String target) throws Exception {
        int status = RawHttps.status(anonymous, door.port(), "GET", target, "Authorization: Bearer " + token);
        assertThat(status).isIn(400, 403);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/data/a/../../other/secret", "/data/a/%2e%2e/%2e%2e/other/secret"})
    void deleteOutsideThePrefixTouchesNothing(String target) throws Exception {
        int status = RawHttps.status(anonymous, door.port(), "DELETE", target, "Authorization: Bearer " + token);
        assertThat(status).isIn(400, 403);
        assertThat(Files.readString(door.dataDir().resolve("other/secret"))).isEqualTo("secret");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/data/ab", "/data", "/", "/data/a%20"})
    void neighboursOfThePrefixAreNotReadable(String target) throws Exception {
        int status = RawHttps.status(anonymous, door.port(), "GET", target, "Authorization: Bearer " + token);
        assertThat(status).isEqualTo(403);
    }

    /**
     * C1 controls (U+0080..U+009F, e.g. NEL, which some log readers take for a line break), percent-encoded or as
     * raw bytes, are refused like C0 controls: 400 before any authorization, never a 500 from deeper down.
     */
    @ParameterizedTest
    @ValueSource(strings = {"/data/a/%C2%85forged", "/data/a/%c2%9b31m", "/data/a/%7F", "/data/a/\u0085forged"})
    void controlCharactersOfEveryKindAreBadRequest(String target) throws Exception {
        int status = RawHttps.status(anonymous, door.port(), "GET", target, "Authorization: Bearer " + token);
        assertThat(status).isEqualTo(400);
    }

    /**
     * Encodings that some servers decode once more or fold into dots (overlong UTF-8, double percent-encoding,
     * fullwidth dots, Tomcat's {@code ..;}) are decoded exactly once here: they are ordinary names inside the prefix,
     * so the answer is 404 there, never the file two levels up.
     */
    @ParameterizedTest
    @ValueSource(strings = {
        "/data/a/%c0%ae%c0%ae/%c0%ae%c0%ae/other/secret", "/data/a/%252e%252e/%252e%252e/other/secret",
        "/data/a/%EF%BC%8E%EF%BC%8E/%EF%BC%8E%EF%BC%8E/other/secret", "/data/a/..;/..;/other/secret",
        "/data/a/%2e%2e;x/other/secret", "/data/a/.../other/secret"
    })
    void lookalikesOfDotDotAreNamesInsideThePrefix(String target) throws Exception {
        int status = RawHttps.status(anonymous, door.port(), "GET", target, "Authorization: Bearer " + token);
        assertThat(status).isEqualTo(404);
    }

    /** Only origin-form targets: an absolute URL (another host's or this one's), {@code *} or a relative path is 400. */
    @ParameterizedTest
    @ValueSource(strings = {"https://elsewhere.example/data/a/file", "https://localhost/other/secret", "*",
        "data/a/file", "//elsewhere.example/other/secret"})
    void targetsThatAreNotAnAbsolutePathAreRefused(String target) throws Exception {
        int status = RawHttps.status(anonymous, door.port(), "GET", target, "Authorization: Bearer " + token);
        assertThat(status).isIn(400, 403);
    }
}
