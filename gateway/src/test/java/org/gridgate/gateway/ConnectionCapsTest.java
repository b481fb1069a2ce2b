package org.gridgate.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.gridgate.gateway.server.DoorLimits;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The door's caps: connections over the per-address or per-door cap are closed at accept, before any TLS; an
 * address over its share of the request rate is answered 429, the door over its rate 503, both with
 * {@code Retry-After}, while other addresses are served.
 */
class ConnectionCapsTest {

    @RegisterExtension
    static final DevDoorExtension door = DevDoorExtension.withLimits(DoorLimits.DEFAULTS
            .withDeadlines(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(10))
            .withConnections(50, 20)
            .withRequestRate(40, 25));

    static SSLContext proxy;
    static Path ca;

    @BeforeAll
    static void seed() throws Exception {
        Files.writeString(door.dataDir().resolve("probe"), "hello");
        proxy = door.sslContext(door.environment().pki().userProxy());
        ca = door.environment().directory().resolve("ca/ca.pem");
    }

    private static String metrics() {
        return given().baseUri("http://localhost").port(door.metricsPort()).get("/metrics").then().statusCode(200)
                .extract().asString();
    }

    private static long closedWithin(List<Abusers.Connection> connections, long millis) throws Exception {
        Thread.sleep(millis);
        return connections.stream().filter(c -> c.closedNanos.isDone()).count();
    }

    @Test
    void connectionsOverTheCapsAreClosedAtAccept() throws Exception {
        try (Abusers first = new Abusers(ca, door.port(), "127.0.1.2");
             Abusers second = new Abusers(ca, door.port(), "127.0.1.3");
             Abusers third = new Abusers(ca, door.port(), "127.0.1.4");
             LogCapture log = new LogCapture()) {
            List<Abusers.Connection> a = first.open(30, false, c -> { });
            assertThat(closedWithin(a, 1_000)).as("over the per-address cap of 20").isEqualTo(10);
            // Another address still gets in, and is served.
            assertThat(RawHttps.status(proxy, door.port(), "GET", "/probe")).isEqualTo(200);
            List<Abusers.Connection> b = second.open(20, false, c -> { });
            assertThat(closedWithin(b, 1_000)).isZero();
            List<Abusers.Connection> c = third.open(20, false, x -> { });
            assertThat(closedWithin(c, 1_000)).as("over the door's cap of 50").isEqualTo(10);
            assertThat(log.awaitContaining("\"limit: connections-per-door\"")).containsPattern(
                    "127\\.0\\.1\\.2 - \"-\" \\[[^]]+\\] \"- - -\" - 0 .*\"limit: connections-per-address\"");
            // Once the abusers are gone, everyone is served again.
            a.forEach(x -> x.channel.close());
            b.forEach(x -> x.channel.close());
            c.forEach(x -> x.channel.close());
            CompletableFuture.allOf(a.stream().map(x -> x.closedNanos).toArray(CompletableFuture[]::new))
                    .get(10, TimeUnit.SECONDS);
        }
        Thread.sleep(500);
        assertThat(RawHttps.status(proxy, door.port(), "GET", "/probe")).isEqualTo(200);
        assertThat(metrics()).contains("gridgate_limits_applied_total{reason=\"connections-per-address\"} 10.0")
                .contains("gridgate_limits_applied_total{reason=\"connections-per-door\"} 10.0");
    }

    @Test
    void anAddressOverItsShareOfTheRequestRateIsAnswered429() throws Exception {
        try (Abusers abusers = new Abusers(ca, door.port(), "127.0.1.5")) {
            // 100 requests at once: 10 fit the address's share (25 % of 40/s), the rest are refused.
            String requests = "OPTIONS /probe HTTP/1.1\r\nHost: localhost\r\n\r\n".repeat(100);
            List<Abusers.Connection> flood = abusers.open(1, true, c -> c.send(requests));
            Thread.sleep(1_500);
            String received = flood.get(0).received();
            assertThat(received.split("HTTP/1.1 429 ", -1).length - 1).isBetween(80, 90);
            assertThat(received).contains("retry-after: 1");
            // Meanwhile another address is served.
            assertThat(RawHttps.status(proxy, door.port(), "GET", "/probe")).isEqualTo(200);
        }
        assertThat(metrics()).contains("gridgate_limits_applied_total{reason=\"request-rate-per-address\"}");
    }
}
