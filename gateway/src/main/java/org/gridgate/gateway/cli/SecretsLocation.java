package org.gridgate.gateway.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.gridgate.gateway.config.ConfigException;
import org.gridgate.gateway.config.GatewayConfig;
import picocli.CommandLine.ExitCode;

/** The secrets file a command works on: {@code --secrets FILE}, or the one {@code --config FILE} names. */
final class SecretsLocation {

    private SecretsLocation() {
    }

    /**
     * The file, which must exist: opening the store would otherwise create a fresh one, and a typo would then
     * rotate or verify against keys no door uses. A missing file is a usage error (exit code 2).
     */
    static Path existing(Path secrets, Path config) throws ConfigException, CommandFailure {
        Path file = secrets != null ? secrets : named(config);
        if (!Files.exists(file)) {
            throw new CommandFailure(ExitCode.USAGE, "No secrets file at " + file);
        }
        return file;
    }

    /**
     * The file, which need not exist yet, in a directory that must: creating the first secret is deliberate, and a
     * typo in the directory should not make a new one somewhere no door looks. A missing directory is a usage error.
     */
    static Path creatable(Path secrets, Path config) throws ConfigException, CommandFailure {
        Path file = (secrets != null ? secrets : named(config)).toAbsolutePath();
        if (!Files.isDirectory(file.getParent())) {
            throw new CommandFailure(ExitCode.USAGE, "No directory " + file.getParent() + " for the secrets file");
        }
        return file;
    }

    private static Path named(Path config) throws ConfigException, CommandFailure {
        Path file = GatewayConfig.load(config).macaroons().secretFile();
        if (file == null) {
            throw new CommandFailure(ExitCode.USAGE, config + " names no macaroons.secret-file (its doors share "
                    + "their secrets through ZooKeeper)");
        }
        return file;
    }
}
