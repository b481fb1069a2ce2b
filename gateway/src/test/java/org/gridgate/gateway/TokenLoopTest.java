package org.gridgate.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The ATLAS@Work loop end to end: a proxy mints, a bearer uploads, another bearer downloads the same bytes. */
class TokenLoopTest {

    @RegisterExtension
    static final DevDoorExtension door = DevDoorExtension.dev();

    private static byte[] randomBytes(int size) {
        byte[] data = new byte[size];
        new Random(42).nextBytes(data);
        return data;
    }

    @Test
    void proxyMintsUploadMacaroonBearerUploadsAndDownloadMacaroonReadsTheSameBytes() throws Exception {
        byte[] content = randomBytes(3 * 1024 * 1024 + 17);
        String upload = door.mint("/atlas/out/file1", "{\"caveats\":[\"activity:UPLOAD\"],\"validity\":\"PT24H\"}");

        given(door.anonymous()).header("Authorization", "Bearer " + upload).body(content)
                .put("/atlas/out/file1").then().statusCode(201);

        String download = door.mint("/atlas/out/file1", "{\"caveats\":[\"activity:DOWNLOAD\"]}");
        byte[] fetched = given(door.anonymous()).header("Authorization", "Bearer " + download)
                .get("/atlas/out/file1").then().statusCode(200).extract().asByteArray();
        assertThat(fetched).isEqualTo(content);
        assertThat(Files.readAllBytes(door.dataDir().resolve("atlas/out/file1"))).isEqualTo(content);
    }

    @Test
    void macaroonWorksAsAuthzQueryParameter() throws Exception {
        String upload = door.mint("/atlas/query/f", "{\"caveats\":[\"activity:UPLOAD,DOWNLOAD\"]}");
        given(door.anonymous()).body("query form").put("/atlas/query/f?authz=" + upload).then().statusCode(201);
        given(door.anonymous()).get("/atlas/query/f?authz=" + upload).then().statusCode(200)
                .body(equalTo("query form"));
    }

    @Test
    void responseCarriesDcacheUriFields() throws Exception {
        String body = given(door.withProxy()).contentType("application/macaroon-request")
                .body("{\"caveats\":[\"activity:UPLOAD\"],\"validity\":\"PT1H\"}")
                .post("/atlas/out/file2")
                .then().statusCode(200).contentType(startsWith("application/json")).extract().asString();
        JsonPath json = new JsonPath(body);
        String macaroon = json.getString("macaroon");
        String target = door.url("/atlas/out/file2");
        assertThat(json.getString("uri.target")).isEqualTo(target);
        assertThat(json.getString("uri.targetWithMacaroon")).isEqualTo(target + "?authz=" + macaroon);
        assertThat(json.getString("uri.base")).isEqualTo(door.url("/"));
        assertThat(json.getString("uri.baseWithMacaroon")).isEqualTo(door.url("/") + "?authz=" + macaroon);
    }

    @Test
    void emptyBodyMintsWithDefaults() throws Exception {
        given(door.withProxy()).contentType("application/macaroon-request").post("/atlas/any")
                .then().statusCode(200).body("macaroon", startsWith("MDA"));
    }

    @Test
    void rangeRequestReturnsPartialContent() throws Exception {
        String token = door.mint("/atlas/range", "{\"caveats\":[\"activity:UPLOAD,DOWNLOAD\"]}");
        given(door.anonymous()).header("Authorization", "Bearer " + token).body("0123456789")
                .put("/atlas/range/digits").then().statusCode(201);
        given(door.anonymous()).header("Authorization", "Bearer " + token).header("Range", "bytes=2-5")
                .get("/atlas/range/digits").then().statusCode(206)
                .header("Content-Range", "bytes 2-5/10").body(equalTo("2345"));
        given(door.anonymous()).header("Authorization", "Bearer " + token).header("Range", "bytes=20-")
                .get("/atlas/range/digits").then().statusCode(416).header("Content-Range", "bytes */10");
    }

    @Test
    void severalRangesComeAsMultipartByteranges() throws Exception {
        String token = door.mint("/atlas/multi", "{\"caveats\":[\"activity:UPLOAD,DOWNLOAD\"]}");
        given(door.anonymous()).header("Authorization", "Bearer " + token).body("0123456789")
                .put("/atlas/multi/digits").then().statusCode(201);
        String body = given(door.anonymous()).header("Authorization", "Bearer " + token)
                .header("Range", "bytes=0-1,4-5,-2").get("/atlas/multi/digits").then().statusCode(206)
                .contentType(startsWith("multipart/byteranges; boundary=")).extract().asString();
        assertThat(body).contains("Content-Range: bytes 0-1/10\r\n\r\n01\r\n")
                .contains("Content-Range: bytes 4-5/10\r\n\r\n45\r\n")
                .contains("Content-Range: bytes 8-9/10\r\n\r\n89\r\n");
    }

    @Test
    void proxyHolderMayActDirectly() throws Exception {
        given(door.withProxy()).body("direct").put("/direct/file").then().statusCode(201);
        given(door.withProxy()).get("/direct/file").then().statusCode(200).body(equalTo("direct"));
        given(door.withProxy()).head("/direct/file").then().statusCode(200).header("Content-Length", "6");
        given(door.withProxy()).delete("/direct/file").then().statusCode(204);
        given(door.withProxy()).get("/direct/file").then().statusCode(404);
    }

    @Test
    void deleteMacaroonDeletes() throws Exception {
        given(door.withProxy()).body("doomed").put("/atlas/del/f").then().statusCode(201);
        String token = door.mint("/atlas/del/f", "{\"caveats\":[\"activity:DELETE\"]}");
        given(door.anonymous()).header("Authorization", "Bearer " + token).delete("/atlas/del/f")
                .then().statusCode(204);
        assertThat(door.dataDir().resolve("atlas/del/f")).doesNotExist();
    }

    @Test
    void optionsAdvertisesDav() throws Exception {
        given(door.anonymous()).options("/").then().statusCode(200).header("DAV", containsString("1"))
                .header("Allow", containsString("PUT"));
    }
}
