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
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Decode a macaroon: identifier, location and caveats one per line; with --secrets or "
                + "--config, also whether it verifies, and if it was revoked, by which entry.")
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
        Optional<MacaroonVerifier> verifier = Optional.empty();
        if (secrets != null || config != null) {
            Path secretFile = SecretsLocation.existing(secrets, config);
            verifier = Optional.of(new MacaroonVerifier(SecretStore.openOrCreate(secretFile, Clock.systemUTC()),
                    Revocations.open(Revocations.besideSecrets(secretFile), Clock.systemUTC()), Clock.systemUTC()));
        }
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
