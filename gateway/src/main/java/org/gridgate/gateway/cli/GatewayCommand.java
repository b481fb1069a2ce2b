package org.gridgate.gateway.cli;

import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;
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
        subcommands = {DevCommand.class, ServeCommand.class, ConfigCommand.class, InspectCommand.class,
            PolicyCommand.class, SecretsCommand.class, TokensCommand.class})
public final class GatewayCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** Read by {@link UserErrors}: every subcommand inherits it (the command's scope). */
    @CommandLine.Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "On an error, print its stack trace too (for a bug report)")
    private boolean debug;

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
        CommandLine commandLine = commandLine();
        int exitCode = commandLine.execute(args);
        if (ranADoor(commandLine.getParseResult())) {
            // The access log is written by an asynchronous appender's daemon thread, which System.exit would end
            // with lines still queued: stopping Logback writes them out first, whatever configuration the site gave.
            // Only after a door: the other commands need not pay for starting Logback just to stop it.
            if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
                logback.stop();
            }
        }
        System.exit(exitCode);
    }

    private static boolean ranADoor(CommandLine.ParseResult parsed) {
        CommandLine.ParseResult subcommand = parsed == null ? null : parsed.subcommand();
        if (subcommand == null || subcommand.isUsageHelpRequested() || subcommand.isVersionHelpRequested()) {
            return false;
        }
        Object command = subcommand.commandSpec().userObject();
        return command instanceof DevCommand || command instanceof ServeCommand;
    }
}
