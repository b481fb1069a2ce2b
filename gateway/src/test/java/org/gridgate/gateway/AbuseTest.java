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
 * Misbehaving clients cannot wear the door down: while each kind of abuse comes from its own loopback address, a
 * well-behaved client at 127.0.0.1 gets every answer within a second, and the abusive connections are closed within
 * the door's deadlines (set short here; margins are generous for a loaded 2-core machine).
 */
class AbuseTest {

    private static final Duration DEADLINE = Duration.ofSeconds(2);
    /** How late after its deadline a cut may come on a loaded machine. */
    private static final double MARGIN_SECONDS = 4;

    @RegisterExtension
    static final DevDoorExtension door = DevDoorExtension.withLimits(DoorLimits.DEFAULTS
            .withDeadlines(DEADLINE, DEADLINE, DEADLINE)
            .withBodyFloor(100, DEADLINE)
            .withConnections(5_000, 3_000)
            .withAuthFailureBrake(3, Duration.ofSeconds(20), Duration.ofSeconds(5)));

    static String uploadToken;
    static SSLContext proxy;
    static Path ca;

    @BeforeAll
    static void seed() throws Exception {
        Files.createDirectories(door.dataDir().resolve("up"));
        Files.writeString(door.dataDir().resolve("probe"), "hello");
        uploadToken = door.mint("/up", "{\"caveats\":[\"activity:UPLOAD,DOWNLOAD\"]}");
        proxy = door.sslContext(door.environment().pki().userProxy());
        ca = door.environment().directory().resolve("ca/ca.pem");
    }

    private static WellBehavedClient wellBehaved() {
        return new WellBehavedClient(proxy, door.port(), "/probe");
    }

