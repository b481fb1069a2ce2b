package org.gridgate.caveat;

import java.util.List;
import java.util.Optional;

/**
 * Explains a token for humans ({@code gateway.jar inspect}): identifier, location, caveats one per line, expiry,
 * and whether it verifies with the configured secrets. Never prints the signature or any key.
 *
 * <p>STUB: the caveat-engine implementation replaces the body.
 */
public final class MacaroonInspector {

    private MacaroonInspector() {
    }

    /** One line per fact; throws IllegalArgumentException with a readable message for a token that is not a macaroon. */
    public static List<String> describe(String serialized, Optional<MacaroonVerifier> verifier) {
        throw new UnsupportedOperationException("stub");
    }
}
