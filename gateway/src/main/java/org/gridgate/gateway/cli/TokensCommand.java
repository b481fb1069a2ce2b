package org.gridgate.gateway.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.gridgate.caveat.Revocation;
import org.gridgate.caveat.Revocations;
import org.gridgate.gateway.cluster.ZooKeeperSecretAdmin;
import org.gridgate.gateway.cluster.ZooKeeperSettings;
import org.gridgate.gateway.config.ConfigException;
import org.gridgate.gateway.config.DevEnvironment;
import org.gridgate.gateway.config.GatewayConfig;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Revokes issued macaroons before they expire. The list lives beside the secrets file, which running doors re-read
 * within {@link org.gridgate.gateway.server.DoorServer#SECRET_RELOAD_SECONDS} seconds; or, for doors configured with
 * {@code zookeeper:}, in ZooKeeper, which tells every door at once.
 */
@Command(name = "tokens", mixinStandardHelpOptions = true,
        description = "Revoke issued macaroons before they expire, and list the revocations in force.",
        subcommands = {TokensCommand.Revoke.class, TokensCommand.ListRevoked.class})
final class TokensCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "Missing a command: one of revoke, revoked");
    }

    /** Where the list is, and how long the longest macaroon lives (which says when an entry can be dropped). */
    static final class Source {
        @Option(names = "--config", description = "Door configuration file (the list in its ZooKeeper if it has "
                + "'zookeeper:', else beside its secrets file; its macaroons.maxLifetime)")
        Path config;

        @Option(names = "--secrets", description = "Secrets file (the list beside it)")
        Path secrets;

        /** The list, and what to close when done with it. */
        record Opened(Revocations revocations, AutoCloseable connection) implements AutoCloseable {
            @Override
            public void close() throws Exception {
                connection.close();
            }
        }

        Opened open() throws Exception {
            Optional<ZooKeeperSettings> zookeeper = Optional.empty();
            if (config != null) {
                GatewayConfig door = GatewayConfig.load(config);
                zookeeper = door.zookeeperSettings(door.macaroons().maxLifetime().orElse(DevEnvironment.MAX_LIFETIME));
            }
            if (zookeeper.isPresent()) {
                ZooKeeperSecretAdmin admin = ZooKeeperAccess.connect(zookeeper.get());
                try {
                    return new Opened(admin.revocations(), admin);
                } catch (Exception e) {
                    admin.close();
                    throw e;
                }
            }
            return new Opened(Revocations.open(Revocations.besideSecrets(SecretsLocation.existing(secrets, config)),
                    Clock.systemUTC()), () -> { });
        }

        /** With only --secrets, the default (7 days): a site that allows longer lifetimes names its --config. */
        Duration maxLifetime() throws ConfigException {
            return config == null ? DevEnvironment.MAX_LIFETIME
                    : GatewayConfig.load(config).macaroons().maxLifetime().orElse(DevEnvironment.MAX_LIFETIME);
        }
    }

    /** Exactly one of the three kinds. */
    static final class Target {
        @Option(names = "--iid", description = "The macaroon's iid (from the access log or 'inspect'); covers the "
                + "macaroons minted from it too")
        String issueId;

        @Option(names = "--identity", description = "Everything minted up to now for this principal: a DN in slash "
                + "form, or a token's '<issuer> <subject>'")
        String principal;

        @Option(names = "--issued-before", description = "Everything minted before this time (ISO-8601, e.g. "
                + "2026-12-04T12:00:00Z); not in the future")
        String issuedBefore;
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revoke by iid, by identity, or everything issued before a time. Takes effect at every "
                    + "door sharing the secrets file within " + org.gridgate.gateway.server.DoorServer
                    .SECRET_RELOAD_SECONDS + " s; with ZooKeeper, at every connected door within 5 s.")
    static final class Revoke implements Callable<Integer> {
        @ArgGroup(multiplicity = "1")
        Source source;

        @ArgGroup(multiplicity = "1")
        Target target;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Duration maxLifetime = source.maxLifetime();
            Instant cutoff = target.issuedBefore == null ? null : instant(target.issuedBefore);
            Revocation entry;
            try (Source.Opened opened = source.open()) {
                Revocations revocations = opened.revocations();
                if (target.issueId != null) {
                    entry = revocations.revokeIssueId(target.issueId, maxLifetime);
                } else if (target.principal != null) {
                    entry = revocations.revokePrincipal(target.principal, maxLifetime);
                } else {
                    entry = revocations.revokeIssuedBefore(cutoff, maxLifetime);
                }
            } catch (IllegalArgumentException e) {
                throw new CommandFailure(ExitCode.USAGE, e.getMessage());
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println("revoked: " + entry.describe());
            out.println("in force until: " + entry.dropAfter() + " (then every macaroon it covers has expired)");
            return 0;
        }

        private static Instant instant(String text) throws CommandFailure {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                throw new CommandFailure(ExitCode.USAGE, "--issued-before: not an ISO-8601 instant: " + text
                        + " (write it as 2026-12-04T12:00:00Z)");
            }
        }
    }

    @Command(name = "revoked", mixinStandardHelpOptions = true, description = "List the revocations in force.")
    static final class ListRevoked implements Callable<Integer> {
        @ArgGroup(multiplicity = "1")
        Source source;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            try (Source.Opened opened = source.open()) {
                for (Revocation entry : opened.revocations().entries()) {
                    out.println(entry.describe() + ", in force until " + entry.dropAfter());
                }
            }
            return 0;
        }
    }
}
