package org.gridgate.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import org.gridgate.certs.DevPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The ATLAS@Work policy through a door started from its configuration file: the CE identity may mint UPLOAD under
 * /atlas/atlaswork for up to 7 days, its macaroons work only from the desktops' range, anything more is refused
 * with 403 naming the rule.
 */
class PolicyDoorTest {

    static final String POLICY = String.join("\n",
            "rules:",
            "  - name: atlaswork-ce",
            "    match: {dn: \"" + DevPki.USER_DN + "\"}",
            "    allow: {activities: [UPLOAD, DOWNLOAD], paths: [/atlas/atlaswork], max-validity: P7D}",
            "    add-caveats: [\"ip:127.0.0.0/8,::1/128\"]",
            "  - name: elsewhere-desktops",
            "    match: {dn: \"/DC=org/DC=example/CN=Nobody\"}",
            "    allow: {activities: [UPLOAD], paths: [/atlas]}",
            "");

    @RegisterExtension
    static final DevDoorExtension door = DevDoorExtension.configured(POLICY, null);

    private io.restassured.response.ValidatableResponse request(String path, String body) throws Exception {
        return given(door.withProxy()).contentType("application/macaroon-request").body(body).post(path).then();
    }

    @Test
    void ceMintsUploadUnderItsPrefixAndTheDesktopUploads() throws Exception {
        String token = door.mint("/atlas/atlaswork/job1/out.root",
                "{\"caveats\":[\"activity:UPLOAD\"],\"validity\":\"P6D\"}");
        given(door.anonymous()).header("Authorization", "Bearer " + token).body("result")
                .put("/atlas/atlaswork/job1/out.root").then().statusCode(201);
    }

    @Test
    void activityBeyondTheRuleIsForbiddenNamingTheRule() throws Exception {
        request("/atlas/atlaswork/job1", "{\"caveats\":[\"activity:DELETE\"]}").statusCode(403)
                .body(containsString("atlaswork-ce"));
    }

    @Test
    void pathBeyondTheRuleIsForbidden() throws Exception {
        request("/atlas/other", "{\"caveats\":[\"activity:UPLOAD\"]}").statusCode(403)
                .body(containsString("atlaswork-ce"));
        request("/atlas/atlasworkshop", "{\"caveats\":[\"activity:UPLOAD\"]}").statusCode(403);
    }

    @Test
    void lifetimeBeyondTheRuleIsRefused() throws Exception {
        request("/atlas/atlaswork/x", "{\"caveats\":[\"activity:UPLOAD\"],\"validity\":\"P8D\"}")
                .statusCode(400);
    }

    @Test
    void directAccessFollowsThePolicyToo() throws Exception {
        given(door.withProxy()).body("x").put("/atlas/atlaswork/direct").then().statusCode(201);
        given(door.withProxy()).body("x").put("/elsewhere/direct").then().statusCode(403);
        given(door.withProxy()).delete("/atlas/atlaswork/direct").then().statusCode(403);
    }

    /** A climb out of the rule's path hidden in the URL is refused before the policy is even asked (400). */
    @Test
    void mintingThroughAnEncodedClimbIsRefused() throws Exception {
        for (String target : new String[] {"/atlas/atlaswork/%2e%2e/other", "/atlas/atlaswork/%2E%2e%2fother",
                                           "/atlas/atlaswork/..%5cother"}) {
            int status = RawHttps.status(door.sslContext(door.environment().pki().userProxy()), door.port(), "POST", target,
                    "Content-Type: application/macaroon-request", "Content-Length: 0");
            assertThat(status).as(target).isEqualTo(400);
        }
    }
}
