package org.gridgate.gateway.cli;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.gridgate.caveat.Activity;
import org.gridgate.gateway.authz.AnonymousAccess;
import org.gridgate.gateway.authz.LimitedProxyPolicy;
import org.gridgate.gateway.http.RequestPath;
import org.gridgate.gateway.config.DevEnvironment;
import org.gridgate.gateway.server.DoorServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "dev", mixinStandardHelpOptions = true,
        description = "Start a door on an embedded default: a local storage directory, a generated dev CA, "
                + "host certificate and user proxy, and a permissive policy. For a developer's machine only.")
final class DevCommand implements Callable<Integer> {

    /** Ctrl-C drains the dev door too, but a developer should not wait the production minute for it. */
    private static final Duration DRAIN_GRACE = Duration.ofSeconds(5);

    @Option(names = "--port", defaultValue = "8443", description = "HTTPS port (default: ${DEFAULT-VALUE})")
    private int port;

    @Option(names = "--dir", defaultValue = "dev", description = "Working directory (default: ./${DEFAULT-VALUE})")
    private Path dir;

    @Option(names = "--metrics-port", description = "Also serve Prometheus metrics on http://localhost:PORT/metrics")
    private Integer metricsPort;

    @Option(names = "--anonymous-area", description = "A path where clients without credentials may do anything "
            + "(e.g. for litmus); repeatable. None by default.")
    private List<String> anonymousAreas = new ArrayList<>();

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        DevEnvironment dev = DevEnvironment.prepare(dir);
        List<AnonymousAccess.Area> areas = new ArrayList<>();
        for (String area : anonymousAreas) {
            areas.add(new AnonymousAccess.Area(RequestPath.fromRawPath(area).path(), EnumSet.allOf(Activity.class)));
        }
        try (DoorServer server = DoorStart.listen(dev.services(Clock.systemUTC(), Optional.empty(),
                        LimitedProxyPolicy.DOWNLOAD_ONLY, new AnonymousAccess(areas)),
                new InetSocketAddress("localhost", port),
                metricsPort == null ? null : new InetSocketAddress("localhost", metricsPort))) {
            DrainOnSignal.install(server, DRAIN_GRACE);
            PrintWriter out = spec.commandLine().getOut();
            dev.printWelcome(out, server.port());
            out.println("listening on https://localhost:" + server.port() + "/");
            out.flush();
            server.awaitClose();
        }
        return 0;
    }
}
