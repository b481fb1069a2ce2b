package org.gridgate.gateway;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Captures what the door logs while a test runs: slf4j-simple writes every line to {@code System.err}, which is
 * teed here into a buffer (and still reaches the console). Tests run one at a time, so only the door under test logs.
 */
final class LogCapture implements AutoCloseable {

    private final PrintStream original = System.err;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    LogCapture() {
        System.setErr(new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (captured) {
                    captured.write(b);
                }
                original.write(b);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                synchronized (captured) {
                    captured.write(bytes, offset, length);
                }
                original.write(bytes, offset, length);
            }
        }, true, StandardCharsets.UTF_8));
    }

    /** Everything logged since this capture began. */
    String text() {
        synchronized (captured) {
            return captured.toString(StandardCharsets.UTF_8);
        }
    }

    /** Waits up to five seconds for {@code expected} to be logged (lines written after a response was sent). */
    String awaitContaining(String expected) throws InterruptedException {
        for (int i = 0; i < 50 && !text().contains(expected); i++) {
            Thread.sleep(100);
        }
        return text();
    }

    @Override
    public void close() {
        System.setErr(original);
    }
}
