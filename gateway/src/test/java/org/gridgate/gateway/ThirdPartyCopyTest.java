package org.gridgate.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import java.nio.file.Files;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** HTTP third-party copy between two doors, pull and push, each side authorized by its own macaroon. */
class ThirdPartyCopyTest {

    @RegisterExtension
    static final DevDoorExtension source = DevDoorExtension.dev();
    @RegisterExtension
    static final DevDoorExtension destination = DevDoorExtension.dev();
    static byte[] content = new byte[3 * 1024 * 1024 + 5];

    @BeforeAll
    static void seedSource() throws Exception {
        new Random(7).nextBytes(content);
        given(source.withProxy()).body(content).put("/tpc/src").then().statusCode(201);
    }

    @Test
    void pullCopiesTheSourceWithItsMacaroon() throws Exception {
        String read = source.mint("/tpc/src", "{\"caveats\":[\"activity:DOWNLOAD\"]}");
        String write = destination.mint("/tpc", "{\"caveats\":[\"activity:UPLOAD\"]}");
        given(destination.anonymous()).header("Authorization", "Bearer " + write)
                .header("Source", source.url("/tpc/src"))
                .header("TransferHeaderAuthorization", "Bearer " + read)
                .request("COPY", "/tpc/pulled")
                .then().statusCode(202).body(containsString("Perf Marker")).body(containsString("success: Created"));
        assertThat(Files.readAllBytes(destination.dataDir().resolve("tpc/pulled"))).isEqualTo(content);
    }

    @Test
    void pushCopiesToTheDestinationWithItsMacaroon() throws Exception {
        String read = source.mint("/tpc/src", "{\"caveats\":[\"activity:DOWNLOAD\"]}");
        String write = destination.mint("/tpc", "{\"caveats\":[\"activity:UPLOAD\"]}");
        given(source.anonymous()).header("Authorization", "Bearer " + read)
                .header("Destination", destination.url("/tpc/pushed"))
                .header("TransferHeaderAuthorization", "Bearer " + write)
                .request("COPY", "/tpc/src")
                .then().statusCode(202).body(containsString("success: Created"));
        assertThat(Files.readAllBytes(destination.dataDir().resolve("tpc/pushed"))).isEqualTo(content);
    }

    @Test
    void emptyFilesArePulledAndPushed() throws Exception {
        given(source.withProxy()).body(new byte[0]).put("/tpc/empty").then().statusCode(201);
        String read = source.mint("/tpc/empty", "{\"caveats\":[\"activity:DOWNLOAD\"]}");
        String write = destination.mint("/tpc", "{\"caveats\":[\"activity:UPLOAD\"]}");

        given(destination.anonymous()).header("Authorization", "Bearer " + write)
                .header("Source", source.url("/tpc/empty"))
                .header("TransferHeaderAuthorization", "Bearer " + read)
                .request("COPY", "/tpc/empty-pulled")
                .then().statusCode(202).body(containsString("success: Created"));
        given(source.anonymous()).header("Authorization", "Bearer " + read)
                .header("Destination", destination.url("/tpc/empty-pushed"))
                .header("TransferHeaderAuthorization", "Bearer " + write)
                .request("COPY", "/tpc/empty")
                .then().statusCode(202).body(containsString("success: Created"));

        assertThat(destination.dataDir().resolve("tpc/empty-pulled")).isEmptyFile();
        assertThat(destination.dataDir().resolve("tpc/empty-pushed")).isEmptyFile();
    }

    @Test
    void pullWithoutRightsAtTheSourceFailsAndStoresNothing() throws Exception {
        String write = destination.mint("/tpc", "{\"caveats\":[\"activity:UPLOAD\"]}");
        given(destination.anonymous()).header("Authorization", "Bearer " + write)
                .header("Source", source.url("/tpc/src"))
                .request("COPY", "/tpc/denied")
                .then().statusCode(502).body(containsString("401"));
        assertThat(destination.dataDir().resolve("tpc/denied")).doesNotExist();
    }

    @Test
    void pushWithoutRightsAtTheDestinationReportsFailure() throws Exception {
        String read = source.mint("/tpc/src", "{\"caveats\":[\"activity:DOWNLOAD\"]}");
        given(source.anonymous()).header("Authorization", "Bearer " + read)
                .header("Destination", destination.url("/tpc/refused"))
                .request("COPY", "/tpc/src")
                .then().statusCode(202).body(containsString("failure:"));
        assertThat(destination.dataDir().resolve("tpc/refused")).doesNotExist();
    }

    @Test
    void pullNeedsUploadRightsHere() throws Exception {
        String readOnly = destination.mint("/tpc", "{\"caveats\":[\"activity:DOWNLOAD\"]}");
        given(destination.anonymous()).header("Authorization", "Bearer " + readOnly)
                .header("Source", source.url("/tpc/src"))
                .request("COPY", "/tpc/x").then().statusCode(403);
    }

    /** A macaroon's max-upload: limits what it pulls as it limits what it PUTs: 413 before anything is stored. */
    @Test
    void pullBeyondTheMacaroonsMaxUploadIsRefusedAndStoresNothing() throws Exception {
        String read = source.mint("/tpc/src", "{\"caveats\":[\"activity:DOWNLOAD\"]}");
        String small = destination.mint("/tpc", "{\"caveats\":[\"activity:UPLOAD\",\"max-upload:1000\"]}");
        given(destination.anonymous()).header("Authorization", "Bearer " + small)
                .header("Source", source.url("/tpc/src"))
                .header("TransferHeaderAuthorization", "Bearer " + read)
                .request("COPY", "/tpc/too-big")
                .then().statusCode(413).body(containsString("1000"));
        assertThat(destination.dataDir().resolve("tpc/too-big")).doesNotExist();
    }

    @Test
    void plainHttpSourcesAreRefused() throws Exception {
        String write = destination.mint("/tpc", "{\"caveats\":[\"activity:UPLOAD\"]}");
        given(destination.anonymous()).header("Authorization", "Bearer " + write)
                .header("Source", "http://localhost:1/x")
                .request("COPY", "/tpc/y").then().statusCode(400);
    }
}
