package org.gridgate.gateway.boinc;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import org.gridgate.gateway.refusal.MalformedRequestException;

/**
 * BOINC's {@code <data_server_request>} envelope, as a volunteer's client (or anyone with an upload URL) sends it:
 * where the file's bytes start, and the envelope before them. Only {@link MalformedRequestException} may come out,
 * and a parsed upload's numbers must make sense. Seeds (the real client's requests) and crashes:
 * {@code src/test/resources/org/gridgate/gateway/boinc/BoincEnvelopeFuzzTestInputs/envelopes}.
 */
class BoincEnvelopeFuzzTest {

    @FuzzTest(maxDuration = "4s")
    void envelopes(byte[] body) {
        BoincEnvelope.mayStart(body, body.length);
        int data = BoincEnvelope.dataStart(body, body.length, 0);
        if (data > body.length) {
            throw new AssertionError("data starts beyond the body: " + data);
        }
        String envelope = new String(body, 0, data < 0 ? body.length : data, StandardCharsets.UTF_8);
        BoincEnvelope parsed;
        try {
            parsed = BoincEnvelope.parse(envelope);
        } catch (MalformedRequestException expected) {
            return;
        }
        if (parsed instanceof BoincEnvelope.FileUpload upload
                && (upload.offset() < 0 || upload.offset() > upload.nbytes() || upload.md5().length() != 32)) {
            throw new AssertionError("an upload that makes no sense was accepted: " + upload);
        }
    }
}
