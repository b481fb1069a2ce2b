package org.gridgate.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real ZooKeeper server ({@link ZooKeeperProcess}) for a whole test class:
 * {@code @RegisterExtension static final ZooKeeperExtension zookeeper = new ZooKeeperExtension();}
 */
public final class ZooKeeperExtension implements BeforeAllCallback, AfterAllCallback {
    private Path dir;
    private ZooKeeperProcess server;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("gridgate-zookeeper");
        server = ZooKeeperProcess.start(dir);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (server != null) {
            server.close();
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    public String connectString() {
        return server.connectString();
    }

    /** Stops the server, keeping its data, as an operator would. */
    public void stop() throws InterruptedException {
        server.stop();
    }

    /** Starts it again on the same port and data. */
    public void startAgain() throws Exception {
        server.startAgain();
    }

    /** The server's last transaction id: how many changes it has seen. */
    public long zxid() throws IOException {
        return server.zxid();
    }
}
