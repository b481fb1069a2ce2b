package org.gridgate.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Uploads that must not lose or corrupt anything: refused before the body is sent, cut short, carrying a wrong
 * digest, or bigger than the macaroon allows. The file that was there before is intact every time.
 */
class UploadSafetyTest {

    @RegisterExtension
    static final DevDoorExtension door = DevDoorExtension.dev();
    static String token;
    static SSLContext anonymous;

    @BeforeAll
    static void seed() throws Exception {
        given(door.withProxy()).body("original").put("/up/existing").then().statusCode(201);
        token = door.mint("/up", "{\"caveats\":[\"activity:UPLOAD,DOWNLOAD,DELETE\"]}");
        anonymous = door.sslContext(null);
    }

    private static void assertOriginalIntactAndNoTempFiles() throws Exception {
        assertThat(Files.readString(door.dataDir().resolve("up/existing"))).isEqualTo("original");
        try (Stream<Path> files = Files.list(door.dataDir().resolve("up"))) {
            assertThat(files.map(p -> p.getFileName().toString())).allMatch(n -> !n.startsWith(".gridgate"));
        }
    }

    @Test
    void refusedPutIsAnsweredBeforeTheBodyIsSent() throws Exception {
        String readOnly = door.mint("/up", "{\"caveats\":[\"activity:DOWNLOAD\"]}");
        try (RawHttps.Connection connection = new RawHttps.Connection(anonymous, door.port())) {
            connection.send("PUT /up/existing HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + readOnly
                    + "\r\nContent-Length: 100000000\r\nExpect: 100-continue\r\n\r\n");
            assertThat(connection.readStatus()).isEqualTo(403);
        }
        assertOriginalIntactAndNoTempFiles();
    }

    @Test
    void authorizedPutGetsContinueThenStores() throws Exception {
        try (RawHttps.Connection connection = new RawHttps.Connection(anonymous, door.port())) {
            connection.send("PUT /up/continued HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                    + "\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
            assertThat(connection.readStatus()).isEqualTo(100);
            connection.send("hello");
            assertThat(connection.readStatus()).isEqualTo(201);
        }
        assertThat(Files.readString(door.dataDir().resolve("up/continued"))).isEqualTo("hello");
    }

    @Test
    void uploadCutShortLeavesTheOldFileIntact() throws Exception {
        try (RawHttps.Connection connection = new RawHttps.Connection(anonymous, door.port())) {
            connection.send("PUT /up/existing HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                    + "\r\nContent-Length: 1000000\r\n\r\n");
            connection.send(new byte[300_000]);
        }
        // The door notices the closed connection asynchronously; a later request on a new connection is served
        // after the abort has run on the same connection's executor, so poll the listing briefly.
        for (int i = 0; i < 50 && hasTempFile(); i++) {
            Thread.sleep(100);
        }
        assertOriginalIntactAndNoTempFiles();
    }

    private static boolean hasTempFile() throws Exception {
        try (Stream<Path> files = Files.list(door.dataDir().resolve("up"))) {
            return files.anyMatch(p -> p.getFileName().toString().startsWith(".gridgate"));
        }
    }

    @Test
    void wrongDigestIsRefusedAndNothingIsStored() throws Exception {
        String wrongMd5 = Base64.getEncoder().encodeToString(new byte[16]);
        given(door.anonymous()).header("Authorization", "Bearer " + token).header("Digest", "md5=" + wrongMd5)
                .body("new content").put("/up/existing").then().statusCode(400);
        given(door.anonymous()).header("Authorization", "Bearer " + token).header("Digest", "adler32=00000000")
                .body("new content").put("/up/fresh").then().statusCode(400);
        assertThat(door.dataDir().resolve("up/fresh")).doesNotExist();
        assertOriginalIntactAndNoTempFiles();
    }

    @Test
    void rightDigestIsAcceptedAndChecksumsAreServed() throws Exception {
        byte[] content = "checksummed".getBytes(StandardCharsets.UTF_8);
        String md5 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(content));
        given(door.anonymous()).header("Authorization", "Bearer " + token).header("Digest", "md5=" + md5)
                .body(content).put("/up/summed").then().statusCode(201);
        java.util.zip.Adler32 adler = new java.util.zip.Adler32();
        adler.update(content);
        given(door.anonymous()).header("Authorization", "Bearer " + token).header("Want-Digest", "adler32")
                .head("/up/summed").then().statusCode(200)
                .header("Digest", equalTo("adler32=" + String.format("%08x", adler.getValue())));
    }

    @Test
    void fileWrittenOutsideTheDoorIsChecksummedOnDemand() throws Exception {
        Files.writeString(door.dataDir().resolve("up/foreign"), "abc");
        given(door.anonymous()).header("Authorization", "Bearer " + token).header("Want-Digest", "adler32")
                .head("/up/foreign").then().statusCode(200).header("Digest", equalTo("adler32=024d0127"));
    }

    @Test
    void uploadBeyondMaxUploadIsRefusedBeforeTheBody() throws Exception {
        String small = door.mint("/up", "{\"caveats\":[\"activity:UPLOAD\",\"max-upload:10\"]}");
        try (RawHttps.Connection connection = new RawHttps.Connection(anonymous, door.port())) {
            connection.send("PUT /up/big HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + small
                    + "\r\nContent-Length: 11\r\nExpect: 100-continue\r\n\r\n");
            assertThat(connection.readStatus()).isEqualTo(413);
        }
        given(door.anonymous()).header("Authorization", "Bearer " + small).body("0123456789")
                .put("/up/small").then().statusCode(201);
        assertThat(door.dataDir().resolve("up/big")).doesNotExist();
    }

    @Test
    void chunkedUploadBeyondMaxUploadIsStoppedAndNothingStored() throws Exception {
        String small = door.mint("/up", "{\"caveats\":[\"activity:UPLOAD\",\"max-upload:10\"]}");
        try (RawHttps.Connection connection = new RawHttps.Connection(anonymous, door.port())) {
            connection.send("PUT /up/chunked HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + small
                    + "\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n01234567\r\n8\r\n89abcdef\r\n0\r\n\r\n");
            assertThat(connection.readStatus()).isEqualTo(413);
        }
        assertThat(door.dataDir().resolve("up/chunked")).doesNotExist();
    }

    /** A COPY inside the door writes new bytes too: a file copy counts against max-upload:, a collection's cannot. */
    @Test
    void copyBeyondMaxUploadIsRefusedAndNothingStored() throws Exception {
        String small = door.mint("/up", "{\"caveats\":[\"activity:UPLOAD,DOWNLOAD\",\"max-upload:3\"]}");
        given(door.anonymous()).header("Authorization", "Bearer " + small).header("Destination", "/up/copied")
                .request("COPY", "/up/existing").then().statusCode(413);
        given(door.withProxy()).when().request("MKCOL", "/up/tree").then().statusCode(201);
        given(door.anonymous()).header("Authorization", "Bearer " + small).header("Destination", "/up/tree-copy")
                .request("COPY", "/up/tree").then().statusCode(413);
        assertThat(door.dataDir().resolve("up/copied")).doesNotExist();
        assertThat(door.dataDir().resolve("up/tree-copy")).doesNotExist();
    }

    @Test
    void putOnADirectoryIsAConflict() throws Exception {
        given(door.withProxy()).when().request("MKCOL", "/up/adir").then().statusCode(201);
        given(door.anonymous()).header("Authorization", "Bearer " + token).body("x").put("/up/adir")
                .then().statusCode(409).body(containsString("directory"));
    }
}
