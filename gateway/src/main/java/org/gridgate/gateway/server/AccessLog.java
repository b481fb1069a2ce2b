package org.gridgate.gateway.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.gridgate.caveat.LogSafe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access log: one line per request, refusals included, on the logger {@code gridgate.access} (where it goes is
 * Logback's business: stdout as shipped, its own rotated file with packaging/logback-file.xml). A line is complete
 * in itself, its time included, so Logback writes it with the pattern {@code %msg%n} and a JSON line stays JSON.
 *
 * <p>Text (combined-style, fields separated by spaces, the free-text ones quoted):
 * {@code CLIENT - "IDENTITY" [TIME] "METHOD PATH PROTOCOL" STATUS RESPONSE_BYTES "-" "USER_AGENT" REQUEST_BYTES
 * DURATIONms REQUEST_ID "REFUSAL"}: Apache's combined format up to the user agent (the referer is always "-"),
 * then what an operator of a storage door needs too.
 */
public final class AccessLog {

    /** How each line is written; {@code access-log.format} in the configuration. */
    public enum Format { TEXT, JSON }

    /** The status of a connection the door closed without an answer (a limit cut it): written {@code -}, null in JSON. */
    public static final int NO_RESPONSE = -1;

    private static final Logger ACCESS = LoggerFactory.getLogger("gridgate.access");
    /** A user agent longer than this is cut: the line must stay a line, whatever a client sends. */
    static final int MAX_USER_AGENT = 256;
    private static final JsonFactory JSON = new JsonFactory();

    private final Format format;
    private final LogTime times = new LogTime();

    public AccessLog(Format format) {
        this.format = format;
    }

    /**
     * One request, as logged.
     *
     * @param client         the client's address ({@code -} if unknown)
     * @param identity       a DN, {@code macaroon IID:SIGPREFIX} (never the token), {@code anonymous}, or {@code -}
     *                       for a request refused before or by authentication
     * @param path           without the query, which may hold a token
     * @param status         0 for a third-party copy, answered later from its own thread; {@link #NO_RESPONSE}
     * @param userAgent      null if the client sent none
     * @param refusal        why the door refused the request, null if it did not
     */
    public record Entry(Instant time, String client, String identity, String method, String path, String protocol,
                        int status, long requestBytes, long responseBytes, long durationMicros, String userAgent,
                        String requestId, String refusal) {
    }

    /** A new request id: 16 hex digits, returned to the client in {@code X-Request-Id} and logged with the line. */
    public static String newRequestId() {
        return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    }

    public void write(Entry entry) {
        if (ACCESS.isInfoEnabled()) {
            ACCESS.info(format == Format.JSON ? json(entry) : text(entry));
        }
    }

    String text(Entry e) {
        StringBuilder line = new StringBuilder(256);
        line.append(e.client()).append(" - ");
        quoted(line, e.identity()).append(" [").append(time(e.time())).append("] ");
        quoted(line, e.method() + " " + e.path() + " " + e.protocol()).append(' ')
                .append(e.status() == 0 ? "async" : e.status() == NO_RESPONSE ? "-" : Integer.toString(e.status()))
                .append(' ')
                .append(e.responseBytes()).append(" \"-\" ");
        quoted(line, e.userAgent() == null ? "-" : userAgent(e.userAgent())).append(' ')
                .append(e.requestBytes()).append(' ')
                .append(milliseconds(e.durationMicros())).append("ms ")
                .append(e.requestId()).append(' ');
        return quoted(line, e.refusal() == null ? "-" : e.refusal()).toString();
    }

    String json(Entry e) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("time", time(e.time()));
            json.writeStringField("client", e.client());
            json.writeStringField("identity", e.identity());
            json.writeStringField("method", e.method());
            json.writeStringField("path", e.path());
            json.writeStringField("protocol", e.protocol());
            if (e.status() == 0 || e.status() == NO_RESPONSE) {
                json.writeNullField("status");
            } else {
                json.writeNumberField("status", e.status());
            }
            json.writeNumberField("request_bytes", e.requestBytes());
            json.writeNumberField("response_bytes", e.responseBytes());
            json.writeNumberField("duration_ms", e.durationMicros() / 1000.0);
            json.writeStringField("user_agent", e.userAgent() == null ? null : userAgent(e.userAgent()));
            json.writeStringField("request_id", e.requestId());
            json.writeStringField("refusal", e.refusal());
            json.writeEndObject();
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return out.toString();
    }

    private String time(Instant time) {
        return times.format(time);
    }

    private static String userAgent(String userAgent) {
        return userAgent.length() <= MAX_USER_AGENT ? userAgent : userAgent.substring(0, MAX_USER_AGENT) + "...";
    }

    private static String milliseconds(long micros) {
        long fraction = micros % 1000;
        return micros / 1000 + "." + (fraction < 10 ? "00" : fraction < 100 ? "0" : "") + fraction;
    }

    /**
     * {@code "text"}: backslashes and quotes escaped first (so a field never ends early), then control characters
     * escaped by LogSafe (so a line never ends early).
     */
    private static StringBuilder quoted(StringBuilder line, String text) {
        String raw = text == null ? "-" : text;
        return line.append('"').append(LogSafe.escaped(raw.replace("\\", "\\\\").replace("\"", "\\\""))).append('"');
    }
}
