package org.gridgate.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A lock belongs to the client that took it. Its token is no secret (RFC 4918 §6.5: anyone who may see the
 * resource's properties sees it in lockdiscovery), so a token proves nothing on its own: another client that
 * submits it cannot unlock, refresh or write through the lock, even where it may write, and even less above
 * its own path, where the lock was taken.
 */
class LockOwnershipTest {

    private static final String LOCKINFO = "<?xml version=\"1.0\"?><d:lockinfo xmlns:d=\"DAV:\"><d:lockscope>"
            + "<d:exclusive/></d:lockscope><d:locktype><d:write/></d:locktype><d:owner>admin</d:owner></d:lockinfo>";

    @RegisterExtension
    static final DevDoorExtension door = DevDoorExtension.dev();
    /** A desktop's macaroon for a directory below the lock: it may write there, and see the lock's token. */
    static String desktop;
    String token;

    @BeforeAll
    static void seed() throws Exception {
        given(door.withProxy()).when().request("MKCOL", "/data").then().statusCode(201);
        given(door.withProxy()).when().request("MKCOL", "/data/desktop").then().statusCode(201);
        desktop = "Bearer " + door.mint("/data/desktop", "{\"caveats\":[\"activity:UPLOAD,DELETE\"]}");
        given(door.withProxy()).body("elsewhere").put("/public/source").then().statusCode(201);
    }

    /** The site's admin (X.509) locks all of /data; the desktop reads the token where it may read metadata. */
    @BeforeEach
    void adminLocksData() throws Exception {
        given(door.withProxy()).header("Depth", "infinity").body(LOCKINFO).request("LOCK", "/data")
                .then().statusCode(200);
        String discovered = given(door.anonymous()).header("Authorization", desktop).header("Depth", "0")
                .request("PROPFIND", "/data/desktop").then().statusCode(207).extract().asString();
        Matcher found = Pattern.compile("opaquelocktoken:[0-9a-f-]+").matcher(discovered);
        assertThat(found.find()).as("lockdiscovery shows the token").isTrue();
        token = found.group();
    }

    @AfterEach
    void adminUnlocks() throws Exception {
        given(door.withProxy()).header("Lock-Token", "<" + token + ">").request("UNLOCK", "/data");
    }

    @Test
    void anotherClientCannotUnlockWithTheToken() throws Exception {
        given(door.anonymous()).header("Authorization", desktop).header("Lock-Token", "<" + token + ">")
                .request("UNLOCK", "/data/desktop").then().statusCode(403).body(containsString("another client"));

        given(door.withProxy()).body("x").put("/data/still-locked").then().statusCode(423);
    }

    @Test
    void anotherClientCannotWriteThroughTheLockWithTheToken() throws Exception {
        given(door.anonymous()).header("Authorization", desktop).header("If", "(<" + token + ">)").body("x")
                .put("/data/desktop/file").then().statusCode(412);

        assertThat(door.dataDir().resolve("data/desktop/file")).doesNotExist();
    }

    @Test
    void anotherClientCannotRefreshTheLock() throws Exception {
        given(door.anonymous()).header("Authorization", desktop).header("If", "(<" + token + ">)")
                .request("LOCK", "/data/desktop").then().statusCode(412);
    }

    @Test
    void theOwnerWritesThroughAndUnlocks() throws Exception {
        given(door.withProxy()).header("If", "(<" + token + ">)").body("x").put("/data/by-owner")
                .then().statusCode(201);
        given(door.withProxy()).header("Lock-Token", "<" + token + ">").request("UNLOCK", "/data")
                .then().statusCode(204);
    }

    /** A third-party pull writes like a PUT: it does not go around a lock either (dev doors pull from themselves). */
    @Test
    void aThirdPartyPullDoesNotWriteThroughAnotherClientsLock() throws Exception {
        String read = door.mint("/public/source", "{\"caveats\":[\"activity:DOWNLOAD\"]}");
        given(door.anonymous()).header("Authorization", desktop).header("Source", door.url("/public/source"))
                .header("TransferHeaderAuthorization", "Bearer " + read).request("COPY", "/data/desktop/pulled")
                .then().statusCode(423);

        assertThat(door.dataDir().resolve("data/desktop/pulled")).doesNotExist();
    }

    /** Whether a path is locked, and by what, is told only to a client that may write there at all. */
    @Test
    void aLockedDestinationIsNotRevealedToAClientWithoutRightsThere() throws Exception {
        given(door.withProxy()).body("x").header("If", "(<" + token + ">)").put("/data/desktop/source")
                .then().statusCode(201);
        String mover = "Bearer " + door.mint("/data/desktop", "{\"caveats\":[\"activity:MANAGE\"]}");
        given(door.anonymous()).header("Authorization", mover).header("Destination", "/data/elsewhere")
                .request("MOVE", "/data/desktop/source").then().statusCode(403);
    }
}
