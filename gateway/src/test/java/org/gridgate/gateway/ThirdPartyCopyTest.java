package org.gridgate.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * WLCG HTTP third-party copy is not performed by this door: such a COPY is answered 501, which makes gfal2 and
 * FTS fall back to a streamed copy (a 403 would stop them). A plain WebDAV COPY still copies inside the door.
 */
class ThirdPartyCopyTest {

    @TempDir
    static Path dir;
    static TestDoor door;

    @BeforeAll
    static void startDoor() throws Exception {
        door = TestDoor.start(dir.resolve("dev"));
        Files.createDirectories(door.dataDir().resolve("tpc"));
        Files.write(door.dataDir().resolve("tpc/source"), new byte[5]);
    }

    @AfterAll
    static void stopDoor() {
        door.close();
    }

    @Test
    void pullCopyWithASourceHeaderIsNotImplemented() throws Exception {
        given(door.withProxy()).header("Source", door.url("/tpc/source")).header("Credential", "none")
                .request("COPY", "/tpc/pulled").then().statusCode(501);

        assertThat(door.dataDir().resolve("tpc/pulled")).doesNotExist();
    }

    @Test
    void pushCopyWithTransferHeadersIsNotImplemented() throws Exception {
        given(door.withProxy()).header("Destination", door.url("/tpc/pushed"))
                .header("TransferHeaderAuthorization", "Bearer something").request("COPY", "/tpc/source")
                .then().statusCode(501);

        assertThat(door.dataDir().resolve("tpc/pushed")).doesNotExist();
    }

    @Test
    void plainWebDavCopyCopiesInsideTheDoor() throws Exception {
        given(door.withProxy()).header("Destination", door.url("/tpc/copied")).request("COPY", "/tpc/source")
                .then().statusCode(201);

        assertThat(door.dataDir().resolve("tpc/copied")).hasSize(5);
    }
}
