package org.gridgate.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;

/**
 * A client that keeps asking the door for a small file, each time on a new TLS connection from 127.0.0.1, while a
 * test abuses the door from other addresses: each answer's time and status are recorded for the test to check.
 */
final class WellBehavedClient implements AutoCloseable {

    /** @param at when the request began, in milliseconds since the client started */
    record Answer(int status, long millis, long at) {
    }

    private final List<Answer> answers = new ArrayList<>();
    private final List<Throwable> failures = new ArrayList<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread thread;

    WellBehavedClient(SSLContext context, int port, String path, String... headers) {
        long started = System.nanoTime();
        thread = new Thread(() -> {
            while (!stop.get()) {
                long start = System.nanoTime();
                try {
                    int status = RawHttps.status(context, port, "GET", path, headers);
                    record(new Answer(status, (System.nanoTime() - start) / 1_000_000,
                            (start - started) / 1_000_000));
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    synchronized (answers) {
                        failures.add(e);
                    }
                }
            }
        }, "well-behaved-client");
        thread.start();
    }

    private int answered() {
        synchronized (answers) {
            return answers.size();
        }
    }

    private void record(Answer answer) {
        synchronized (answers) {
            answers.add(answer);
        }
    }

    /** Stops asking and returns every answer; fails if any request failed outright. */
    List<Answer> stop() throws InterruptedException {
        // At least three answers, however quickly the abuse was over: the client must have been served throughout.
        for (int i = 0; i < 100 && answered() < 3; i++) {
            Thread.sleep(100);
        }
        stop.set(true);
        thread.join(15_000);
        synchronized (answers) {
            if (!failures.isEmpty()) {
                AssertionError error = new AssertionError("the well-behaved client's requests failed: " + failures);
                failures.forEach(error::addSuppressed);
                throw error;
            }
            return List.copyOf(answers);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        thread.join(15_000);
    }
}
