package org.gridgate.gateway.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import org.gridgate.caveat.PolicyException;
import org.gridgate.gateway.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * What a command throws that the user can fix (a missing or malformed file, a configuration or policy with a
 * mistake, a {@link CommandFailure}) becomes one line on stderr (one per problem) and a non-zero exit code: their
 * messages are written for the person running the command and already name the file, the line and the key.
 * Anything else is a bug: one line that says so, exit code 1. A stack trace is printed only with {@code --debug}.
 */
final class UserErrors implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception error, CommandLine command, ParseResult parsed) throws Exception {
        boolean debug = debug(parsed);
        if (error instanceof CommandFailure failure) {
            command.getErr().println(failure.getMessage());
            printTrace(debug, error, command);
            return failure.exitCode();
        }
        if (error instanceof ConfigException || error instanceof PolicyException || error instanceof IOException) {
            command.getErr().println(message(error));
            printTrace(debug, error, command);
            return command.getCommandSpec().exitCodeOnExecutionException();
        }
        command.getErr().println("Unexpected error: " + error + (debug ? ""
                : " (run again with --debug for the stack trace, and report it)"));
        printTrace(debug, error, command);
        return command.getCommandSpec().exitCodeOnExecutionException();
    }

    private static boolean debug(ParseResult parsed) {
        for (ParseResult level = parsed; level != null; level = level.subcommand()) {
            if (level.hasMatchedOption("--debug")) {
                return true;
            }
        }
        return false;
    }

    private static void printTrace(boolean debug, Exception error, CommandLine command) {
        if (debug) {
            error.printStackTrace(command.getErr());
            command.getErr().flush();
        }
    }

    /** The file system's exceptions carry only the path as their message. */
    private static String message(Exception error) {
        if (error instanceof NoSuchFileException missing) {
            return "No such file: " + missing.getFile();
        }
        if (error instanceof AccessDeniedException denied) {
            return "Permission denied: " + denied.getFile();
        }
        return error.getMessage();
    }
}
