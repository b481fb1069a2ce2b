package org.gridgate.gateway.macaroon;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import org.gridgate.caveat.MacaroonRequest;
import org.gridgate.caveat.MintRefusedException;
import org.gridgate.gateway.refusal.MalformedRequestException;

/**
 * The JSON body of a macaroon request ({@code application/macaroon-request}) and the activities it names. Only
 * {@link MalformedRequestException} and {@link MintRefusedException} may come out. Seeds and crashes:
 * {@code src/test/resources/org/gridgate/gateway/macaroon/MacaroonRequestFuzzTestInputs/requests}.
 */
class MacaroonRequestFuzzTest {

    /** Parsing needs no issuer: nothing is minted here. */
    private final MacaroonRequests requests = new MacaroonRequests(null, null);

    @FuzzTest(maxDuration = "4s")
    void requests(byte[] body) {
        MacaroonRequest request;
        try {
            request = requests.parse(new String(body, StandardCharsets.UTF_8));
        } catch (MalformedRequestException expected) {
            return;
        }
        try {
            request.activities();
        } catch (MintRefusedException expected) {
            // the documented refusal
        }
    }
}
