package org.gridgate.gateway.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/**
 * {@code java -jar gateway.jar <command>}: the door's command line. Every command writes through its
 * {@link CommandLine}'s writers, so tests run it in-process with {@link #commandLine()}.
 */
@Command(name = "gateway.jar", mixinStandardHelpOptions = true, version = "GridGate 0.1.0",
        scope = ScopeType.INHERIT, // every subcommand answers --version too, with the same text
        description = "A WebDAV storage door that issues and enforces macaroons, wire-compatible with dCache.",
        subcommands = {DevCommand.class, ServeCommand.class, InspectCommand.class, PolicyCommand.class,
            SecretsCommand.class})
public final class GatewayCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        // A command that needs a subcommand and got none is a bad command line: exit 2, the usage on stderr.
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing a command: one of "
                + String.join(", ", spec.commandLine().getSubcommands().keySet().stream()
                        .filter(name -> !name.equals("help")).toList()));
    }

    /** The command line exactly as {@link #main} runs it: errors the user can fix are one line, no stack trace. */
    public static CommandLine commandLine() {
        return new CommandLine(new GatewayCommand()).setExecutionExceptionHandler(new UserErrors());
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
