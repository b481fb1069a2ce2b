package org.gridgate.gateway.cli;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.gridgate.gateway.config.ConfigCheck;
import org.gridgate.gateway.config.ConfigProblems;
import org.gridgate.gateway.config.GatewayConfig;
import org.gridgate.gateway.config.ProductionServices;
import org.gridgate.gateway.server.DoorServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Start the door from a YAML configuration file.")
final class ServeCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    @Option(names = "--config", required = true, description = "Configuration file (YAML)")
    private Path config;

    @Option(names = "--drain-seconds", defaultValue = "60", paramLabel = "SECONDS",
            description = "On SIGTERM or Ctrl-C, how long requests in progress may take to finish before the door closes "
                    + "their connections (default: ${DEFAULT-VALUE}; systemd waits 90 s by default)")
    private int drainSeconds;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (drainSeconds < 0) {
            throw new ParameterException(spec.commandLine(), "--drain-seconds must not be negative");
        }
        GatewayConfig settings = checked(config);
        InetSocketAddress metrics = settings.metrics() == null ? null : settings.metrics()
                .map(m -> new InetSocketAddress(m.host() == null ? "127.0.0.1" : m.host(), m.port()))
                .orElse(null);
        try (DoorServer server = DoorStart.listen(ProductionServices.from(settings, Clock.systemUTC()),
                new InetSocketAddress(settings.host(), settings.listen().port()), metrics)) {
            // Before the line that says the door is up, so that a stop right after it still drains.
            DrainOnSignal.install(server, Duration.ofSeconds(drainSeconds));
            PrintWriter out = spec.commandLine().getOut();
            out.println("listening on https://" + settings.host() + ":" + server.port() + "/");
            out.flush();
            server.awaitClose();
        }
        return 0;
    }

    /**
     * The checks of {@code config check} (but the ports: binding them says as much), before anything starts:
     * errors stop the door, one line each; warnings are logged.
     */
    private static GatewayConfig checked(Path file) throws ConfigProblems {
        ConfigCheck.Result result = ConfigCheck.run(file, Clock.systemUTC(), false);
        if (!result.errors().isEmpty()) {
            throw new ConfigProblems(result.errors());
        }
        result.warnings().forEach(warning -> LOG.warn("{}", warning));
        return result.config().orElseThrow();
    }
}
