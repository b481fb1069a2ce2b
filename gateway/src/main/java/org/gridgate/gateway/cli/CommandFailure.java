package org.gridgate.gateway.cli;

/**
 * A command could not do what was asked for a reason the user can fix (a file that is not there, a key id that is
 * not active). {@link UserErrors} prints the message as one line on stderr and exits with {@link #exitCode()}.
 */
final class CommandFailure extends Exception {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    CommandFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
