package org.gridgate.gateway.cli;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.gridgate.gateway.server.DoorServer;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Drains a running door when the process is asked to stop: SIGTERM (systemd, kill) or SIGINT (Ctrl-C). A second
 * signal stops waiting for the requests still in progress.
 *
 * <p>Not a shutdown hook: after its hooks have run, the JVM exits with 128 + the signal number (143 for SIGTERM)
 * whatever they did, and systemd reports that as a failed stop. Handling the signals here lets the command return
 * normally once the door has drained, so the process exits with 0. {@code sun.misc.Signal} is in the
 * {@code jdk.unsupported} module, which the JDK keeps exported for this use (javac warns about it regardless).
 */
final class DrainOnSignal {

    private DrainOnSignal() {
    }

    /** From now on, SIGTERM and SIGINT drain {@code server} for up to {@code grace}. */
    static void install(DoorServer server, Duration grace) {
        AtomicBoolean draining = new AtomicBoolean();
        SignalHandler handler = signal -> {
            if (draining.compareAndSet(false, true)) {
                server.drain(grace);
            } else {
                server.close();
            }
        };
        Signal.handle(new Signal("TERM"), handler);
        Signal.handle(new Signal("INT"), handler);
    }
}
