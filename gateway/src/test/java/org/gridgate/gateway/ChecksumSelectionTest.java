package org.gridgate.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.stream.Stream;
import java.util.zip.Adler32;
import org.gridgate.certs.DevPki;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Which checksums an upload computes: adler32 always; md5 and sha-256 only when the client sends them
 * ({@code Digest}, verified), asks for them ({@code Want-Digest}), or the site lists them ({@code storage.checksums});
 * one asked for later is computed from the file then and recorded. What was computed is read straight from the
 * file's extended attribute, so a test cannot be passed by computing on demand.
 */
class ChecksumSelectionTest {

    private static final byte[] CONTENT = "checksum selection".getBytes(StandardCharsets.UTF_8);
    private static final String POLICY = String.join("\n",
            "rules:",
            "  - name: dev-user",
            "    match: {dn: \"" + DevPki.USER_DN + "\"}",
            "    allow: {activities: [UPLOAD, DOWNLOAD, DELETE, READ_METADATA, LIST], paths: [/up]}",
            "");

    @RegisterExtension
    static final DevDoorExtension door = DevDoorExtension.dev();
    @RegisterExtension
    static final DevDoorExtension md5Door = DevDoorExtension.configured(POLICY, null, "[md5]");
    static String token;

    @BeforeAll
    static void mintToken() throws Exception {
        token = door.mint("/up", "{\"caveats\":[\"activity:UPLOAD,DOWNLOAD,DELETE\"]}");
    }

    @Test
    void aPutWithoutDigestStoresAdler32Only() throws Exception {
        put("/up/plain").statusCode(201).header("Digest", nullValue());

        assertThat(record(door, "up/plain")).contains("adler32=" + adler32Hex(CONTENT))
                .doesNotContain("md5=").doesNotContain("sha-256=");
    }

    @Test
    void aPutWithTheRightSha256DigestIsVerifiedAndStored() throws Exception {
        given(door.anonymous()).header("Authorization", "Bearer " + token)
                .header("Digest", "sha-256=" + base64("SHA-256", CONTENT))
                .body(CONTENT).put("/up/verified").then().statusCode(201);

        assertThat(record(door, "up/verified")).contains("sha-256=" + hex("SHA-256", CONTENT))
                .doesNotContain("md5=");
    }

    @Test
    void aPutWithAWrongSha256DigestIsRefusedAndTheOldFileStays() throws Exception {
        put("/up/kept").statusCode(201);
        String recordBefore = record(door, "up/kept");
        byte[] other = "something else".getBytes(StandardCharsets.UTF_8);

        given(door.anonymous()).header("Authorization", "Bearer " + token)
                .header("Digest", "sha-256=" + base64("SHA-256", CONTENT))
                .body(other).put("/up/kept").then().statusCode(400).body(containsString("sha-256"));

        assertThat(Files.readAllBytes(door.dataDir().resolve("up/kept"))).isEqualTo(CONTENT);
        assertThat(record(door, "up/kept")).isEqualTo(recordBefore);
        try (Stream<Path> files = Files.list(door.dataDir().resolve("up"))) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".gridgate"));
        }
    }

    @Test
    void wantDigestOnAPutIsAnsweredWithWhatWasStored() throws Exception {
        given(door.anonymous()).header("Authorization", "Bearer " + token).header("Want-Digest", "sha-256")
                .body(CONTENT).put("/up/wanted").then().statusCode(201)
                .header("Digest", equalTo("sha-256=" + base64("SHA-256", CONTENT)));

        assertThat(record(door, "up/wanted")).contains("sha-256=" + hex("SHA-256", CONTENT));
    }

    @Test
    void wantDigestOnAGetComputesWhatTheUploadDidNotAndRecordsIt() throws Exception {
        put("/up/later").statusCode(201);
        assertThat(record(door, "up/later")).doesNotContain("sha-256=");

        byte[] body = given(door.anonymous()).header("Authorization", "Bearer " + token)
                .header("Want-Digest", "sha-256").get("/up/later").then().statusCode(200)
                .header("Digest", equalTo("sha-256=" + base64("SHA-256", CONTENT)))
                .extract().asByteArray();
        assertThat(body).isEqualTo(CONTENT);
        assertThat(record(door, "up/later")).contains("sha-256=" + hex("SHA-256", CONTENT));

        given(door.anonymous()).header("Authorization", "Bearer " + token).header("Want-Digest", "md5")
                .head("/up/later").then().statusCode(200)
                .header("Digest", equalTo("md5=" + base64("MD5", CONTENT)));
        assertThat(record(door, "up/later")).contains("md5=" + hex("MD5", CONTENT))
                .contains("sha-256=" + hex("SHA-256", CONTENT)).contains("adler32=" + adler32Hex(CONTENT));
    }

    @Test
    void aHeadWithoutDownloadRightsGetsOnlyRecordedDigestsAndNothingIsComputed() throws Exception {
        put("/up/metadata-only").statusCode(201);
        String lister = door.mint("/up", "{\"caveats\":[\"activity:LIST\"]}");

        given(door.anonymous()).header("Authorization", "Bearer " + lister).header("Want-Digest", "sha-256,adler32")
                .head("/up/metadata-only").then().statusCode(200)
                .header("Digest", equalTo("adler32=" + adler32Hex(CONTENT)));
        given(door.anonymous()).header("Authorization", "Bearer " + lister).header("Want-Digest", "md5")
                .head("/up/metadata-only").then().statusCode(200).header("Digest", nullValue());

        assertThat(record(door, "up/metadata-only")).as("a full read costs as much as a download")
                .doesNotContain("sha-256=").doesNotContain("md5=");
    }

    @Test
    void aCopyInsideTheDoorCarriesTheRecordedDigests() throws Exception {
        given(door.anonymous()).header("Authorization", "Bearer " + token).header("Want-Digest", "sha-256")
                .body(CONTENT).put("/up/source").then().statusCode(201);

        given(door.anonymous()).header("Authorization", "Bearer " + token).header("Destination", "/up/copy")
                .request("COPY", "/up/source").then().statusCode(201);

        assertThat(record(door, "up/copy")).contains("sha-256=" + hex("SHA-256", CONTENT))
                .contains("adler32=" + adler32Hex(CONTENT));
    }

    @Test
    void aSiteThatListsMd5GetsItForEveryUpload() throws Exception {
        given(md5Door.withProxy()).body(CONTENT).put("/up/site").then().statusCode(201);

        assertThat(record(md5Door, "up/site")).contains("md5=" + hex("MD5", CONTENT))
                .contains("adler32=" + adler32Hex(CONTENT)).doesNotContain("sha-256=");
    }

    private static io.restassured.response.ValidatableResponse put(String path) throws Exception {
        return given(door.anonymous()).header("Authorization", "Bearer " + token).body(CONTENT).put(path).then();
    }

    /** The checksum record as the door left it on disk. */
    private static String record(DevDoorExtension on, String relativePath) throws Exception {
        return new String((byte[]) Files.getAttribute(on.dataDir().resolve(relativePath),
                "user:gridgate.checksums"), StandardCharsets.UTF_8);
    }

    private static String hex(String algorithm, byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(content));
    }

    private static String base64(String algorithm, byte[] content) throws Exception {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance(algorithm).digest(content));
    }

    private static String adler32Hex(byte[] content) {
        Adler32 adler32 = new Adler32();
        adler32.update(content);
        return String.format("%08x", adler32.getValue());
    }
}
