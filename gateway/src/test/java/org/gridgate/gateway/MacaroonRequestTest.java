package org.gridgate.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Bad macaroon requests: a clear 4xx and nothing minted. */
class MacaroonRequestTest {

    @RegisterExtension
    static final DevDoorExtension door = DevDoorExtension.dev();

    private void expect(String body, int status, String message) throws Exception {
        given(door.withProxy()).contentType("application/macaroon-request").body(body).post("/atlas/x")
                .then().statusCode(status).body(containsString(message));
    }

    @Test
    void malformedJsonIsBadRequest() throws Exception {
        expect("{\"caveats\":[", 400, "Unable to parse JSON");
    }

    @Test
    void caveatsOfTheWrongTypeAreBadRequest() throws Exception {
        expect("{\"caveats\":\"activity:UPLOAD\"}", 400, "caveats");
        expect("{\"caveats\":[42]}", 400, "caveats");
    }

    @Test
    void validityOfTheWrongTypeIsBadRequest() throws Exception {
        expect("{\"validity\":3600}", 400, "validity");
    }

    @Test
    void unparsableValidityIsBadRequest() throws Exception {
        expect("{\"validity\":\"one day\"}", 400, "validity");
    }

    @Test
    void validityBeyondTheMaximumIsBadRequest() throws Exception {
        expect("{\"validity\":\"P30D\"}", 400, "maximum");
    }

    @Test
    void unknownCaveatIsBadRequest() throws Exception {
        expect("{\"caveats\":[\"colour:blue\"]}", 400, "colour");
    }

    @Test
    void unknownActivityIsBadRequest() throws Exception {
        expect("{\"caveats\":[\"activity:FLY\"]}", 400, "FLY");
    }

    @Test
    void noCertificateIsUnauthorized() throws Exception {
        given(door.anonymous()).contentType("application/macaroon-request").body("{}").post("/atlas/x")
                .then().statusCode(401);
    }

    @Test
    void oversizedBodyIsTooLarge() throws Exception {
        String huge = "{\"caveats\":[\"" + "a".repeat(20_000) + "\"]}";
        given(door.withProxy()).contentType("application/macaroon-request").body(huge).post("/atlas/x")
                .then().statusCode(413);
    }

    @Test
    void postOfAnotherContentTypeIsUnsupported() throws Exception {
        given(door.withProxy()).contentType("application/json").body("{}").post("/atlas/x")
                .then().statusCode(415).body(containsString("application/macaroon-request"));
    }
}
