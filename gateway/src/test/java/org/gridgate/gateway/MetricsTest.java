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
        given().baseUri("http://localhost").port(door.metricsPort()).get("/nothing").then().statusCode(404);
    }

    /** What operators alert on is there from the first scrape: connections, transfers, credentials, secrets. */
    @Test
    void operatorSeriesArePresentFromTheStart() throws Exception {
        door.mint("/ops", "{\"caveats\":[\"activity:DOWNLOAD\"]}");
        String scrape = scrape();
        assertThat(scrape).contains("gridgate_connections_open ")
                .contains("gridgate_transfers_in_progress{direction=\"upload\"} 0.0")
                .contains("gridgate_transfers_in_progress{direction=\"download\"} 0.0")
                .contains("gridgate_draining 0.0")
                .contains("gridgate_signing_secret_age_seconds ")
                .contains("gridgate_credential_expiry_seconds{file=\"hostcert.pem\",kind=\"host\"}")
                .containsPattern("gridgate_credential_expiry_seconds\\{file=\"[0-9a-f]{8}\\.r0\",kind=\"crl\"}")
                .containsPattern("gridgate_tls_handshakes_total\\{outcome=\"succeeded\"} [1-9]")
                .contains("gridgate_revoked_requests_total 0.0")
                .contains("gridgate_macaroon_refusals_total{reason=\"too_large\"} 0.0");
    }

    /** Bytes that are not TLS on the TLS port: a failed handshake, counted (a key mismatch shows up the same way). */
    @Test
    void aFailedHandshakeIsCounted() throws Exception {
        try (java.net.Socket socket = new java.net.Socket("localhost", door.port())) {
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(
                    java.nio.charset.StandardCharsets.US_ASCII));
            socket.setSoTimeout(10_000);
            while (socket.getInputStream().read() >= 0) {
                // until the door closes the connection
            }
        }
        assertThat(scrape()).containsPattern("gridgate_tls_handshakes_total\\{outcome=\"failed\"} [1-9]");
    }

    @Test
    void refusedMintsAreCountedByReason() throws Exception {
        given(door.withProxy()).contentType("application/macaroon-request").body("{not json").post("/ops2")
                .then().statusCode(400);
        assertThat(scrape()).containsPattern("gridgate_macaroon_refusals_total\\{reason=\"bad_request\"} [1-9]");
    }

    private static String scrape() {
        return given().baseUri("http://localhost").port(door.metricsPort()).get("/metrics").then().statusCode(200)
                .extract().asString();
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
