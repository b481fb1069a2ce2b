package org.gridgate.gateway.cli;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.gridgate.gateway.config.DevEnvironment;
import org.gridgate.gateway.server.DoorServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "dev", mixinStandardHelpOptions = true,
        description = "Start a door on an embedded default: a local storage directory, a generated dev CA, "
                + "host certificate and user proxy, and a permissive policy. For a developer's machine only.")
final class DevCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "8443", description = "HTTPS port (default: ${DEFAULT-VALUE})")
    private int port;

    @Option(names = "--dir", defaultValue = "dev", description = "Working directory (default: ./${DEFAULT-VALUE})")
    private Path dir;

    @Option(names = "--metrics-port", description = "Also serve Prometheus metrics on http://localhost:PORT/metrics")
    private Integer metricsPort;

    @Override
    public Integer call() throws Exception {
        DevEnvironment dev = DevEnvironment.prepare(dir);
        try (DoorServer server = DoorServer.start(dev.services(Clock.systemUTC()),
                new InetSocketAddress("localhost", port),
                metricsPort == null ? null : new InetSocketAddress("localhost", metricsPort))) {
            dev.printWelcome(System.out, server.port());
            System.out.println("listening on https://localhost:" + server.port() + "/");
            System.out.flush();
            server.awaitClose();
        }
        return 0;
    }
}
