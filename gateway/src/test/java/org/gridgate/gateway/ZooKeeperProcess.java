package org.gridgate.gateway;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real ZooKeeper server from the Debian {@code zookeeperd} package's jar, run standalone on a free loopback port
 * with its data in a test directory. Stopped and started again on the same port and data, as an operator would.
 * A missing package skips the test on a developer's machine and fails it in CI ({@code CI=true}).
 */
public final class ZooKeeperProcess implements AutoCloseable {
    static final Path JAR = Path.of("/usr/share/java/zookeeper.jar");

    private final Path dir;
    private final int port;
    private Process process;

    private ZooKeeperProcess(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    public static void require() {
        if (!Files.isReadable(JAR)) {
            String message = JAR + " is missing (apt-get install zookeeperd, or run .ci/run)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message);
            }
            assumeTrue(false, message);
        }
    }

    /** Starts a server in {@code dir} (created) and waits until it takes connections. */
    public static ZooKeeperProcess start(Path dir) throws Exception {
        require();
        Files.createDirectories(dir.resolve("data"));
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Files.writeString(dir.resolve("zoo.cfg"), String.join("\n",
                "tickTime=1000",
                "dataDir=" + dir.resolve("data"),
                "clientPort=" + port,
                "clientPortAddress=127.0.0.1",
                "admin.enableServer=false",
                ""));
        ZooKeeperProcess server = new ZooKeeperProcess(dir, port);
        server.startAgain();
        return server;
    }

    public String connectString() {
        return "127.0.0.1:" + port;
    }

    /** Starts the stopped server again, on the same port and data. */
    public void startAgain() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        process = new ProcessBuilder(List.of(java, "-Xmx128m", "-cp", JAR.toString(),
                "org.apache.zookeeper.server.ZooKeeperServerMain", dir.resolve("zoo.cfg").toString()))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("zookeeper.log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                fail("ZooKeeper exited: " + Files.readString(dir.resolve("zookeeper.log")));
            }
            if (serving()) {
                return;
            }
            Thread.sleep(100);
        }
        fail("ZooKeeper did not listen on port " + port + " within 30 s");
    }

    /** The server's last transaction id ({@code srvr}'s Zxid): how many changes it has made. */
    public long zxid() throws IOException {
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            probe.setSoTimeout(2000);
            probe.getOutputStream().write("srvr".getBytes(StandardCharsets.US_ASCII));
            probe.getOutputStream().flush();
            String answer = new String(probe.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            String line = answer.lines().filter(l -> l.startsWith("Zxid: 0x")).findFirst()
                    .orElseThrow(() -> new IOException("no Zxid in " + answer));
            return Long.parseLong(line.substring("Zxid: 0x".length()).strip(), 16);
        }
    }

    /** Whether the server answers {@code srvr} (the four-letter command it allows by default) as running. */
    private boolean serving() {
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress("127.0.0.1", port), 500);
            probe.setSoTimeout(2000);
            probe.getOutputStream().write("srvr".getBytes(StandardCharsets.US_ASCII));
            probe.getOutputStream().flush();
            return new String(probe.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).contains("Mode: ");
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops the server (SIGKILL: as a crash, and fast). */
    public void stop() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            process = null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
