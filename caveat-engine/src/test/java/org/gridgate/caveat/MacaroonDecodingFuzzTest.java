package org.gridgate.caveat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;

/**
 * Macaroon decoding on untrusted text, as the door receives it in {@code Authorization: Bearer} or
 * {@code ?authz=}: decoding, then verification against a secret store. Only {@link InvalidMacaroonException} may
 * come out (and from {@code inspect}'s description, its documented IllegalArgumentException). Seeds (genuine tokens of another secret, V1 and V2, and
 * broken ones) and every crash found are kept in
 * {@code src/test/resources/org/gridgate/caveat/MacaroonDecodingFuzzTestInputs/tokens}.
 */
class MacaroonDecodingFuzzTest {

    private static MacaroonVerifier verifier;

    @BeforeAll
    static void secrets() {
        try {
            verifier = new MacaroonVerifier(Fixtures.store(Files.createTempDirectory("fuzz-secrets")),
                    Fixtures.CLOCK);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "4s")
    void tokens(byte[] input) {
        String token = new String(input, StandardCharsets.UTF_8);
        try {
            DecodedMacaroon.decode(token);
        } catch (InvalidMacaroonException expected) {
            // the documented refusal
        }
        try {
            verifier.verify(token, Fixtures.CLIENT);
        } catch (InvalidMacaroonException expected) {
            // the documented refusal
        }
        try {
            MacaroonInspector.describe(token, Optional.of(verifier));
        } catch (IllegalArgumentException expected) {
            // inspect's documented answer to a token that is not a macaroon
        }
    }
}
