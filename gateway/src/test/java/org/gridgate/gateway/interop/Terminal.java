package org.gridgate.gateway.interop;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Drives an interactive program on a pseudo-terminal (util-linux {@code script}), the way a person would: wait
 * for a prompt, then type. Programs such as cadaver only ask "accept this certificate?" on a terminal, and they
 * flush type-ahead when they ask, so a script piped into stdin would lose its lines.
 */
final class Terminal implements AutoCloseable {

    /** A safety net against a program that hangs, not a performance bound. */
    private static final long GIVE_UP_MILLIS = 60_000;

    private final Process process;
    private final StringBuilder output = new StringBuilder();
    private int consumed;
    private boolean ended;

    private Terminal(Process process) {
        this.process = process;
        Thread reader = new Thread(this::pump, "terminal-reader");
        reader.setDaemon(true);
        reader.start();
    }

    static Terminal start(String command, Map<String, String> env, Path workDir) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(List.of("script", "-qfec", command, "/dev/null"))
                .directory(workDir.toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(env);
        return new Terminal(builder.start());
    }

    /** Waits for {@code text} beyond what earlier calls consumed, and returns the output up to and including it. */
    synchronized String expect(String text) throws InterruptedException {
        long deadline = System.currentTimeMillis() + GIVE_UP_MILLIS;
        while (true) {
            int at = output.indexOf(text, consumed);
            if (at >= 0) {
                String seen = output.substring(consumed, at + text.length());
                consumed = at + text.length();
                return seen;
            }
            long left = deadline - System.currentTimeMillis();
            if (left <= 0 || ended) {
                fail("never saw '" + text + "'; the terminal showed:\n" + output.substring(consumed));
            }
            wait(left);
        }
    }

    void type(String line) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    private void pump() {
        byte[] buffer = new byte[4096];
        try (InputStream out = process.getInputStream()) {
            int n;
            while ((n = out.read(buffer)) > 0) {
                String chunk = new String(buffer, 0, n, StandardCharsets.ISO_8859_1).replace("\r", "");
                synchronized (this) {
                    output.append(chunk);
                    notifyAll();
                }
            }
        } catch (IOException e) {
            // The program ended; expect() reports what was seen.
        }
        synchronized (this) {
            ended = true;
            notifyAll();
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // Already gone.
        }
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
