package org.gridgate.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.gridgate.gateway.cli.GatewayCommand;
import org.gridgate.gateway.cluster.ZooKeeperSecretAdmin;
import org.gridgate.gateway.cluster.ZooKeeperState;
import org.gridgate.gateway.cluster.ZooKeeperSettings;
import org.gridgate.gateway.server.ProxyProtocolSources;
import org.gridgate.storage.PosixStorage;
import org.gridgate.storage.Storage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three doors as one service, with the real parts: a ZooKeeper server from the Debian package shares their secrets,
 * they share one storage root, and HAProxy (TCP mode, TLS passed through, {@code send-proxy-v2}, health checks on
 * {@code /ready}) stands in front, connecting from 127.0.0.5, the doors' one configured load balancer. Clients pick
 * their loopback source address (127.0.0.3, 127.0.0.4, ...) so the address HAProxy passes on can be told apart from
 * HAProxy's own.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SeveralDoorsTest {
    private static final String BALANCER = "127.0.0.5";
    private static final Duration SIGNING_DELAY = Duration.ofSeconds(1);

    @TempDir
    static Path dir;
    static ZooKeeperProcess zookeeper;
    static ZooKeeperSettings settings;
    static final List<TestDoor> doors = new ArrayList<>();
    static final List<ZooKeeperState> shared = new ArrayList<>();
    static HaproxyProcess haproxy;
    static int haproxyPort;

    @BeforeAll
    static void start() throws Exception {
        ExternalTool.require("haproxy");
        zookeeper = ZooKeeperProcess.start(dir.resolve("zookeeper"));
        settings = new ZooKeeperSettings(zookeeper.connectString(), "/gridgate", Duration.ofHours(1), SIGNING_DELAY,
                Duration.ofSeconds(10), Duration.ofDays(7));
        Path root = Files.createDirectories(dir.resolve("shared-root"));
        for (int i = 1; i <= 3; i++) {
            Storage storage = PosixStorage.open(root);
            ZooKeeperState secrets = ZooKeeperState.start(settings, Clock.systemUTC(), "door" + i);
            shared.add(secrets);
            doors.add(TestDoor.startAdjusted(dir.resolve("door" + i), services -> services
                    .withStorage(storage)
                    .withSecrets(secrets.store(), secrets)
                    .withRevocations(secrets.revocations())
                    .withProxyProtocol(ProxyProtocolSources.of(List.of(BALANCER + "/32")))));
        }
        haproxyPort = freePort();
        StringBuilder config = new StringBuilder(String.join("\n",
                "global",
                "  maxconn 256",
                "defaults",
                "  mode tcp",
                "  timeout connect 5s",
                "  timeout client 60s",
                "  timeout server 60s",
                "frontend doors",
                "  bind 127.0.0.1:" + haproxyPort,
                "  default_backend doors",
                "backend doors",
                "  balance roundrobin",
                "  option httpchk GET /ready",
                ""));
        for (int i = 0; i < doors.size(); i++) {
            config.append("  server door").append(i + 1).append(" 127.0.0.1:").append(doors.get(i).port())
                    .append(" send-proxy-v2 source ").append(BALANCER).append(" check port ")
                    .append(doors.get(i).metricsPort()).append(" inter 500 fall 2 rise 1\n");
        }
        haproxy = HaproxyProcess.start(dir, config.toString(), haproxyPort);
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

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void within(Duration limit, String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + limit.toSeconds() + " s: " + what);
            }
            Thread.sleep(100);
        }
    }

    private static String bearer(String token) {
        return "Bearer " + token;
    }

    /** One request over TLS from {@code source} to {@code port}, optionally after raw bytes; the status code. */
    private static int request(String source, int port, byte[] before, String method, String path, String token,
                               String body) throws Exception {
        SSLContext context = doors.get(0).sslContext(null);
        Socket plain = new Socket();
        plain.bind(new InetSocketAddress(source, 0));
        plain.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        plain.setSoTimeout(10_000);
        if (before != null) {
            plain.getOutputStream().write(before);
            plain.getOutputStream().flush();
        }
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, "localhost", port, true)) {
            byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            String head = method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                    + "Authorization: " + bearer(token) + "\r\nContent-Length: " + content.length + "\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().write(content);
            socket.getOutputStream().flush();
            return Integer.parseInt(RawHttps.line(socket.getInputStream()).split(" ")[1]);
        }
    }

    private static io.restassured.specification.RequestSpecification anonymous(TestDoor door) {
        try {
            return door.anonymous();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> ready(TestDoor door) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + door.metricsPort() + "/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(1)
    void aMacaroonMintedAtOneDoorUploadsAtAnotherAndDownloadsAtTheThird() throws Exception {
        String token = doors.get(0).mint("/atlas/several", "{\"caveats\":[\"activity:UPLOAD,DOWNLOAD\"]}");

        given(doors.get(1).anonymous()).header("Authorization", bearer(token)).body("one service")
                .put("/atlas/several/file").then().statusCode(201);

        assertThat(given(doors.get(2).anonymous()).header("Authorization", bearer(token))
                .get("/atlas/several/file").then().statusCode(200).extract().asString()).isEqualTo("one service");
        for (TestDoor door : doors) {
            assertThat(ready(door).statusCode()).isEqualTo(200);
            assertThat(ready(door).body()).isEqualTo("ready\n");
        }
    }

    @Test
    @Order(2)
    void afterARotationANewMacaroonVerifiesAtEveryDoorWithinFiveSeconds() throws Exception {
        String before = shared.get(0).store().currentId();
        ZooKeeperSecretAdmin.Entry fresh;
        try (ZooKeeperSecretAdmin admin = ZooKeeperSecretAdmin.connect(settings, Clock.systemUTC())) {
            fresh = admin.rotate(SIGNING_DELAY);
        }
        assertThat(fresh.id()).isNotEqualTo(before);
        within(SIGNING_DELAY.plusSeconds(5), "door 1 signs with the new secret",
                () -> shared.get(0).store().currentId().equals(fresh.id()));

        String token = doors.get(0).mint("/atlas/rotated", "{\"caveats\":[\"activity:UPLOAD,DOWNLOAD\"]}");

        long started = System.nanoTime();
        for (int i = 0; i < doors.size(); i++) {
            TestDoor door = doors.get(i);
            String path = "/atlas/rotated/at-door" + (i + 1);
            within(Duration.ofSeconds(5), "door " + (i + 1) + " verifies the new macaroon", () -> {
                int status = given(anonymous(door)).header("Authorization", bearer(token)).body("x")
                        .put(path).then().extract().statusCode();
                return status == 201 || status == 204;
            });
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    @Order(3)
    void anIpCaveatIsCheckedAgainstTheClientAddressHAProxyPassesOn() throws Exception {
        String token = doors.get(0).mint("/atlas/ip", "{\"caveats\":[\"activity:UPLOAD,DOWNLOAD\","
                + "\"ip:127.0.0.3/32\"]}");

        // Three times each: round robin reaches every door.
        for (int i = 0; i < 3; i++) {
            assertThat(request("127.0.0.3", haproxyPort, null, "PUT", "/atlas/ip/f" + i, token, "through"))
                    .as("from the address in the caveat, through HAProxy").isEqualTo(201);
            assertThat(request("127.0.0.4", haproxyPort, null, "PUT", "/atlas/ip/g" + i, token, "through"))
                    .as("from another address, through HAProxy").isEqualTo(401);
        }
    }

    @Test
    @Order(4)
    void aProxyHeaderFromAnywhereButTheBalancerClosesTheConnectionAndIsLogged() throws Exception {
        String token = doors.get(0).mint("/atlas/spoof", "{\"caveats\":[\"activity:UPLOAD,DOWNLOAD\","
                + "\"ip:127.0.0.3/32\"]}");
        TestDoor door = doors.get(1);
        try (LogCapture log = new LogCapture()) {
            assertThatThrownBy(() -> request("127.0.0.2", door.port(), ProxyHeader.v2("127.0.0.3", door.port()),
                    "PUT", "/atlas/spoof/f", token, "spoofed")).isInstanceOf(IOException.class);

            assertThat(log.awaitContaining("Refused a PROXY protocol header from 127.0.0.2"))
                    .contains("which is not a configured load balancer");
        }
        assertThat(request("127.0.0.2", door.port(), null, "PUT", "/atlas/spoof/f", token, "direct"))
                .as("the same client without the header is itself").isEqualTo(401);
        assertThat(doors.get(0).dataDir().getParent().getParent().resolve("shared-root/atlas/spoof/f"))
                .doesNotExist();
    }

    @Test
    @Order(5)
    void zooKeeperStoppedAndRestartedMidRunLeavesEveryDoorServingAndReadyAgain() throws Exception {
        String token = doors.get(0).mint("/atlas/zk", "{\"caveats\":[\"activity:UPLOAD,DOWNLOAD\"]}");

        zookeeper.stop();

        for (TestDoor door : doors) {
            within(Duration.ofSeconds(20), "/ready says not ready", () -> {
                try {
                    HttpResponse<String> ready = ready(door);
                    return ready.statusCode() == 503 && ready.body().startsWith("not ready: ZooKeeper disconnected");
                } catch (Exception e) {
                    return false;
                }
            });
        }
        String during = doors.get(1).mint("/atlas/zk", "{\"caveats\":[\"activity:UPLOAD,DOWNLOAD\"]}");
        given(doors.get(2).anonymous()).header("Authorization", bearer(during)).body("while ZooKeeper is away")
                .put("/atlas/zk/during").then().statusCode(201);
        given(doors.get(0).anonymous()).header("Authorization", bearer(token)).get("/atlas/zk/during")
                .then().statusCode(200);
        given(doors.get(0).anonymous()).header("Authorization", bearer(token)).body(LOCK_INFO)
                .request("LOCK", "/atlas/zk/during").then().statusCode(503)
                .header("Retry-After", org.hamcrest.Matchers.notNullValue())
                .body(org.hamcrest.Matchers.containsString("ZooKeeper"));

        zookeeper.startAgain();

        for (TestDoor door : doors) {
            within(Duration.ofSeconds(30), "/ready says ready again", () -> {
                try {
                    return ready(door).statusCode() == 200;
                } catch (Exception e) {
                    return false;
                }
            });
        }
        ZooKeeperSecretAdmin.Entry fresh;
        try (ZooKeeperSecretAdmin admin = ZooKeeperSecretAdmin.connect(settings, Clock.systemUTC())) {
            fresh = admin.rotate(Duration.ZERO);
        }
        within(Duration.ofSeconds(5), "every door caught up with a rotation after the restart",
                () -> shared.stream().allMatch(s -> s.store().currentId().equals(fresh.id())));
    }

    /** {@code gateway.jar} as an admin runs it; fails the test unless it exits 0. */
    private static String cli(String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        int exit = GatewayCommand.commandLine().setOut(new java.io.PrintWriter(out, true))
                .setErr(new java.io.PrintWriter(err, true)).execute(args);
        assertThat(exit).as("gateway.jar %s\n%s%s", String.join(" ", args), out, err).isZero();
        return out.toString();
    }

    private static int get(TestDoor door, String macaroon, String path) {
        return given(anonymous(door)).header("Authorization", bearer(macaroon)).get(path).then().extract()
                .statusCode();
    }

    /** Polls until every door answers {@code status} for the macaroon: what each revocation must reach in 5 s. */
    private static void atEveryDoorWithinFiveSeconds(String what, String macaroon, String path, int status)
            throws InterruptedException {
        for (int i = 0; i < doors.size(); i++) {
            TestDoor door = doors.get(i);
            within(Duration.ofSeconds(5), what + " at door " + (i + 1), () -> get(door, macaroon, path) == status);
        }
    }

    private static void atEveryDoor(String macaroon, String path, int status) {
        for (int i = 0; i < doors.size(); i++) {
            assertThat(get(doors.get(i), macaroon, path)).as("door %d", i + 1).isEqualTo(status);
        }
    }

    /** Minted at door 1 with its clock set to {@code at}, as a macaroon minted then; uploaded through HAProxy. */
    private static String mintedAt(Instant at, String path) throws Exception {
        TestDoor minting = doors.get(0);
        minting.clock.advance(Duration.between(minting.clock.instant(), at));
        String macaroon = minting.mint(path, "{\"caveats\":[\"activity:UPLOAD,DOWNLOAD\"]}");
        assertThat(request("127.0.0.3", haproxyPort, null, "PUT", path, macaroon, "kept")).isEqualTo(201);
        return macaroon;
    }

    /**
     * The three kinds, each made with {@code gateway.jar tokens revoke --config} against ZooKeeper (after the
     * ZooKeeper restart above: the doors' watches caught up), each refused at every door within 5 s, while a
     * macaroon it does not cover keeps working everywhere.
     */
    @Test
    @Order(10)
    void eachKindOfRevocationMadeWithTheCliIsRefusedAtEveryDoorWithinFiveSeconds() throws Exception {
        String config = Files.writeString(dir.resolve("admin.yaml"), String.join("\n",
                "listen: {port: 8443}",
                "tls: {certificate: /etc/grid-security/hostcert.pem, key: /etc/grid-security/hostkey.pem}",
                "grid: {ca-directory: /etc/grid-security/certificates}",
                "storage: {root: " + dir.resolve("shared-root") + "}",
                "macaroons: {max-lifetime: P7D}",
                "policy: /etc/gridgate/policy.yaml",
                "zookeeper: {connect: \"" + settings.connect() + "\", path: " + settings.path() + "}",
                "")).toString();
        Instant start = Instant.now();
        String revoked = mintedAt(start, "/atlas/revoked/iid");
        String kept = mintedAt(start, "/atlas/revoked/kept");

        String issueId = cli("inspect", "--config", config, revoked).lines()
                .filter(line -> line.startsWith("caveat: iid:")).map(line -> line.substring("caveat: iid:".length()))
                .findFirst().orElseThrow();
        cli("tokens", "revoke", "--config", config, "--iid", issueId);
        atEveryDoorWithinFiveSeconds("the revoked iid refused", revoked, "/atlas/revoked/iid", 401);
        atEveryDoor(kept, "/atlas/revoked/kept", 200);
        assertThat(cli("inspect", "--config", config, revoked)).contains("revoked").contains(issueId);

        // Everything issued before a time: the cutoff rounds up to its next whole second, so a macaroon minted in
        // that second (the door's clock set there) is not covered.
        Instant cutoff = Instant.now();
        cli("tokens", "revoke", "--config", config, "--issued-before", cutoff.toString());
        atEveryDoorWithinFiveSeconds("a macaroon issued before the cutoff refused", kept, "/atlas/revoked/kept", 401);
        Instant afterCutoff = cutoff.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).plusSeconds(1);
        String later = mintedAt(afterCutoff, "/atlas/revoked/later");
        atEveryDoor(later, "/atlas/revoked/later", 200);

        // An identity: everything minted for it up to the second of the revocation (not before that second).
        while (Instant.now().isBefore(afterCutoff)) {
            Thread.sleep(50);
        }
        cli("tokens", "revoke", "--config", config, "--identity", doors.get(0).dev.pki().userDn());
        atEveryDoorWithinFiveSeconds("the identity's macaroon refused", later, "/atlas/revoked/later", 401);
        String afterwards = mintedAt(Instant.now().plusSeconds(2), "/atlas/revoked/afterwards");
        atEveryDoor(afterwards, "/atlas/revoked/afterwards", 200);

        assertThat(cli("tokens", "revoked", "--config", config).lines())
                .hasSize(3).anyMatch(line -> line.startsWith("iid " + issueId))
                .anyMatch(line -> line.startsWith("before ")).anyMatch(line -> line.startsWith("principal "));
    }

    private static final String LOCK_INFO = "<?xml version=\"1.0\"?><D:lockinfo xmlns:D=\"DAV:\">"
            + "<D:lockscope><D:exclusive/></D:lockscope><D:locktype><D:write/></D:locktype>"
            + "<D:owner>editor</D:owner></D:lockinfo>";

    /**
     * The lock table is one ZooKeeper node: a lock taken through door 1 holds at the very next request through door
     * 2, with no wait for a watch; only its owner passes it (another client's If naming its token fails, 412), and
     * door 3 unlocks.
     */
    @Test
    @Order(6)
    void aLockTakenAtOneDoorIsEnforcedAtTheOthersAndAnotherDoorUnlocksIt() throws Exception {
        // LOCK of an unmapped name creates it empty: writing it is replacing it, which needs DELETE too
        String rights = "{\"caveats\":[\"activity:UPLOAD,DOWNLOAD,DELETE,READ_METADATA\"]}";
        String editor = doors.get(0).mint("/atlas/locks", rights);
        String other = doors.get(0).mint("/atlas/locks", rights);
        String lockToken = given(doors.get(0).anonymous()).header("Authorization", bearer(editor))
                .header("Timeout", "Second-600").body(LOCK_INFO)
                .request("LOCK", "/atlas/locks/report.txt").then().statusCode(201).extract().header("Lock-Token");
        assertThat(lockToken).startsWith("<opaquelocktoken:");

        given(doors.get(1).anonymous()).header("Authorization", bearer(editor)).body("no token")
                .put("/atlas/locks/report.txt").then().statusCode(423);
        given(doors.get(2).anonymous()).header("Authorization", bearer(other)).header("If", "(" + lockToken + ")")
                .body("someone else's token").put("/atlas/locks/report.txt").then().statusCode(412);
        given(doors.get(2).anonymous()).header("Authorization", bearer(other)).body(LOCK_INFO)
                .request("LOCK", "/atlas/locks/report.txt").then().statusCode(423);
        given(doors.get(1).anonymous()).header("Authorization", bearer(editor)).header("If", "(" + lockToken + ")")
                .body("the editor's version").put("/atlas/locks/report.txt").then().statusCode(204);
        assertThat(given(doors.get(2).anonymous()).header("Authorization", bearer(other))
                .body("<?xml version=\"1.0\"?><D:propfind xmlns:D=\"DAV:\"><D:prop><D:lockdiscovery/></D:prop>"
                        + "</D:propfind>").header("Depth", "0").request("PROPFIND", "/atlas/locks/report.txt")
                .then().statusCode(207).extract().asString())
                .as("door 3 shows the lock taken at door 1")
                .contains(lockToken.substring(1, lockToken.length() - 1));

        given(doors.get(2).anonymous()).header("Authorization", bearer(editor)).header("Lock-Token", lockToken)
                .request("UNLOCK", "/atlas/locks/report.txt").then().statusCode(204);
        given(doors.get(0).anonymous()).header("Authorization", bearer(other)).body("after the unlock")
                .put("/atlas/locks/report.txt").then().statusCode(204);
        assertThat(given(doors.get(1).anonymous()).header("Authorization", bearer(other))
                .get("/atlas/locks/report.txt").then().statusCode(200).extract().asString())
                .isEqualTo("after the unlock");
    }
}
