package org.gridgate.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Replacing a file destroys it, so it needs DELETE besides UPLOAD (PUT, COPY, third-party pull) or MANAGE (MOVE),
 * as at dCache. That holds also for a file that another client creates while the request is in flight, between the
 * door's checks and its work: a client without DELETE never replaces it, however long it keeps its upload open.
 */
class ReplaceNeedsDeleteTest {

    /** The door's storage, kept when the door wraps it, so that tests can make files appear behind its back. */
    static AppearsAfterLookup storage;
    @RegisterExtension
    static final DevDoorExtension door = DevDoorExtension.withStorage(plain -> storage = new AppearsAfterLookup(plain));

    @BeforeAll
    static void seed() throws Exception {
        given(door.withProxy()).body("source").put("/r/source").then().statusCode(201);
    }

    private static String bearer(String activities) throws Exception {
        return "Bearer " + door.mint("/r", "{\"caveats\":[\"activity:" + activities + "\"]}");
    }

    private static void assertVictimIntact(String path) throws Exception {
        assertThat(door.dataDir().resolve(path.substring(1))).hasContent("victim");
        try (Stream<Path> files = Files.list(door.dataDir().resolve("r"))) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".gridgate-"));
        }
    }

    @Test
    void putWithoutDeleteDoesNotReplaceAFileThatAppearsDuringTheUpload() throws Exception {
        String uploadOnly = bearer("UPLOAD");
        storage.arm("/r/put", "victim");

        given(door.anonymous()).header("Authorization", uploadOnly).body("evil").put("/r/put")
                .then().statusCode(403).body(containsString("DELETE"));

        assertVictimIntact("/r/put");
    }

    @Test
    void moveWithoutDeleteDoesNotReplaceADestinationThatAppearsMeanwhile() throws Exception {
        given(door.withProxy()).body("moving").put("/r/to-move").then().statusCode(201);
        String manage = bearer("MANAGE,UPLOAD,DOWNLOAD");
        storage.arm("/r/moved", "victim");

        given(door.anonymous()).header("Authorization", manage).header("Destination", "/r/moved")
                .request("MOVE", "/r/to-move").then().statusCode(403).body(containsString("DELETE"));

        assertVictimIntact("/r/moved");
        assertThat(door.dataDir().resolve("r/to-move")).hasContent("moving");
    }

    @Test
    void copyWithoutDeleteDoesNotReplaceADestinationThatAppearsMeanwhile() throws Exception {
        String copier = bearer("UPLOAD,DOWNLOAD");
        storage.arm("/r/copied", "victim");

        given(door.anonymous()).header("Authorization", copier).header("Destination", "/r/copied")
                .request("COPY", "/r/source").then().statusCode(403).body(containsString("DELETE"));

        assertVictimIntact("/r/copied");
    }

    @Test
    void copyWithOverwriteFalseDoesNotReplaceADestinationThatAppearsMeanwhile() throws Exception {
        storage.arm("/r/kept", "victim");

        given(door.withProxy()).header("Destination", "/r/kept").header("Overwrite", "F")
                .request("COPY", "/r/source").then().statusCode(412);

        assertVictimIntact("/r/kept");
    }

    @Test
    void thirdPartyPullWithoutDeleteDoesNotReplaceAFileThatAppearsMeanwhile() throws Exception {
        String read = door.mint("/r/source", "{\"caveats\":[\"activity:DOWNLOAD\"]}");
        String uploadOnly = bearer("UPLOAD");
        storage.arm("/r/pulled", "victim");

        given(door.anonymous()).header("Authorization", uploadOnly).header("Source", door.url("/r/source"))
                .header("TransferHeaderAuthorization", "Bearer " + read).request("COPY", "/r/pulled")
                .then().statusCode(202).body(containsString("failure:"));

        assertVictimIntact("/r/pulled");
    }
}
