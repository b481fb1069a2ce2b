package org.gridgate.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Prometheus metrics on their own plain-HTTP listener. */
class MetricsTest {

    @RegisterExtension
    static final DevDoorExtension door = DevDoorExtension.dev();

    @Test
    void countsRequestsMintsAndRefusals() throws Exception {
        door.mint("/m", "{\"caveats\":[\"activity:DOWNLOAD\"]}");
        given(door.anonymous()).header("Authorization", "Bearer junk").get("/m").then().statusCode(401);
        given().baseUri("http://localhost").port(door.metricsPort()).get("/metrics").then().statusCode(200)
                .body(containsString("gridgate_requests_seconds_count{method=\"POST\",status=\"200\"}"))
                .body(containsString("gridgate_macaroons_issued_total{kind=\"issue\"} 1.0"))
                .body(containsString("gridgate_credentials_refused_total{kind=\"macaroon\"} 1.0"))
                .body(containsString("jvm_memory_used_bytes"));
    }

    /** An operator reading the scrape learns what each of the door's own series counts. */
    @Test
    void everyMetricOfTheDoorHasHelpText() throws Exception {
        door.mint("/help", "{\"caveats\":[\"activity:DOWNLOAD\"]}");
        given(door.anonymous()).header("Authorization", "Bearer junk").get("/help").then().statusCode(401);
        String scrape = given().baseUri("http://localhost").port(door.metricsPort()).get("/metrics").then()
                .statusCode(200).extract().asString();
        assertThat(scrape.lines().filter(line -> line.startsWith("# HELP gridgate_")))
                .isNotEmpty()
                .allSatisfy(line -> assertThat(line.split(" ", 4)).hasSize(4));
    }

    @Test
    void otherPathsAreNotFound() {
        given().baseUri("http://localhost").port(door.metricsPort()).get("/").then().statusCode(404);
    }

    /**
     * The method label takes only the methods the door knows: a client inventing a new method name per request
     * (no credential needed, each is answered 405) must not grow the registry and every scrape without bound.
     */
    @Test
    void inventedMethodsShareOneSeries() throws Exception {
        for (int i = 0; i < 20; i++) {
            assertThat(RawHttps.status(door.sslContext(null), door.port(), "INVENTED" + i, "/m")).isEqualTo(405);
        }
        String scrape = given().baseUri("http://localhost").port(door.metricsPort()).get("/metrics").then()
                .statusCode(200).extract().asString();
        assertThat(scrape).doesNotContain("INVENTED")
                .contains("gridgate_requests_seconds_count{method=\"OTHER\",status=\"405\"} 20");
    }
}
