package org.gridgate.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A macaroon holder asks for a weaker macaroon with its macaroon as bearer: never more rights, never longer. */
class AttenuationTest {

    @RegisterExtension
    static final DevDoorExtension door = DevDoorExtension.dev();
    static String parent;

    @BeforeAll
    static void seed() throws Exception {
        given(door.withProxy()).body("inside").put("/atlas/a/sub/file").then().statusCode(201);
        given(door.withProxy()).body("sibling").put("/atlas/a/other").then().statusCode(201);
        parent = door.mint("/atlas/a", "{\"caveats\":[\"activity:UPLOAD,DOWNLOAD\"],\"validity\":\"PT2H\"}");
    }

    private ValidatableResponse attenuate(String path, String body) throws Exception {
        return given(door.anonymous()).header("Authorization", "Bearer " + parent)
                .contentType("application/macaroon-request").body(body).post(path).then();
    }

    @Test
    void narrowerMacaroonWorksOnlyWithinItsNarrowerScope() throws Exception {
        String child = attenuate("/atlas/a/sub", "{\"caveats\":[\"activity:DOWNLOAD\"]}").statusCode(200)
                .extract().path("macaroon");
        given(door.anonymous()).header("Authorization", "Bearer " + child).get("/atlas/a/sub/file")
                .then().statusCode(200);
        given(door.anonymous()).header("Authorization", "Bearer " + child).get("/atlas/a/other")
                .then().statusCode(403);
        given(door.anonymous()).header("Authorization", "Bearer " + child).body("x").put("/atlas/a/sub/new")
                .then().statusCode(403);
    }

    @Test
    void widerActivityIsRefusedAtTheRequest() throws Exception {
        attenuate("/atlas/a", "{\"caveats\":[\"activity:DELETE\"]}").statusCode(403);
    }

    @Test
    void widerPathIsRefusedAtTheRequest() throws Exception {
        attenuate("/atlas", "{\"caveats\":[\"activity:DOWNLOAD\"]}").statusCode(403);
    }

    @Test
    void longerLifeIsRefusedAtTheRequest() throws Exception {
        attenuate("/atlas/a", "{\"validity\":\"PT3H\"}").statusCode(400).body(containsString("lifetime"));
    }
}
