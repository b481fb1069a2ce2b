package org.gridgate.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gridgate.caveat.Activity;
import org.gridgate.gateway.authz.AnonymousAccess;
import org.gridgate.gateway.cluster.ZooKeeperSettings;
import org.gridgate.gateway.cluster.ZooKeeperState;
import org.gridgate.storage.PosixStorage;
import org.gridgate.storage.Storage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * litmus's lock tests against two doors as one service, each request going to the other door: HAProxy in HTTP mode
 * terminates TLS and balances every request round-robin (the server side closes after each response), so a lock
 * that litmus takes through one door is tested, refreshed, written through and released through the other. The
 * doors share a storage root and keep their secrets and lock table in a real ZooKeeper (Debian's package).
 *
 * <p>HAProxy re-encrypts to the doors without checking their certificate: the test is of the shared locks, and the
 * certificate the client checks is HAProxy's (the dev host certificate).
 */
class LitmusAcrossDoorsTest {

    @TempDir
    static Path dir;
    static ZooKeeperProcess zookeeper;
    static final List<ZooKeeperState> shared = new ArrayList<>();
    static final List<TestDoor> doors = new ArrayList<>();
    static HaproxyProcess haproxy;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        ExternalTool.require("litmus");
        ExternalTool.require("haproxy");
        zookeeper = ZooKeeperProcess.start(dir.resolve("zookeeper"));
        ZooKeeperSettings settings = new ZooKeeperSettings(zookeeper.connectString(), "/gridgate",
                Duration.ofDays(1), Duration.ZERO, Duration.ofSeconds(10), Duration.ofDays(7));
        Path root = Files.createDirectories(dir.resolve("shared-root"));
        Files.createDirectories(root.resolve("litmus"));
        AnonymousAccess litmusArea = new AnonymousAccess(List.of(
                new AnonymousAccess.Area("/litmus", EnumSet.allOf(Activity.class))));
        for (int i = 1; i <= 2; i++) {
            Storage storage = PosixStorage.open(root);
            ZooKeeperState state = ZooKeeperState.start(settings, Clock.systemUTC(), "door" + i);
            shared.add(state);
            doors.add(TestDoor.startAdjusted(dir.resolve("door" + i), litmusArea, services -> services
                    .withStorage(storage)
                    .withSecrets(state.store(), state)));
        }
        Path pem = dir.resolve("haproxy.pem");
        Files.writeString(pem, Files.readString(doors.get(0).tls().certificate()) + "\n"
                + Files.readString(doors.get(0).tls().key()));
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        haproxy = HaproxyProcess.start(dir, String.join("\n",
                "global",
                "  maxconn 64",
                "defaults",
                "  mode http",
                "  option http-server-close",
                "  timeout connect 5s",
                "  timeout client 60s",
                "  timeout server 60s",
                "frontend litmus",
                "  bind 127.0.0.1:" + port + " ssl crt " + pem,
                "  default_backend doors",
                "backend doors",
                "  balance roundrobin",
                "  server door1 127.0.0.1:" + doors.get(0).port() + " ssl verify none",
                "  server door2 127.0.0.1:" + doors.get(1).port() + " ssl verify none",
                ""), port);
    }

    @AfterAll
    static void stop() throws Exception {
        if (haproxy != null) {
            haproxy.close();
        }
        doors.forEach(TestDoor::close);
        shared.forEach(ZooKeeperState::close);
        if (zookeeper != null) {
            zookeeper.close();
        }
    }

    @Test
    void litmusLocksPassesWithEveryRequestGoingToTheOtherDoor() throws Exception {
        String output = ExternalTool.bash("cd " + dir + " && litmus https://localhost:$PORT/litmus/",
                Map.of("PORT", Integer.toString(port), "TESTS", "locks",
                        "SSL_CERT_DIR", doors.get(0).caDirectory().toString()), 300).stdout();

        int tests = LitmusTest.TESTS.get("locks");
        assertThat(output).as(output).contains("summary for `locks': of " + tests + " tests run: " + tests
                + " passed, 0 failed");
        // litmus sends 11 LOCKs and 8 PUTs; round-robin shares each kind between the doors
        for (TestDoor door : doors) {
            assertThat(served(door, "LOCK")).as("LOCKs served by one door").isGreaterThanOrEqualTo(3);
            assertThat(served(door, "PUT")).as("PUTs served by one door").isGreaterThanOrEqualTo(2);
        }
    }

    /** How many {@code method} requests the door answered, from its metrics. */
    private static long served(TestDoor door, String method) {
        String metrics = given().baseUri("http://127.0.0.1").port(door.metricsPort()).get("/metrics").then()
                .statusCode(200).extract().asString();
        Matcher m = Pattern.compile("gridgate_requests_seconds_count\\{[^}]*method=\"" + method + "\"[^}]*} (\\S+)")
                .matcher(metrics);
        long count = 0;
        while (m.find()) {
            count += (long) Double.parseDouble(m.group(1));
        }
        return count;
    }
}
