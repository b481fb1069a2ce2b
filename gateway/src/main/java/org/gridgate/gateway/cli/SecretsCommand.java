package org.gridgate.gateway.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.gridgate.caveat.SecretStore;
import org.gridgate.gateway.cluster.ZooKeeperSecretAdmin;
import org.gridgate.gateway.cluster.ZooKeeperSettings;
import org.gridgate.gateway.config.ConfigException;
import org.gridgate.gateway.config.DevEnvironment;
import org.gridgate.gateway.config.GatewayConfig;
import org.gridgate.gateway.server.DoorServer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Rotates and retires macaroon secrets. Running doors re-read the secrets file within
 * {@link org.gridgate.gateway.server.DoorServer#SECRET_RELOAD_SECONDS} seconds, so every door sharing it follows; a
 * rotated key therefore only verifies for twice that long before it signs, so that no door mints macaroons another
 * door cannot yet verify.
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

        Path creatable() throws ConfigException, CommandFailure {
            return SecretsLocation.creatable(secrets, config);
        }

        /** ZooKeeper, if {@code --config} names a door that shares its secrets there. */
        Optional<ZooKeeperSettings> zookeeper() throws ConfigException {
            if (config == null) {
                return Optional.empty();
            }
            GatewayConfig door = GatewayConfig.load(config);
            return door.zookeeperSettings(door.macaroons().maxLifetime().orElse(DevEnvironment.MAX_LIFETIME));
        }

        ZooKeeperSecretAdmin connect(ZooKeeperSettings settings) throws CommandFailure {
            return ZooKeeperAccess.connect(settings);
        }
    }

    /** How long a rotated key verifies before it signs: every door has re-read the file by then, with a margin. */
    static final Duration PENDING = Duration.ofSeconds(2L * DoorServer.SECRET_RELOAD_SECONDS);

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Show the signing and verifying key ids.")
    static final class ListIds implements Callable<Integer> {
        @ArgGroup(multiplicity = "1")
        Source source;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            Optional<ZooKeeperSettings> zookeeper = source.zookeeper();
            if (zookeeper.isPresent()) {
                try (ZooKeeperSecretAdmin admin = source.connect(zookeeper.get())) {
                    List<ZooKeeperSecretAdmin.Entry> active = admin.active();
                    if (active.isEmpty()) {
                        throw new CommandFailure(ExitCode.SOFTWARE, "No secret in ZooKeeper yet: secrets rotate "
                                + "creates the first");
                    }
                    Instant now = admin.now();
                    out.println("signing: " + ZooKeeperSecretAdmin.signingNow(active, now));
                    out.println("verifying: " + String.join(" ", active.stream().map(e -> e.id()).toList()));
                    active.stream().filter(e -> e.signsFrom().isAfter(now))
                            .forEach(e -> out.println("signing from " + e.signsFrom() + ": " + e.id()));
                }
                return 0;
            }
            SecretStore store = source.open();
            out.println("signing: " + store.currentId());
            out.println("verifying: " + String.join(" ", store.activeIds()));
            Instant now = Instant.now();
            for (String id : store.activeIds()) {
                Instant from = store.signsFrom(id).orElseThrow();
                if (from.isAfter(now)) {
                    out.println("signing from " + from + ": " + id);
                }
            }
            return 0;
        }
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = {"Make a new key: it verifies at once and signs new macaroons once every door has re-read "
                    + "the file (60 s; with ZooKeeper: zookeeper.signing-delay); older keys keep verifying.",
                    "Without a secrets file (or a secret in ZooKeeper), create the first key, which signs at once."})
    static final class Rotate implements Callable<Integer> {
        @ArgGroup(multiplicity = "1")
        Source source;

        @Option(names = "--now", description = "Sign with the new key at once (after a key leaked): doors that "
                + "have not re-read the file (or heard from ZooKeeper) refuse its macaroons until they do.")
        boolean now;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            Optional<ZooKeeperSettings> zookeeper = source.zookeeper();
            if (zookeeper.isPresent()) {
                try (ZooKeeperSecretAdmin admin = source.connect(zookeeper.get())) {
                    if (admin.createFirstIfNone()) {
                        out.println("created in ZooKeeper " + zookeeper.get().connect() + zookeeper.get().path());
                        out.println("signing: " + admin.active().get(0).id());
                        return 0;
                    }
                    ZooKeeperSecretAdmin.Entry fresh = admin.rotate(now ? Duration.ZERO
                            : zookeeper.get().signingDelay());
                    printRotation(out, fresh.id(), fresh.signsFrom());
                }
                return 0;
            }
            Path file = source.creatable();
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                SecretStore created = SecretStore.openOrCreate(file, Clock.systemUTC());
                out.println("created " + file);
                out.println("signing: " + created.currentId());
                return 0;
            }
            SecretStore store = SecretStore.openOrCreate(file, Clock.systemUTC());
            String id = store.rotate(now ? Duration.ZERO : PENDING);
            printRotation(out, id, store.signsFrom(id).orElseThrow());
            return 0;
        }

        private void printRotation(PrintWriter out, String id, Instant signsFrom) {
            if (now) {
                out.println("signing: " + id);
            } else {
                out.println("verifying: " + id);
                out.println("signing from " + signsFrom + ": " + id);
            }
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
            Optional<ZooKeeperSettings> zookeeper = source.zookeeper();
            try {
                if (zookeeper.isPresent()) {
                    try (ZooKeeperSecretAdmin admin = source.connect(zookeeper.get())) {
                        List<ZooKeeperSecretAdmin.Entry> active = admin.active();
                        refuseSigningKeyUnlessForced(ZooKeeperSecretAdmin.signingNow(active, admin.now()),
                                active.stream().map(ZooKeeperSecretAdmin.Entry::id).toList());
                        admin.retire(id);
                    }
                } else {
                    SecretStore store = source.open();
                    refuseSigningKeyUnlessForced(store.currentId(), store.activeIds());
                    store.retire(id);
                }
            } catch (IllegalArgumentException | IllegalStateException e) {
                // an id that is not active, or the only active key: nothing was changed
                throw new CommandFailure(ExitCode.SOFTWARE, e.getMessage());
            }
            spec.commandLine().getOut().println("retired: " + id);
            return 0;
        }

        /**
         * Retiring the signing key silently hands signing back to an older key, which is likely the one an
         * administrator meant to retire next: say so and change nothing, unless forced. (With only newer keys
         * left, one still waiting to sign takes over at once: that is what an admin retiring a leaked key wants.)
         */
        private void refuseSigningKeyUnlessForced(String signing, List<String> active) throws CommandFailure {
            int position = active.indexOf(id); // oldest first
            if (id.equals(signing) && position > 0 && !force) {
                String next = active.get(position - 1);
                throw new CommandFailure(ExitCode.SOFTWARE, id + " signs new macaroons; retiring it would make the "
                        + "older " + next + " sign them again, and every macaroon " + id + " signed would be refused."
                        + " Rotate first (gateway.jar secrets rotate), or add --force to retire it anyway");
            }
        }
    }
}
