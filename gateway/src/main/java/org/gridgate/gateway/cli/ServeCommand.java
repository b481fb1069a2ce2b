package org.gridgate.gateway.cli;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.gridgate.gateway.config.GatewayConfig;
import org.gridgate.gateway.config.ProductionServices;
import org.gridgate.gateway.server.DoorServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Start the door from a YAML configuration file.")
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--config", required = true, description = "Configuration file (YAML)")
    private Path config;

    @Override
    public Integer call() throws Exception {
        GatewayConfig settings = GatewayConfig.load(config);
        InetSocketAddress metrics = settings.metrics() == null ? null : settings.metrics()
                .map(m -> new InetSocketAddress(m.host() == null ? "127.0.0.1" : m.host(), m.port()))
                .orElse(null);
        try (DoorServer server = DoorServer.start(ProductionServices.from(settings, Clock.systemUTC()),
                new InetSocketAddress(settings.host(), settings.listen().port()), metrics)) {
            System.out.println("listening on https://" + settings.host() + ":" + server.port() + "/");
            System.out.flush();
            server.awaitClose();
        }
        return 0;
    }
}
