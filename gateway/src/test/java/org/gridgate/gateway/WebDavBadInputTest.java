package org.gridgate.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import java.nio.file.Files;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/** WebDAV requests crafted to confuse or attack the door: each gets a clear status and changes nothing. */
class WebDavBadInputTest {

    @RegisterExtension
    static final DevDoorExtension door = DevDoorExtension.dev();

    @BeforeAll
    static void seed() throws Exception {
        given(door.withProxy()).body("alpha").put("/data/a/file").then().statusCode(201);
        given(door.withProxy()).body("beta").put("/data/b/secret-name").then().statusCode(201);
        Files.writeString(door.scratch().resolve("xxe-target"), "TOP SECRET");
    }

    @Test
    void externalEntitiesAreRefused() throws Exception {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file://"
                + door.scratch().resolve("xxe-target") + "\">]><d:propfind xmlns:d=\"DAV:\"><d:prop><d:displayname>&x;</d:displayname></d:prop>"
                + "</d:propfind>";
        given(door.withProxy()).header("Depth", "0").body(xxe).request("PROPFIND", "/data/a/file")
                .then().statusCode(400).body(not(containsString("TOP SECRET")));
    }

    @Test
    void hugeXmlBodyIsTooLarge() throws Exception {
        String huge = "<d:propfind xmlns:d=\"DAV:\"><d:prop>" + "<d:getetag/>".repeat(10_000)
                + "</d:prop></d:propfind>";
        given(door.withProxy()).header("Depth", "0").body(huge).request("PROPFIND", "/data/a/file")
                .then().statusCode(413);
    }

    @Test
    void malformedXmlIsBadRequest() throws Exception {
        given(door.withProxy()).header("Depth", "0").body("<d:propfind xmlns:d=\"DAV:\"><d:prop>")
                .request("PROPFIND", "/data/a/file").then().statusCode(400);
    }

    @Test
    void depthGarbageIsBadRequestAndInfinityForbidden() throws Exception {
        given(door.withProxy()).header("Depth", "banana").request("PROPFIND", "/data").then().statusCode(400);
        given(door.withProxy()).header("Depth", "infinity").request("PROPFIND", "/data").then().statusCode(403);
    }

    @Test
    void overflowingRangeIsIgnoredNotFatal() throws Exception {
        given(door.withProxy()).header("Range", "bytes=99999999999999999999999-").get("/data/a/file")
                .then().statusCode(200);
        given(door.withProxy()).header("Range", "bytes=-99999999999999999999999").get("/data/a/file")
                .then().statusCode(200);
    }

    @Test
    void listingShowsOnlyWhatTheMacaroonMaySee() throws Exception {
        String token = door.mint("/data/a", "{\"caveats\":[\"activity:LIST,DOWNLOAD\"]}");
        given(door.anonymous()).header("Authorization", "Bearer " + token).header("Depth", "1")
                .request("PROPFIND", "/data").then().statusCode(207)
                .body(containsString("/data/a/")).body(not(containsString("/data/b")));
    }

    @Test
    void moveNeedsRightsOnBothEnds() throws Exception {
        String token = door.mint("/data/a", "{\"caveats\":[\"activity:MANAGE,UPLOAD,DOWNLOAD,DELETE\"]}");
        given(door.anonymous()).header("Authorization", "Bearer " + token)
                .header("Destination", door.url("/data/b/stolen")).request("MOVE", "/data/a/file")
                .then().statusCode(403);
        given(door.anonymous()).header("Authorization", "Bearer " + token)
                .header("Destination", door.url("/data/a/file")).request("COPY", "/data/b/secret-name")
                .then().statusCode(403);
        assertThat(door.dataDir().resolve("data/a/file")).hasContent("alpha");
        assertThat(door.dataDir().resolve("data/b/stolen")).doesNotExist();
    }

    @Test
    void destinationOnAnotherHostOrOutsideTheRootIsRefused() throws Exception {
        given(door.withProxy()).header("Destination", "https://elsewhere.example.org/x")
                .request("MOVE", "/data/a/file").then().statusCode(502);
        given(door.withProxy()).header("Destination", door.url("/data/a/../../../etc/passwd"))
                .request("MOVE", "/data/a/file").then().statusCode(400);
        given(door.withProxy()).request("MOVE", "/data/a/file").then().statusCode(400);
        assertThat(door.dataDir().resolve("data/a/file")).hasContent("alpha");
    }

    /**
     * The Host header is the client's to choose: naming another host there makes a Destination on that host count
     * as this door's, but then only its path matters, and that path is authorized like any other.
     */
    @Test
    void aSpoofedHostDoesNotWidenADestination() throws Exception {
        String token = door.mint("/data/a", "{\"caveats\":[\"activity:UPLOAD,DOWNLOAD,DELETE\"]}");
        try (RawHttps.Connection connection = new RawHttps.Connection(door.sslContext(null), door.port())) {
            connection.send("COPY /data/a/file HTTP/1.1\r\nHost: elsewhere.example\r\nAuthorization: Bearer " + token
                    + "\r\nDestination: https://elsewhere.example/data/b/planted\r\nContent-Length: 0\r\n\r\n");
            assertThat(connection.readStatus()).isEqualTo(403);
        }
        assertThat(door.dataDir().resolve("data/b/planted")).doesNotExist();
    }

    /** The door writes Host into a mint answer's URLs and compares Destinations with it: one, and well formed. */
    @ParameterizedTest
    @ValueSource(strings = {"Host: localhost\r\nHost: elsewhere.example", "Host: evil.example/x?y=",
        "Host: evil.example\"<script>", "Host: a b", "Host: [::1", "Host: localhost:99999x", "Host:"})
    void duplicateOrMalformedHostIsBadRequest(String hostLines) throws Exception {
        try (RawHttps.Connection connection = new RawHttps.Connection(door.sslContext(null), door.port())) {
            connection.send("HEAD /data/a/file HTTP/1.1\r\n" + hostLines + "\r\n\r\n");
            assertThat(connection.readStatus()).isEqualTo(400);
        }
    }

    @Test
    void hostIsRequiredInHttp11AndOptionalInHttp10() throws Exception {
        try (RawHttps.Connection connection = new RawHttps.Connection(door.sslContext(null), door.port())) {
            connection.send("HEAD /data/a/file HTTP/1.1\r\n\r\n");
            assertThat(connection.readStatus()).isEqualTo(400);
        }
        try (RawHttps.Connection connection = new RawHttps.Connection(door.sslContext(null), door.port())) {
            connection.send("HEAD /data/a/file HTTP/1.0\r\n\r\n");
            assertThat(connection.readStatus()).as("no credentials: refused, but not for the Host").isEqualTo(401);
        }
        try (RawHttps.Connection connection = new RawHttps.Connection(door.sslContext(null), door.port())) {
            connection.send("HEAD /data/a/file HTTP/1.1\r\nHost: [::1]:8443\r\n\r\n");
            assertThat(connection.readStatus()).as("an IPv6 literal with a port").isEqualTo(401);
        }
    }

    @Test
    void unknownMethodIsNotAllowed() throws Exception {
        given(door.withProxy()).request("PATCH", "/data/a/file").then().statusCode(405)
                .header("Allow", containsString("PROPFIND"));
    }
}