    private static void assertServedWithinASecond(WellBehavedClient client) throws Exception {
        List<WellBehavedClient.Answer> answers = client.stop();
        assertThat(answers).hasSizeGreaterThanOrEqualTo(3);
        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.millis()).isLessThan(1000);
        });
    }

    private static void awaitAllClosed(List<Abusers.Connection> connections, double withinSeconds) throws Exception {
        CompletableFuture.allOf(connections.stream().map(c -> c.closedNanos).toArray(CompletableFuture[]::new))
                .get((long) (withinSeconds * 1000) + 10_000, TimeUnit.MILLISECONDS);
    }

    private static String metrics() {
        return given().baseUri("http://localhost").port(door.metricsPort()).get("/metrics").then().statusCode(200)
                .extract().asString();
    }

    @Test
    void slowHeadersAreAnswered408AndClosedAtTheHeadDeadline() throws Exception {
        WellBehavedClient client = wellBehaved();
        try (Abusers abusers = new Abusers(ca, door.port(), "127.0.0.2"); LogCapture log = new LogCapture()) {
            List<Abusers.Connection> slow = abusers.open(300, true, c -> {
                c.send("GET /probe HTTP/1.1\r\nHost: localhost\r\n");
                c.trickle("X-Slow: 1\r\n", 500);
            });
            awaitAllClosed(slow, 2 + MARGIN_SECONDS);
            assertThat(slow).allSatisfy(c -> {
                assertThat(c.secondsOpen()).isBetween(1.5, 2 + MARGIN_SECONDS);
                assertThat(c.received()).startsWith("HTTP/1.1 408 ");
            });
            assertThat(log.awaitContaining("\"limit: request-head-timeout\"")).containsPattern(
                    "127\\.0\\.0\\.2 - \"-\" \\[[^]]+\\] \"- - -\" 408 .*\"limit: request-head-timeout\"");
        } finally {
            assertServedWithinASecond(client);
        }
        assertThat(metrics()).contains("gridgate_limits_applied_total{reason=\"request-head-timeout\"} 300.0");
    }

    @Test
    void slowBodiesAreCutBelowTheFloorAndLeaveNoFile() throws Exception {
        WellBehavedClient client = wellBehaved();
        try (Abusers abusers = new Abusers(ca, door.port(), "127.0.0.3"); LogCapture log = new LogCapture()) {
            List<Abusers.Connection> slow = abusers.open(50, true, c -> {
                c.send("PUT /up/slow-" + c.channel.localAddress().hashCode() + " HTTP/1.1\r\nHost: localhost\r\n"
                        + "Authorization: Bearer " + uploadToken + "\r\nContent-Length: 100000\r\n\r\n");
                c.trickle("x", 500);   // 2 B/s against a floor of 100 B/s
            });
            // A slow but steady upload (400 B/s) meanwhile is never cut.
            try (RawHttps.Connection steady = new RawHttps.Connection(proxy, door.port())) {
                steady.send("PUT /up/steady HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2000\r\n\r\n");
                for (int i = 0; i < 20; i++) {
                    Thread.sleep(250);
                    steady.send("y".repeat(100));
                }
                assertThat(steady.readStatus()).isEqualTo(201);
            }
            awaitAllClosed(slow, 2 + MARGIN_SECONDS);
            assertThat(slow).allSatisfy(c -> {
                assertThat(c.secondsOpen()).isBetween(1.5, 2 + MARGIN_SECONDS);
                assertThat(c.received()).startsWith("HTTP/1.1 408 ");
            });
            assertThat(log.awaitContaining("\"limit: body-too-slow\"")).containsPattern(
                    "\"PUT /up/slow-[^ ]+ -\" 408 .*\"limit: body-too-slow\"");
        } finally {
            assertServedWithinASecond(client);
        }
        try (var files = Files.list(door.dataDir().resolve("up"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("steady");
        }
    }

    @Test
    void twoThousandIdleConnectionsAreClosedAtTheirDeadlines() throws Exception {
        WellBehavedClient client = wellBehaved();
        try (Abusers tcp = new Abusers(ca, door.port(), "127.0.0.4");
             Abusers tls = new Abusers(ca, door.port(), "127.0.0.5")) {
            // Never a byte: not even the TLS handshake begins, so its deadline applies.
            List<Abusers.Connection> silent = tcp.open(2_000, false, c -> { });
            // A handshake, then nothing: an idle connection.
            List<Abusers.Connection> idle = tls.open(50, true, c -> { });
            awaitAllClosed(silent, 2 + MARGIN_SECONDS);
            awaitAllClosed(idle, 2 + MARGIN_SECONDS);
            assertThat(silent).allSatisfy(c -> assertThat(c.secondsOpen()).isLessThan(2 + MARGIN_SECONDS));
            assertThat(idle).allSatisfy(c -> assertThat(c.secondsOpen()).isLessThan(2 + MARGIN_SECONDS));
        } finally {
            assertServedWithinASecond(client);
        }
        assertThat(metrics()).contains("gridgate_limits_applied_total{reason=\"tls-handshake-timeout\"} 2000.0")
                .contains("gridgate_limits_applied_total{reason=\"idle\"}");
    }

    @Test
    void aFloodOfFailedAuthenticationsIsBraked() throws Exception {
        WellBehavedClient client = wellBehaved();
        try (Abusers abusers = new Abusers(ca, door.port(), "127.0.0.6"); LogCapture log = new LogCapture()) {
            String request = "GET /probe HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer not-a-macaroon\r\n\r\n";
            List<Abusers.Connection> flood = abusers.open(10, true, c -> c.trickle(request, 50));
            Thread.sleep(3_000);
            flood.forEach(c -> c.channel.close());
            String all = String.join("", flood.stream().map(Abusers.Connection::received).toList());
            long unauthorized = all.split("HTTP/1.1 401 ", -1).length - 1;
            long braked = all.split("HTTP/1.1 429 ", -1).length - 1;
            assertThat(unauthorized).isBetween(3L, 10L);
            assertThat(braked).isGreaterThan(200);
            assertThat(all).contains("retry-after: ");
            assertThat(log.awaitContaining("HTTP/1.1\" 429 ")).containsPattern(
                    "127\\.0\\.0\\.6 .*\"GET /probe HTTP/1\\.1\" 429 .*failed authentications");
        } finally {
            assertServedWithinASecond(client);
        }
        assertThat(metrics()).contains("gridgate_limits_applied_total{reason=\"auth-failures\"}");
    }

    @Test
    void oversizedHeadsAreAnswered431Or414AndClosed() throws Exception {
        WellBehavedClient client = wellBehaved();
        try (Abusers abusers = new Abusers(ca, door.port(), "127.0.0.7")) {
            List<Abusers.Connection> big = abusers.open(100, true, c -> c.send(
                    "GET /probe HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "b".repeat(20_000) + "\r\n\r\n"));
            List<Abusers.Connection> longLine = abusers.open(20, true, c -> c.send(
                    "GET /" + "p".repeat(10_000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n"));
            awaitAllClosed(big, MARGIN_SECONDS);
            awaitAllClosed(longLine, MARGIN_SECONDS);
            assertThat(big).allSatisfy(c -> assertThat(c.received()).startsWith("HTTP/1.1 431 "));
            assertThat(longLine).allSatisfy(c -> assertThat(c.received()).startsWith("HTTP/1.1 414 "));
        } finally {
            assertServedWithinASecond(client);
        }
    }
}
