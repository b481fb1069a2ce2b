package org.gridgate.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Symbolic links that the site (or another protocol) put inside the storage root, pointing outside it: a macaroon
 * whose path holds them can neither go through them nor act on them, they are not listed, and deleting or copying
 * the directory that holds them leaves their targets alone.
 */
class SymlinkInTheStorageTest {

    @RegisterExtension
    static final DevDoorExtension door = DevDoorExtension.dev();
    static Path outside;
    static String everything;

    @BeforeAll
    static void seed() throws Exception {
        outside = Files.createDirectories(door.scratch().resolve("outside"));
        Files.writeString(outside.resolve("passwd"), "root:x:0:0");
        given(door.withProxy()).body("mine").put("/data/a/sub/file").then().statusCode(201);
        Files.createSymbolicLink(door.dataDir().resolve("data/a/dir-link"), outside);
        Files.createSymbolicLink(door.dataDir().resolve("data/a/file-link"), outside.resolve("passwd"));
        Files.createSymbolicLink(door.dataDir().resolve("data/a/sub/dir-link"), outside);
        everything = "Bearer " + door.mint("/data/a", "{\"caveats\":[\"activity:UPLOAD,DOWNLOAD,DELETE,MANAGE,"
                + "LIST,READ_METADATA,UPDATE_METADATA\"]}");
    }

    @ParameterizedTest
    @CsvSource({
        "GET, /data/a/file-link, ", "HEAD, /data/a/file-link, ", "GET, /data/a/dir-link/passwd, ",
        "PUT, /data/a/file-link, ", "PUT, /data/a/dir-link/planted, ", "DELETE, /data/a/file-link, ",
        "DELETE, /data/a/dir-link, ", "MKCOL, /data/a/dir-link/new, ", "PROPFIND, /data/a/dir-link, ",
        "MOVE, /data/a/file-link, /data/a/moved", "MOVE, /data/a/sub/file, /data/a/dir-link/file",
        "COPY, /data/a/dir-link, /data/a/copied",
    })
    void goingThroughOrActingOnALinkIsForbidden(String method, String target, String destination)
            throws Exception {
        var request = given(door.anonymous()).header("Authorization", everything).header("Depth", "0");
        if (method.equals("PUT")) {
            request = request.body("x");
        }
        if (destination != null) {
            request = request.header("Destination", destination);
        }
        request.request(method, target).then().statusCode(403);
        assertOutsideUntouched();
    }

    @Test
    void linksAreNotListed() throws Exception {
        given(door.anonymous()).header("Authorization", everything).header("Depth", "1")
                .request("PROPFIND", "/data/a").then().statusCode(207).body(containsString("/data/a/sub/"))
                .body(not(containsString("link")));
        given(door.anonymous()).header("Authorization", everything).get("/data/a/")
                .then().statusCode(200).body(not(containsString("link")));
    }

    @Test
    void copyingAndDeletingTheDirectoryHoldingALinkLeaveItsTargetAlone() throws Exception {
        given(door.anonymous()).header("Authorization", everything).header("Destination", "/data/a/sub-copy")
                .request("COPY", "/data/a/sub").then().statusCode(201);
        assertThat(door.dataDir().resolve("data/a/sub-copy")).isDirectoryContaining(p -> p.endsWith("file"))
                .isDirectoryNotContaining(p -> p.endsWith("dir-link"));

        given(door.anonymous()).header("Authorization", everything).delete("/data/a/sub")
                .then().statusCode(409);
        assertOutsideUntouched();
    }

    private static void assertOutsideUntouched() throws Exception {
        assertThat(outside.toFile().list()).containsExactly("passwd");
        assertThat(outside.resolve("passwd")).hasContent("root:x:0:0");
    }
}
