package org.gridgate.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * MKCOL as clients send it (with or without a trailing slash) and as dCache answers it: 201, 405 on an existing
 * path, 409 without a parent. A macaroon that may upload at its path may create the missing directories above
 * that path, and nothing else (dCache PR 4270; gfal-mkdir depends on it).
 */
class MkcolTest {

    @RegisterExtension
    static final DevDoorExtension door = DevDoorExtension.dev();

    private static int mkcol(String token, String path) throws Exception {
        return given(door.anonymous()).header("Authorization", "Bearer " + token).request("MKCOL", path)
                .statusCode();
    }

    private static int mkcolWithProxy(String path) throws Exception {
        return given(door.withProxy()).request("MKCOL", path).statusCode();
    }

    @Test
    void createsACollectionWithoutTrailingSlash() throws Exception {
        assertThat(mkcolWithProxy("/plain")).isEqualTo(201);
        assertThat(door.dataDir().resolve("plain")).isDirectory();
    }

    @Test
    void createsACollectionWithTrailingSlash() throws Exception {
        assertThat(mkcolWithProxy("/slashed/")).isEqualTo(201);
        assertThat(door.dataDir().resolve("slashed")).isDirectory();
    }

    @Test
    void existingCollectionIsMethodNotAllowed() throws Exception {
        Files.createDirectories(door.dataDir().resolve("there"));
        assertThat(mkcolWithProxy("/there")).isEqualTo(405);
    }

    @Test
    void missingParentIsConflict() throws Exception {
        assertThat(mkcolWithProxy("/nowhere/child")).isEqualTo(409);
        assertThat(door.dataDir().resolve("nowhere")).doesNotExist();
    }

    @Test
    void uploadMacaroonMayCreateTheMissingAncestorsOfItsPath() throws Exception {
        String token = door.mint("/up/a/b/file", "{\"caveats\":[\"activity:UPLOAD\"]}");
        assertThat(mkcol(token, "/up")).isEqualTo(201);
        assertThat(mkcol(token, "/up/a")).isEqualTo(201);
        assertThat(mkcol(token, "/up/a/b/")).isEqualTo(201);
        assertThat(door.dataDir().resolve("up/a/b")).isDirectory();
    }

    @Test
    void uploadMacaroonMayNotCreateADirectoryBesideItsPath() throws Exception {
        Files.createDirectories(door.dataDir().resolve("side/a"));
        String token = door.mint("/side/a/file", "{\"caveats\":[\"activity:UPLOAD\"]}");
        assertThat(mkcol(token, "/side/b")).isEqualTo(403);
        assertThat(mkcol(token, "/side/a/file2")).isEqualTo(403);
        assertThat(door.dataDir().resolve("side/b")).doesNotExist();
    }

    @Test
    void downloadMacaroonMayNotCreateAncestors() throws Exception {
        String token = door.mint("/down/a/file", "{\"caveats\":[\"activity:DOWNLOAD,LIST\"]}");
        assertThat(mkcol(token, "/down")).isEqualTo(403);
        assertThat(door.dataDir().resolve("down")).doesNotExist();
    }
}
