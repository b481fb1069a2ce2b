package org.gridgate.gateway;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * HAProxy from the Debian package, run in the foreground by a test on the configuration it wrote, with its log in
 * {@code dir/haproxy.log}. A missing package skips the test on a developer's machine and fails it in CI.
 */
final class HaproxyProcess implements AutoCloseable {
    private final Process process;

    private HaproxyProcess(Process process) {
        this.process = process;
    }

    /** Writes {@code config} to {@code dir/haproxy.cfg}, starts HAProxy and waits until it listens on {@code port}. */
    static HaproxyProcess start(Path dir, String config, int port) throws Exception {
        ExternalTool.require("haproxy");
        Path cfg = Files.writeString(dir.resolve("haproxy.cfg"), config);
        Path log = dir.resolve("haproxy.log");
        HaproxyProcess haproxy = new HaproxyProcess(new ProcessBuilder("haproxy", "-db", "-f", cfg.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return haproxy;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    haproxy.close();
                    throw new IllegalStateException("HAProxy did not listen on port " + port + ": "
                            + Files.readString(log));
                }
                Thread.sleep(100);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(5, TimeUnit.SECONDS);
    }
}
