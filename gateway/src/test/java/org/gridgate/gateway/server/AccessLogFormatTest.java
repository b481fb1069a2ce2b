package org.gridgate.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The access line's two formats, with what a client controls escaped so that it can never end a field or a line. */
class AccessLogFormatTest {

    private static final AccessLog.Entry ENTRY = new AccessLog.Entry(Instant.parse("2026-12-04T16:38:10.556789Z"),
            "192.0.2.7", "/DC=org/DC=example/CN=Dev \"User\"", "PUT", "/atlas/out/file1", "HTTP/1.1", 201, 3145728,
            0, 3271, "curl/8.0 \u001b[2J\\", "5f0c9e2a7b1d3c4e", null);

    @Test
    void textIsCombinedStyleWithTheDoorsFieldsAfterTheUserAgent() {
        assertThat(new AccessLog(AccessLog.Format.TEXT).text(ENTRY)).isEqualTo("192.0.2.7 - \"/DC=org/DC=example/CN=Dev \\\"User\\\"\" "
                + "[2026-12-04T16:38:10.556Z] \"PUT /atlas/out/file1 HTTP/1.1\" 201 0 \"-\" "
                + "\"curl/8.0 \\u001b[2J\\\\\" 3145728 3.271ms 5f0c9e2a7b1d3c4e \"-\"");
    }

    @Test
    void aThirdPartyCopyIsAsyncAndARefusalSaysWhy() {
        AccessLog.Entry copy = new AccessLog.Entry(ENTRY.time(), "192.0.2.7", "anonymous", "COPY", "/a", "HTTP/1.1",
                0, 0, 0, 12, null, "0000000000000001", "no such file");
        assertThat(new AccessLog(AccessLog.Format.TEXT).text(copy)).contains("\"COPY /a HTTP/1.1\" async 0 \"-\" \"-\" 0 0.012ms")
                .endsWith(" \"no such file\"");
    }

    @Test
    void jsonIsOneObjectPerLineWithEveryField() throws Exception {
        String line = new AccessLog(AccessLog.Format.JSON).json(ENTRY);
        assertThat(line).doesNotContain("\n").doesNotContain("\u001b");
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.get("time").asText()).isEqualTo("2026-12-04T16:38:10.556Z");
        assertThat(json.get("client").asText()).isEqualTo("192.0.2.7");
        assertThat(json.get("identity").asText()).isEqualTo("/DC=org/DC=example/CN=Dev \"User\"");
        assertThat(json.get("method").asText()).isEqualTo("PUT");
        assertThat(json.get("path").asText()).isEqualTo("/atlas/out/file1");
        assertThat(json.get("status").asInt()).isEqualTo(201);
        assertThat(json.get("request_bytes").asLong()).isEqualTo(3145728);
        assertThat(json.get("response_bytes").asLong()).isZero();
        assertThat(json.get("duration_ms").asDouble()).isEqualTo(3.271);
        assertThat(json.get("user_agent").asText()).isEqualTo("curl/8.0 \u001b[2J\\");
        assertThat(json.get("request_id").asText()).isEqualTo("5f0c9e2a7b1d3c4e");
        assertThat(json.get("refusal").isNull()).isTrue();
    }

    @Test
    void aLongUserAgentIsCut() {
        AccessLog.Entry entry = new AccessLog.Entry(ENTRY.time(), "-", "-", "GET", "/", "HTTP/1.1", 200, 0, 0, 0,
                "x".repeat(10_000), "0000000000000002", null);
        assertThat(new AccessLog(AccessLog.Format.TEXT).text(entry)).hasSizeLessThan(AccessLog.MAX_USER_AGENT + 200);
    }
}
