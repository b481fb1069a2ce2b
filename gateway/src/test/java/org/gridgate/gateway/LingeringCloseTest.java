package org.gridgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A client still sending a body the door has refused gets the refusal, not a reset: the door ends its side and
 * drops what still arrives for a moment (lingering close) instead of closing a socket with unread bytes in it,
 * which makes the kernel send a reset that can overtake the response.
 */
class LingeringCloseTest {

    @RegisterExtension
    static final DevDoorExtension door = DevDoorExtension.dev();

    /**
     * Sends a head announcing {@code length} bytes and the whole body, and only then reads the answer, as HTTP
     * clients without {@code Expect: 100-continue} do (Apache HttpClient, curl for small bodies).
     */
    private static String answerAfterSendingAll(String head, int length) throws Exception {
        try (SSLSocket socket = (SSLSocket) door.sslContext(door.environment().pki().userProxy()).getSocketFactory()
                .createSocket("localhost", door.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((head + "Content-Length: " + length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            Thread.sleep(200); // the door has refused and answered by now
            byte[] chunk = new byte[16 * 1024];
            for (int sent = 0; sent < length; sent += chunk.length) {
                out.write(chunk, 0, Math.min(chunk.length, length - sent));
            }
            out.flush();
            return RawHttps.line(socket.getInputStream());
        }
    }

    @RepeatedTest(5)
    void anOversizedMacaroonRequestGets413EvenWhileItsBodyIsStillComing() throws Exception {
        assertThat(answerAfterSendingAll("POST /atlas/x HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/macaroon-request\r\n", 256 * 1024)).startsWith("HTTP/1.1 413");
    }

    @RepeatedTest(5)
    void anUploadRefusedForItsSizeGetsItsAnswerWhileItsBodyIsStillComing() throws Exception {
        String token = door.mint("/atlas/linger", "{\"caveats\":[\"activity:UPLOAD\",\"max-upload:1024\"]}");
        assertThat(answerAfterSendingAll("PUT /atlas/linger/f HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                + token + "\r\n", 512 * 1024)).startsWith("HTTP/1.1 413");
    }
}
