package org.gridgate.gateway.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar gateway.jar <command>}: the door's command line. */
@Command(name = "gateway.jar", mixinStandardHelpOptions = true, version = "GridGate 0.1.0",
        description = "A WebDAV storage door that issues and enforces macaroons, wire-compatible with dCache.",
        subcommands = {DevCommand.class, ServeCommand.class, InspectCommand.class, PolicyCommand.class,
            SecretsCommand.class})
public final class GatewayCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new GatewayCommand()).execute(args));
    }
}
