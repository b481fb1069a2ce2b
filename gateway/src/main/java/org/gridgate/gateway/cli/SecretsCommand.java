package org.gridgate.gateway.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.gridgate.caveat.SecretStore;
import org.gridgate.gateway.config.GatewayConfig;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Rotates and retires macaroon secrets. Running doors re-read the secrets file within
 * {@link org.gridgate.gateway.server.DoorServer#SECRET_RELOAD_SECONDS} seconds, so every door sharing it follows.
 */
@Command(name = "secrets", mixinStandardHelpOptions = true,
        description = "List, rotate or retire the macaroon secrets (key ids only; key bytes are never printed).",
        subcommands = {SecretsCommand.ListIds.class, SecretsCommand.Rotate.class, SecretsCommand.Retire.class})
final class SecretsCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    static final class Source {
        @Option(names = "--config", description = "Door configuration file (its secret file is used)")
        Path config;

        @Option(names = "--secrets", description = "Secrets file")
        Path secrets;

        SecretStore open() throws Exception {
            Path file = secrets != null ? secrets : GatewayConfig.load(config).macaroons().secretFile();
            if (!Files.exists(file)) {
                throw new IllegalArgumentException("No secrets file at " + file);
            }
            return SecretStore.openOrCreate(file, Clock.systemUTC());
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Show the signing and verifying key ids.")
    static final class ListIds implements Callable<Integer> {
        @ArgGroup(multiplicity = "1")
        Source source;

        @Override
        public Integer call() throws Exception {
            SecretStore store = source.open();
            System.out.println("signing: " + store.currentId());
            System.out.println("verifying: " + String.join(" ", store.activeIds()));
            return 0;
        }
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = "Make a new key that signs from now on; older keys keep verifying.")
    static final class Rotate implements Callable<Integer> {
        @ArgGroup(multiplicity = "1")
        Source source;

        @Override
        public Integer call() throws Exception {
            System.out.println("signing: " + source.open().rotate());
            return 0;
        }
    }

    @Command(name = "retire", mixinStandardHelpOptions = true,
            description = "Stop a key verifying: every macaroon it signed is refused from then on.")
    static final class Retire implements Callable<Integer> {
        @ArgGroup(multiplicity = "1")
        Source source;

        @Parameters(index = "0", description = "Key id (the macaroon identifier)")
        String id;

        @Override
        public Integer call() throws Exception {
            source.open().retire(id);
            System.out.println("retired: " + id);
            return 0;
        }
    }
}
