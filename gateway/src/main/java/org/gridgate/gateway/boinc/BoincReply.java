package org.gridgate.gateway.boinc;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import org.gridgate.gateway.http.HttpError;
import org.gridgate.gateway.http.Responder;

/**
 * The {@code <data_server_reply>} a BOINC client reads (client/file_xfer.cpp, parse_upload_response): always HTTP
 * 200, since the client takes any HTTP error on an upload as transient and retries it for up to 90 days. What it
 * acts on is {@code <status>}: 0 done, 1 transient (retry with back-off), -1 permanent ("Giving up on upload"),
 * with a {@code <message>} it logs. This is the one place where the door's refusals, as {@link HttpError}s from
 * {@code ErrorMapping}, become BOINC statuses.
 */
public final class BoincReply {

    static final String CONTENT_TYPE = "text/plain; charset=utf-8";

    private BoincReply() {
    }

    /** {@code <status>0</status>}, with the staged size for a size query. */
    static FullHttpResponse done(Long fileSize) {
        return reply(0, null, fileSize);
    }

    /** {@code <status>1</status>}: try again later. */
    static FullHttpResponse transientFailure(String message) {
        return reply(1, message, null);
    }

    /**
     * The reply to a refused BOINC request. A fault the client cannot fix but that may pass (5xx: no space, busy,
     * draining, an internal error; 429: slow down) is transient; every other refusal (4xx: an expired, invalid or
     * insufficient macaroon, too large, a wrong MD5, a malformed request) is permanent, so the client stops at once
     * instead of retrying a request that will never succeed. {@code null} for a body that is not BOINC's (415):
     * that client gets the plain HTTP refusal.
     */
    public static FullHttpResponse refusal(HttpError error) {
        HttpResponseStatus status = error.status();
        if (status.equals(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE)) {
            return null;
        }
        boolean transientFault = status.code() >= 500 || status.equals(HttpResponseStatus.TOO_MANY_REQUESTS);
        return reply(transientFault ? 1 : -1, error.getMessage(), null);
    }

    private static FullHttpResponse reply(int status, String message, Long fileSize) {
        StringBuilder body = new StringBuilder("<data_server_reply>\n    <status>").append(status).append("</status>\n");
        if (fileSize != null) {
            body.append("    <file_size>").append(fileSize).append("</file_size>\n");
        }
        if (message != null) {
            body.append("    <message>").append(escaped(message)).append("</message>\n");
        }
        body.append("</data_server_reply>\n");
        return Responder.body(HttpResponseStatus.OK, CONTENT_TYPE, body.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The client copies the message into its log and its event list: no markup, no control characters. */
    private static String escaped(String message) {
        StringBuilder out = new StringBuilder(message.length());
        for (char c : message.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                default -> out.append(Character.isISOControl(c) ? ' ' : c);
            }
        }
        return out.toString();
    }
}
