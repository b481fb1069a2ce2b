package org.gridgate.caveat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The caveat grammar on untrusted text: a caveat as a macaroon carries it, and the caveats and validity of a
 * macaroon request (split on newlines; the first line is the validity). Only the documented refusals may come out:
 * {@link InvalidCaveatException}, {@link MintRefusedException}. Seeds and every crash found are kept in
 * {@code src/test/resources/org/gridgate/caveat/CaveatGrammarFuzzTestInputs/caveats} (README, "Fuzzing").
 */
class CaveatGrammarFuzzTest {

    @FuzzTest(maxDuration = "4s")
    void caveats(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        try {
            Caveat.parse(text);
        } catch (InvalidCaveatException expected) {
            // the documented refusal
        }
        List<String> lines = Arrays.asList(text.split("\n", -1));
        Optional<String> validity = lines.get(0).isEmpty() ? Optional.empty() : Optional.of(lines.get(0));
        try {
            RequestedCaveats.parse(new MacaroonRequest(lines.subList(1, lines.size()), validity));
        } catch (MintRefusedException expected) {
            // the documented refusal
        }
    }
}
