package org.gridgate.gateway.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.gridgate.caveat.InvalidMacaroonException;
import org.gridgate.caveat.MacaroonInspector;
import org.gridgate.caveat.MacaroonVerifier;
import org.gridgate.caveat.Revocations;
import org.gridgate.caveat.SecretStore;
import org.gridgate.gateway.cluster.ZooKeeperSecretAdmin;
import org.gridgate.gateway.cluster.ZooKeeperSettings;
import org.gridgate.gateway.config.DevEnvironment;
import org.gridgate.gateway.config.GatewayConfig;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Decode a macaroon: identifier, location and caveats one per line; with --secrets or "
                + "--config, also whether it verifies, and if it was revoked, by which entry (with ZooKeeper in "
                + "the configuration, against the secrets and revocations there).")
final class InspectCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "The macaroon (base64url, as minted)")
    private String macaroon;

    @Option(names = "--secrets", description = "Secret store file to verify against")
    private Path secrets;

    @Option(names = "--config", description = "Door configuration whose secret store to verify against")
    private Path config;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Optional<ZooKeeperSettings> zookeeper = Optional.empty();
        if (config != null && secrets == null) {
            GatewayConfig door = GatewayConfig.load(config);
            zookeeper = door.zookeeperSettings(door.macaroons().maxLifetime().orElse(DevEnvironment.MAX_LIFETIME));
        }
        if (zookeeper.isPresent()) {
            try (ZooKeeperSecretAdmin admin = ZooKeeperAccess.connect(zookeeper.get())) {
                SecretStore store = admin.secrets().orElseThrow(() -> new CommandFailure(ExitCode.SOFTWARE,
                        "No secret in ZooKeeper yet: secrets rotate creates the first"));
                return describe(Optional.of(new MacaroonVerifier(store, admin.revocations(), Clock.systemUTC())));
            }
        }
        Optional<MacaroonVerifier> verifier = Optional.empty();
        if (secrets != null || config != null) {
            Path secretFile = SecretsLocation.existing(secrets, config);
            verifier = Optional.of(new MacaroonVerifier(SecretStore.openOrCreate(secretFile, Clock.systemUTC()),
                    Revocations.open(Revocations.besideSecrets(secretFile), Clock.systemUTC()), Clock.systemUTC()));
        }
        return describe(verifier);
    }

    private int describe(Optional<MacaroonVerifier> verifier) {
        List<String> description;
        try {
            description = MacaroonInspector.describe(macaroon, verifier);
        } catch (IllegalArgumentException e) {
            // The inspector's message starts with "not a macaroon" too; its cause says why alone.
            String why = e.getCause() instanceof InvalidMacaroonException cause ? cause.getMessage() : e.getMessage();
            spec.commandLine().getErr().println("Not a macaroon: " + why);
            return 1;
        }
        PrintWriter out = spec.commandLine().getOut();
        description.forEach(out::println);
        return 0;
    }
}
