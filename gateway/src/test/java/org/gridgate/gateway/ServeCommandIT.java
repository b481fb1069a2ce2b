package org.gridgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.gridgate.certs.DevPki;
import org.gridgate.gateway.config.DevEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar gateway.jar serve --config FILE} as a site runs it: stopped by SIGTERM while an upload is in
 * progress, it refuses new connections at once, lets the upload finish and then exits with 0. A mistake in the
 * configuration, a missing certificate or a port already taken stop it before it listens, with one line naming it.
 */
class ServeCommandIT {

    static final String POLICY = String.join("\n",
            "rules:",
            "  - name: dev-user",
            "    match: {dn: \"" + DevPki.USER_DN + "\"}",
            "    allow: {activities: [UPLOAD, DOWNLOAD], paths: [/atlas]}",
            "");
    /** 3 MiB at 512 KiB/s: an upload that lasts about six seconds, well within the grace period below. */
    static final int UPLOAD_BYTES = 3 * 1024 * 1024;
    static final String UPLOAD_RATE = "512K";
    static final int DRAIN_SECONDS = 20;

    @TempDir
    Path dir;
    DevEnvironment dev;
    int port;
    Path config;
    GatewayProcess door;

    @BeforeEach
    void writeConfiguration() throws Exception {
        SharedPki.copyInto(dir.resolve("door"));
        dev = DevEnvironment.prepare(dir.resolve("door"));
        port = freePort();
        config = DoorConfigFile.write(dev, port, POLICY, null);
    }

    @AfterEach
    void killDoor() throws Exception {
        if (door != null) {
            door.close();
        }
    }

