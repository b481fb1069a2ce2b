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
 * mistake, a {@link CommandFailure}) becomes one line on stderr and a non-zero exit code: their messages are written
 * for the person running the command and already name the file and the line. Anything else is a bug, and picocli
 * prints its stack trace.
 */
final class UserErrors implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception error, CommandLine command, ParseResult parsed) throws Exception {
        if (error instanceof CommandFailure failure) {
            command.getErr().println(failure.getMessage());
            return failure.exitCode();
        }
        if (error instanceof ConfigException || error instanceof PolicyException || error instanceof IOException) {
            command.getErr().println(message(error));
            return command.getCommandSpec().exitCodeOnExecutionException();
        }
        throw error;
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
