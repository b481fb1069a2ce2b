package org.gridgate.caveat.policy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gridgate.caveat.MintingPolicy;
import org.gridgate.caveat.PolicyException;

/** Writes a policy text to a temporary file and loads it the way the door does at start-up. */
final class PolicyFiles {

    private PolicyFiles() {
    }

    static Path write(Path directory, String yaml) {
        try {
            return Files.writeString(directory.resolve("policy.yaml"), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static MintingPolicy load(Path directory, String yaml) throws PolicyException {
        return MintingPolicy.load(write(directory, yaml));
    }

    static Path resource(String name) {
        try {
            return Path.of(PolicyFiles.class.getResource("/policy/" + name).toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