    /** A port nothing listens on right now; another process could take it before the door does, rarely. */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private Map<String, String> env(String... more) {
        Map<String, String> env = new HashMap<>(Map.of("D", dev.directory().toString(),
                "proxy", dev.pki().userProxy().toString(), "PORT", Integer.toString(port)));
        for (int i = 0; i < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return env;
    }

    @Test
    void sigtermLetsTheUploadInProgressFinishRefusesNewConnectionsAndExitsZero() throws Exception {
        ExternalTool.require("curl");
        door = GatewayProcess.start(dir, "serve", "--config", config.toString(),
                "--drain-seconds", Integer.toString(DRAIN_SECONDS));
        door.awaitLine(Pattern.compile("listening on https://localhost:" + port + "/"), Duration.ofSeconds(60));

        ExternalTool.Result minted = ExternalTool.bash("curl -sS -E $proxy --capath $D/certificates "
                + "-H 'Content-Type: application/macaroon-request' -X POST -d '{\"caveats\":[\"activity:UPLOAD\"]}' "
                + "https://localhost:$PORT/atlas/slow/big.bin", env(), 60);
        assertThat(minted.exitCode()).as(minted.stderr()).isZero();
        String macaroon = CurlInteropTest.macaroonOf(minted.stdout());

        // the door stages an upload beside its target when the directory exists: there the test sees it begin
        Path target = Files.createDirectories(dev.directory().resolve("data/atlas/slow")).resolve("big.bin");
        Path payload = dir.resolve("big.bin");
        byte[] bytes = new byte[UPLOAD_BYTES];
        new Random(42).nextBytes(bytes);
        Files.write(payload, bytes);
        CompletableFuture<ExternalTool.Result> upload = CompletableFuture.supplyAsync(() -> curl(
                "curl -sS --capath $D/certificates -H \"Authorization: Bearer $M\" --limit-rate " + UPLOAD_RATE
                        + " -T $F -o /dev/null -w '%{http_code}' https://localhost:$PORT/atlas/slow/big.bin",
                env("M", macaroon, "F", payload.toString())));
        awaitUploadStarted(target.getParent(), Duration.ofSeconds(30));

        door.sigterm();
        assertThat(upload).as("the upload is still in progress when SIGTERM arrives").isNotDone();
        assertThat(refusesConnections(Duration.ofSeconds(10))).as("new connections are refused").isTrue();

        ExternalTool.Result uploaded = upload.get(DRAIN_SECONDS + 30, TimeUnit.SECONDS);
        assertThat(uploaded.exitCode()).as(uploaded.stderr()).isZero();
        assertThat(uploaded.stdout()).isEqualTo("201");
        assertThat(door.awaitExit(Duration.ofSeconds(DRAIN_SECONDS + 10))).as(door::output).isZero();
        assertThat(Files.mismatch(payload, target)).as("the stored file is the one uploaded").isEqualTo(-1L);
        // at least the upload's connection; the mint's may not have been reaped yet on a busy machine
        assertThat(door.stderr()).containsPattern("Draining [1-9]\\d* connection");
    }

    @Test
    void unknownKeyStopsServeBeforeItListens() throws Exception {
        Files.writeString(config, Files.readString(config).replace("provider: jdk", "provider: jdk, ciphers: all"));

        assertServeStopsSaying(config + ":2: tls.ciphers: unknown key; the keys here are: certificate, key, provider");
    }

    @Test
    void missingCertificateIsNamed() throws Exception {
        Files.delete(dev.pki().hostCertificate());

        assertServeStopsSaying(config + ":2: tls.certificate: " + dev.pki().hostCertificate() + " does not exist");
    }

    @Test
    void aKeyThatDoesNotMatchTheCertificateStopsServeInsteadOfFailingEveryHandshake() throws Exception {
        Files.writeString(config, Files.readString(config).replace("key: " + dev.pki().hostKey(),
                "key: " + dev.pki().userKey()));

        assertServeStopsSaying(config + ":2: tls.key: " + dev.pki().userKey() + " does not belong to tls.certificate");
    }

    @Test
    void aMissingCaDirectoryIsOneLineNotAStackTrace() throws Exception {
        Files.writeString(config, Files.readString(config).replace("ca-directory: " + dev.pki().caDirectory(),
                "ca-directory: " + dir.resolve("no-certificates")));

        assertServeStopsSaying(config + ":4: grid.ca-directory: " + dir.resolve("no-certificates") + " does not exist");
    }

    @Test
    void configCheckThroughTheJarSaysOkOrOneLinePerProblem() throws Exception {
        door = GatewayProcess.start(dir, "config", "check", "--config", config.toString());
        assertThat(door.awaitExit(Duration.ofSeconds(60))).as(door::output).isZero();
        assertThat(door.stdout()).isEqualTo(config + ": OK\n");
        door.close();

        Files.writeString(config, Files.readString(config).replace("port: " + port, "port: eighty"));
        door = GatewayProcess.start(dir, "config", "check", "--config", config.toString());
        assertThat(door.awaitExit(Duration.ofSeconds(60))).as(door::output).isEqualTo(1);
        assertThat(door.stdout()).startsWith(config + ":1: listen.port: \"eighty\" is not a whole number")
                .doesNotContain("\tat ");
    }

    @Test
    void portInUseIsNamed() throws Exception {
        try (ServerSocket taken = new ServerSocket(port, 50, InetAddress.getByName("localhost"))) {
            assertServeStopsSaying("Cannot listen on localhost:" + port + ": ");
        }
    }

    /** serve exits with 1 and says why in one line, without a stack trace and without having listened. */
    private void assertServeStopsSaying(String message) throws Exception {
        door = GatewayProcess.start(dir, "serve", "--config", config.toString());

        assertThat(door.awaitExit(Duration.ofSeconds(60))).as(door::output).isEqualTo(1);
        assertThat(door.stderr()).as(door::output).contains(message).doesNotContain("\tat ");
        assertThat(door.stdout()).doesNotContain("listening");
    }

    private static ExternalTool.Result curl(String script, Map<String, String> env) {
        try {
            return ExternalTool.bash(script, env, 120);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The door has begun writing the upload: its temporary file is in {@code directory}. */
    private static void awaitUploadStarted(Path directory, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!hasTemporaryFile(directory)) {
            if (System.nanoTime() > deadline) {
                fail("the upload did not begin within " + timeout);
            }
            Thread.sleep(50);
        }
    }

    private static boolean hasTemporaryFile(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.anyMatch(file -> file.getFileName().toString().startsWith(".gridgate-upload-"));
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /** Whether connecting fails within {@code timeout}: the listener closes as soon as the drain begins. */
    private boolean refusesConnections(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket("localhost", port)) {
                Thread.sleep(50);
            } catch (IOException refused) {
                return true;
            }
        }
        return false;
    }
}
