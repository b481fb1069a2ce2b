package org.gridgate.gateway.webdav;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.gridgate.gateway.http.RequestPath;
import org.gridgate.gateway.refusal.MalformedRequestException;
import org.gridgate.gateway.refusal.RemoteFailureException;
import org.gridgate.storage.ChecksumAlgorithm;

/**
 * The request target and the headers the door parses itself: the first byte says which ({@code T} target,
 * {@code I} If, {@code R} Range, {@code D} Destination, {@code G} Digest and Want-Digest, {@code L} the LOCK
 * Timeout), the rest is the value. Each parser may answer only with its documented refusals. Seeds and crashes:
 * {@code src/test/resources/org/gridgate/gateway/webdav/HeadersFuzzTestInputs/headers} (README, "Fuzzing").
 */
class HeadersFuzzTest {

    private static final String WHICH = "TIRDGL";
    private static final Map<ChecksumAlgorithm, String> STORED = Map.of(ChecksumAlgorithm.ADLER32, "0a0b0c0d");

    @FuzzTest(maxDuration = "4s")
    void headers(byte[] input) throws Exception {
        if (input.length == 0) {
            return;
        }
        int which = WHICH.indexOf(input[0]);
        String value = new String(input, 1, input.length - 1, StandardCharsets.ISO_8859_1);
        switch (which < 0 ? Math.floorMod(input[0], WHICH.length()) : which) {
            case 0 -> {
                try {
                    RequestPath.fromUri(value);
                } catch (MalformedRequestException expected) {
                    // the documented refusal
                }
            }
            case 1 -> {
                IfHeader.parse(value).holds(token -> token.length() % 2 == 0, "\"etag\"");
                IfHeader.names(value, "urn:uuid:00000000-0000-0000-0000-000000000000");
            }
            case 2 -> {
                for (long size : new long[] {0, 1, 1000, Long.MAX_VALUE}) {
                    try {
                        ByteRange.parse(value, size);
                    } catch (ByteRange.UnsatisfiableException expected) {
                        // the documented refusal: 416
                    }
                }
            }
            case 3 -> {
                try {
                    Transfer.destination(value, "localhost:8443");
                } catch (MalformedRequestException | RemoteFailureException expected) {
                    // the documented refusals
                }
            }
            case 4 -> {
                try {
                    Digests.parseDigestHeader(List.of(value));
                } catch (MalformedRequestException expected) {
                    // the documented refusal
                }
                Digests.wanted(value);
                Digests.digestHeaderFor(value, STORED);
            }
            default -> Locking.timeout(value);
        }
    }
}
