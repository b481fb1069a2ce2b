package org.gridgate.gateway.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.gridgate.caveat.MacaroonInspector;
import org.gridgate.caveat.MacaroonVerifier;
import org.gridgate.caveat.SecretStore;
import org.gridgate.gateway.config.GatewayConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Decode a macaroon: identifier, location and caveats one per line; with --secrets or "
                + "--config, also whether it verifies.")
final class InspectCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "The macaroon (base64url, as minted)")
    private String macaroon;

    @Option(names = "--secrets", description = "Secret store file to verify against")
    private Path secrets;

    @Option(names = "--config", description = "Door configuration whose secret store to verify against")
    private Path config;

    @Override
    public Integer call() throws Exception {
        Path secretFile = secrets;
        if (secretFile == null && config != null) {
            secretFile = GatewayConfig.load(config).macaroons().secretFile();
        }
        Optional<MacaroonVerifier> verifier = Optional.empty();
        if (secretFile != null && !java.nio.file.Files.exists(secretFile)) {
            System.err.println("No secrets file at " + secretFile);
            return 2;
        }
        if (secretFile != null) {
            verifier = Optional.of(new MacaroonVerifier(SecretStore.openOrCreate(secretFile, Clock.systemUTC()),
                    Clock.systemUTC()));
        }
        try {
            MacaroonInspector.describe(macaroon, verifier).forEach(System.out::println);
            return 0;
        } catch (IllegalArgumentException e) {
            System.err.println("Not a macaroon: " + e.getMessage());
            return 1;
        }
    }
}
