package org.gridgate.gateway.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import org.gridgate.caveat.SecretStore;
import org.gridgate.gateway.config.ConfigException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Rotates and retires macaroon secrets. Running doors re-read the secrets file within
 * {@link org.gridgate.gateway.server.DoorServer#SECRET_RELOAD_SECONDS} seconds, so every door sharing it follows.
 */
@Command(name = "secrets", mixinStandardHelpOptions = true,
        description = "List, rotate or retire the macaroon secrets (key ids only; key bytes are never printed).",
        subcommands = {SecretsCommand.ListIds.class, SecretsCommand.Rotate.class, SecretsCommand.Retire.class})
final class SecretsCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        // A command that needs a subcommand and got none is a bad command line: exit 2, the usage on stderr.
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing a command: one of "
                + String.join(", ", spec.commandLine().getSubcommands().keySet().stream()
                        .filter(name -> !name.equals("help")).toList()));
    }

    static final class Source {
        @Option(names = "--config", description = "Door configuration file (its secret file is used)")
        Path config;

        @Option(names = "--secrets", description = "Secrets file")
        Path secrets;

        SecretStore open() throws IOException, ConfigException, CommandFailure {
            return SecretStore.openOrCreate(SecretsLocation.existing(secrets, config), Clock.systemUTC());
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Show the signing and verifying key ids.")
    static final class ListIds implements Callable<Integer> {
        @ArgGroup(multiplicity = "1")
        Source source;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            SecretStore store = source.open();
            PrintWriter out = spec.commandLine().getOut();
            out.println("signing: " + store.currentId());
            out.println("verifying: " + String.join(" ", store.activeIds()));
            return 0;
        }
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = "Make a new key that signs from now on; older keys keep verifying.")
    static final class Rotate implements Callable<Integer> {
        @ArgGroup(multiplicity = "1")
        Source source;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            spec.commandLine().getOut().println("signing: " + source.open().rotate());
            return 0;
        }
    }

    @Command(name = "retire", mixinStandardHelpOptions = true,
            description = "Stop a key verifying: every macaroon it signed is refused from then on. The key that "
                    + "signs new macaroons is retired only with --force (rotate first).")
    static final class Retire implements Callable<Integer> {
        @ArgGroup(multiplicity = "1")
        Source source;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", description = "Key id (the macaroon identifier)")
        String id;

        @Option(names = "--force", description = "Retire it even if it is the key that signs new macaroons")
        boolean force;

        @Override
        public Integer call() throws Exception {
            SecretStore store = source.open();
            List<String> active = store.activeIds();
            if (id.equals(store.currentId()) && active.size() > 1 && !force) {
                // Retiring the signing key silently hands signing back to an older key, which is likely the one
                // an administrator meant to retire next: say so and change nothing.
                String next = active.get(active.size() - 2);
                throw new CommandFailure(ExitCode.SOFTWARE, id + " signs new macaroons; retiring it would make the "
                        + "older " + next + " sign them again, and every macaroon " + id + " signed would be refused."
                        + " Rotate first (gateway.jar secrets rotate), or add --force to retire it anyway");
            }
            try {
                store.retire(id);
            } catch (IllegalArgumentException | IllegalStateException e) {
                // an id that is not active, or the only active key: nothing was changed
                throw new CommandFailure(ExitCode.SOFTWARE, e.getMessage());
            }
            spec.commandLine().getOut().println("retired: " + id);
            return 0;
        }
    }
}
