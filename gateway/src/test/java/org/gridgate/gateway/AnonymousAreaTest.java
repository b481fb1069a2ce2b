package org.gridgate.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import java.util.EnumSet;
import java.util.List;
import org.gridgate.caveat.Activity;
import org.gridgate.gateway.authz.AnonymousAccess;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A read-only public area, as a site configures one: clients without credentials may list and download there and
 * do nothing else, nowhere else (401 tells them to authenticate), and cannot climb or copy their way out.
 */
class AnonymousAreaTest {

    @RegisterExtension
    static final DevDoorExtension door = DevDoorExtension.withAnonymousAreas(new AnonymousAccess(List.of(
            new AnonymousAccess.Area("/public",
                    EnumSet.of(Activity.LIST, Activity.READ_METADATA, Activity.DOWNLOAD)))));

    @BeforeAll
    static void seed() throws Exception {
        given(door.withProxy()).body("open").put("/public/file").then().statusCode(201);
        given(door.withProxy()).body("closed").put("/private/file").then().statusCode(201);
        given(door.withProxy()).body("near").put("/publicity/file").then().statusCode(201);
    }

    @Test
    void readingTheAreaNeedsNoCredential() throws Exception {
        given(door.anonymous()).get("/public/file").then().statusCode(200).body(containsString("open"));
        given(door.anonymous()).get("/public/").then().statusCode(200).body(containsString("file"));
    }

    @Test
    void nothingOutsideTheAreaNotEvenANameSharingItsPrefix() throws Exception {
        given(door.anonymous()).get("/private/file").then().statusCode(401);
        given(door.anonymous()).get("/publicity/file").then().statusCode(401);
        given(door.anonymous()).header("Depth", "1").request("PROPFIND", "/").then().statusCode(401);
        assertThat(RawHttps.status(door.sslContext(null), door.port(), "GET", "/public/%2e%2e/private/file"))
                .isEqualTo(400);
    }

    @Test
    void onlyTheConfiguredActivitiesInsideTheArea() throws Exception {
        given(door.anonymous()).body("x").put("/public/new").then().statusCode(401);
        given(door.anonymous()).body("x").put("/public/file").then().statusCode(401);
        given(door.anonymous()).delete("/public/file").then().statusCode(401);
        given(door.anonymous()).request("MKCOL", "/public/dir").then().statusCode(401);
        given(door.anonymous()).header("Destination", "/public/moved").request("MOVE", "/public/file")
                .then().statusCode(401);
        given(door.anonymous()).header("Destination", "/public/copy").request("COPY", "/public/file")
                .then().statusCode(401);
        given(door.anonymous()).contentType("application/macaroon-request").body("{}").post("/public/file")
                .then().statusCode(401);
        assertThat(door.dataDir().resolve("public/file")).hasContent("open");
        assertThat(door.dataDir().resolve("public")).isDirectoryNotContaining(p -> !p.endsWith("file"));
    }
}
