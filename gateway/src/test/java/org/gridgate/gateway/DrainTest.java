package org.gridgate.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopping a door (SIGTERM → {@code drain}): no new connections, requests in progress finish and their
 * connections close, idle ones close at once, and whatever outlives the grace period is cut off without leaving a
 * partial file or touching the old one. Meanwhile the management listener's {@code /health} says 503.
 */
class DrainTest {

    @TempDir
    Path dir;
    TestDoor door;
    String token;
    SSLContext anonymous;

    @BeforeEach
    void startDoor() throws Exception {
        door = TestDoor.start(dir.resolve("dev"));
        given(door.withProxy()).body("original").put("/up/existing").then().statusCode(201);
        token = door.mint("/up", "{\"caveats\":[\"activity:UPLOAD,DOWNLOAD,DELETE\"]}");
        anonymous = door.sslContext(null);
    }

    @AfterEach
    void stopDoor() {
        door.close();
    }

    private String putHead(String path, int length) {
        return "PUT " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                + "\r\nContent-Length: " + length + "\r\n\r\n";
    }

    private CompletableFuture<Boolean> drainInBackground(Duration grace) throws Exception {
        int port = door.port();
        CompletableFuture<Boolean> drained = CompletableFuture.supplyAsync(() -> door.drain(grace));
        for (int i = 0; i < 100 && accepts(port); i++) {
            Thread.sleep(50);
        }
        assertThat(accepts(port)).as("the listener closes first").isFalse();
        return drained;
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket("localhost", port)) {
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void idleConnectionIsClosedAndNewConnectionsAreRefused() throws Exception {
        int port = door.port();
        try (RawHttps.Connection idle = new RawHttps.Connection(anonymous, port)) {
            idle.send("HEAD /up/existing HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token + "\r\n\r\n");
            assertThat(idle.readStatus()).isEqualTo(200);
            assertThat(idle.lastHeaders()).contains("connection: keep-alive");

            assertThat(door.drain(Duration.ofSeconds(20))).isTrue();

            assertThat(idle.closedByDoor()).isTrue();
        }
        assertThatThrownBy(() -> new Socket("localhost", port).close()).isInstanceOf(ConnectException.class);
    }

    private int health() {
        return given().baseUri("http://localhost").port(door.metricsPort()).get("/health").statusCode();
    }

    private String ready() {
        var response = given().baseUri("http://localhost").port(door.metricsPort()).get("/ready");
        return response.statusCode() + " " + response.asString();
    }

    @Test
    void uploadInProgressFinishesAndItsConnectionThenCloses() throws Exception {
        assertThat(health()).as("serving").isEqualTo(200);
        assertThat(ready()).isEqualTo("200 ready\n");
        try (RawHttps.Connection upload = new RawHttps.Connection(anonymous, door.port())) {
            upload.send(putHead("/up/existing", 10));
            upload.send("12345");
            CompletableFuture<Boolean> drained = drainInBackground(Duration.ofSeconds(20));
            assertThat(health()).as("out of a load balancer's rotation while draining").isEqualTo(503);
            assertThat(ready()).isEqualTo("503 not ready: draining\n");

            upload.send("67890");
            assertThat(upload.readStatus()).isEqualTo(204);
            assertThat(upload.lastHeaders()).contains("connection: close");
            assertThat(upload.closedByDoor()).isTrue();
            assertThat(drained.get(20, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(Files.readString(door.dataDir().resolve("up/existing"))).isEqualTo("1234567890");
    }

    @Test
    void uploadOutlivingTheGraceIsCutOffAndLeavesTheOldFileIntact() throws Exception {
        try (RawHttps.Connection upload = new RawHttps.Connection(anonymous, door.port())) {
            upload.send(putHead("/up/existing", 10));
            upload.send("12345");
            CompletableFuture<Boolean> drained = drainInBackground(Duration.ofMillis(500));

            assertThat(drained.get(20, TimeUnit.SECONDS)).as("drained in time").isFalse();
            assertThat(upload.closedByDoor()).isTrue();
        }
        assertThat(Files.readString(door.dataDir().resolve("up/existing"))).isEqualTo("original");
        for (int i = 0; i < 50 && hasTempFile(); i++) {
            Thread.sleep(100); // the abort runs on the connection's executor, after the close
        }
        assertThat(hasTempFile()).isFalse();
    }

    private boolean hasTempFile() throws Exception {
        try (Stream<Path> files = Files.list(door.dataDir().resolve("up"))) {
            return files.anyMatch(p -> p.getFileName().toString().startsWith(".gridgate"));
        }
    }
}
