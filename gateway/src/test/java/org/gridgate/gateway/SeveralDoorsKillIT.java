package org.gridgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.gridgate.certs.DevPki;
import org.gridgate.gateway.config.DevEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of one of three doors ({@code serve} processes sharing a storage root and their secrets through
 * the Debian package's ZooKeeper) while clients upload through HAProxy: the clients retry (curl {@code --retry}),
 * HAProxy sends them to the doors that are left, every upload finishes whole, and no partial file is visible.
 */
class SeveralDoorsKillIT {
    private static final String POLICY = String.join("\n",
            "rules:",
            "  - name: dev-user",
            "    match: {dn: \"" + DevPki.USER_DN + "\"}",
            "    allow: {activities: [UPLOAD, DOWNLOAD, DELETE, LIST], paths: [/atlas]}",
            "");
    private static final int UPLOADS = 6;
    /** 2 MiB at 512 KiB/s: about four seconds each, so the kill lands in the middle of them. */
    private static final int UPLOAD_BYTES = 2 * 1024 * 1024;

    @TempDir
    Path dir;
    private final List<GatewayProcess> doors = new ArrayList<>();
    private ZooKeeperProcess zookeeper;
    private HaproxyProcess haproxy;

    @AfterEach
    void stopEverything() throws Exception {
        if (haproxy != null) {
            haproxy.close();
        }
        for (GatewayProcess door : doors) {
            door.close();
        }
        if (zookeeper != null) {
            zookeeper.close();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void uploadsThroughHAProxyFinishWholeWhenADoorIsKilled() throws Exception {
        ExternalTool.require("haproxy");
        ExternalTool.require("curl");
        zookeeper = ZooKeeperProcess.start(dir.resolve("zookeeper"));
        SharedPki.copyInto(dir.resolve("pki"));
        DevEnvironment dev = DevEnvironment.prepare(dir.resolve("pki"));
        Path root = Files.createDirectories(dir.resolve("root"));
        Files.writeString(dir.resolve("policy.yaml"), POLICY);
        int[] ports = new int[3];
        int[] metrics = new int[3];
        for (int i = 0; i < 3; i++) {
            ports[i] = freePort();
            metrics[i] = freePort();
            Path config = Files.writeString(dir.resolve("door" + i + ".yaml"), String.join("\n",
                    "listen: {host: 127.0.0.1, port: " + ports[i] + ", proxy-protocol-from: [127.0.0.5]}",
                    "tls: {certificate: " + dev.pki().hostCertificate() + ", key: " + dev.pki().hostKey() + "}",
                    "grid: {ca-directory: " + dev.pki().caDirectory() + "}",
                    "storage: {root: " + root + "}",
                    "macaroons: {max-lifetime: P7D}", // secrets and revocations in ZooKeeper: no file
                    "policy: " + dir.resolve("policy.yaml"),
                    "metrics: {host: 127.0.0.1, port: " + metrics[i] + "}",
                    "zookeeper: {connect: \"" + zookeeper.connectString() + "\", signing-delay: PT1S}",
                    ""));
            doors.add(GatewayProcess.start(dir, "serve", "--config", config.toString(), "--drain-seconds", "1"));
        }
        for (GatewayProcess door : doors) {
            door.awaitLine(Pattern.compile("listening on https://.*"), Duration.ofSeconds(120));
        }
        int front = freePort();
        StringBuilder cfg = new StringBuilder(String.join("\n",
                "defaults",
                "  mode tcp",
                "  retries 3",
                "  option redispatch",
                "  timeout connect 2s",
                "  timeout client 60s",
                "  timeout server 60s",
                "frontend doors",
                "  bind 127.0.0.1:" + front,
                "  default_backend doors",
                "backend doors",
                "  balance roundrobin",
                "  option httpchk GET /ready",
                ""));
        for (int i = 0; i < 3; i++) {
            cfg.append("  server door").append(i).append(" 127.0.0.1:").append(ports[i])
                    .append(" send-proxy-v2 source 127.0.0.5 check port ").append(metrics[i])
                    .append(" inter 500 fall 1 rise 2\n");
        }
        haproxy = HaproxyProcess.start(dir, cfg.toString(), front);

        Map<String, String> env = Map.of("proxy", dev.pki().userProxy().toString(),
                "D", dev.pki().caDirectory().toString(), "FRONT", Integer.toString(front),
                "DOOR", Integer.toString(ports[0]));
        ExternalTool.Result minted = ExternalTool.bash("curl -sS -E $proxy --capath $D "
                + "-H 'Content-Type: application/macaroon-request' -X POST "
                + "-d '{\"caveats\":[\"activity:UPLOAD,DOWNLOAD,DELETE,LIST\"]}' https://localhost:$DOOR/atlas/",
                env, 60);
        assertThat(minted.exitCode()).as(minted.stderr()).isZero();
        String macaroon = CurlInteropTest.macaroonOf(minted.stdout());
        Path payload = dir.resolve("payload.bin");
        byte[] bytes = new byte[UPLOAD_BYTES];
        new Random(7).nextBytes(bytes);
        Files.write(payload, bytes);

        // A door stages an upload beside its target when the directory exists: there the test sees them stream.
        Path uploaded = Files.createDirectories(root.resolve("atlas/kill"));
        List<CompletableFuture<ExternalTool.Result>> uploads = new ArrayList<>();
        for (int i = 0; i < UPLOADS; i++) {
            String name = "file" + i;
            uploads.add(CompletableFuture.supplyAsync(() -> {
                try {
                    // not --silent: it would hide the retries this test counts
                    return ExternalTool.bash("curl --no-progress-meter --capath $D -H \"Authorization: Bearer $M\""
                            + " --limit-rate 512K --retry 5 --retry-all-errors --retry-delay 1"
                            + " -T $F -o /dev/null -w '%{http_code}'"
                            + " https://localhost:$FRONT/atlas/kill/" + name,
                            merged(env, "M", macaroon, "F", payload.toString()), 120);
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        awaitStaged(uploaded, UPLOADS, Duration.ofSeconds(60));
        doors.get(1).kill();

        int retried = 0;
        for (int i = 0; i < UPLOADS; i++) {
            ExternalTool.Result result = uploads.get(i).get(180, TimeUnit.SECONDS);
            assertThat(result.exitCode()).as("upload %d: %s", i, result.stderr()).isZero();
            assertThat(result.stdout()).as("upload %d", i).endsWith("201");
            retried += result.stderr().contains("Will retry") ? 1 : 0;
        }
        assertThat(retried).as("uploads cut off by the kill, finished by a retry").isPositive();
        try (Stream<Path> names = Files.list(uploaded)) {
            assertThat(names.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")))
                    .as("visible names: the finished uploads only").containsExactlyInAnyOrder(
                            Stream.iterate(0, i -> i + 1).limit(UPLOADS).map(i -> "file" + i).toArray(String[]::new));
        }
        for (int i = 0; i < UPLOADS; i++) {
            assertThat(Files.readAllBytes(uploaded.resolve("file" + i))).as("file%d is whole", i).isEqualTo(bytes);
        }
    }

    /** Waits until {@code count} uploads are streaming into hidden staged files in {@code directory}. */
    private static void awaitStaged(Path directory, int count, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            try (Stream<Path> names = Files.list(directory)) {
                if (names.filter(p -> p.getFileName().toString().startsWith(".")).count() >= count) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError(count + " uploads did not start within " + limit.toSeconds() + " s");
    }

    private static Map<String, String> merged(Map<String, String> env, String... more) {
        Map<String, String> all = new java.util.HashMap<>(env);
        for (int i = 0; i < more.length; i += 2) {
            all.put(more[i], more[i + 1]);
        }
        return all;
    }
}
