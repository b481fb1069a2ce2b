package org.gridgate.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The access log of a running door: one line per request, refusals included (and only there), with the client,
 * the identity (never a token), method and path without the query, status, request and response bytes, duration,
 * user agent and the request id the response carries in {@code X-Request-Id}.
 */
class AccessLogTest {

    @RegisterExtension
    static final DevDoorExtension door = DevDoorExtension.dev();
    static String token;

    /** Client, identity, time, request, status, response bytes, user agent, request bytes, ms, id, refusal. */
    private static final String QUOTED = "\"((?:[^\"\\\\]|\\\\.)*)\"";
    private static final Pattern LINE = Pattern.compile("^(\\S+) - " + QUOTED + " "
            + LoggingConfigurationTest.ACCESS_TIME + " " + QUOTED + " (\\S+) (\\d+) \"-\" " + QUOTED + " (\\d+) "
            + "(\\d+\\.\\d{3})ms ([0-9a-f]{16}) " + QUOTED + "$");

    @BeforeAll
    static void seed() throws Exception {
        given(door.withProxy()).body("content").put("/data/log/file").then().statusCode(201);
        token = door.mint("/data/log", "{\"caveats\":[\"activity:UPLOAD,DOWNLOAD\"]}");
    }

    @Test
    void anUploadLogsTheBytesItReceivedAndTheIdItAnswered() throws Exception {
        byte[] body = new byte[3 * 1024 * 1024];
        try (LogCapture log = new LogCapture()) {
            Response response = given(door.anonymous()).header("Authorization", "Bearer " + token)
                    .header("User-Agent", "gfal2-util/1.8.1 \"quoted\"").body(body).put("/data/log/big");
            assertThat(response.statusCode()).isEqualTo(201);
            String id = response.header("X-Request-Id");
            assertThat(id).matches("[0-9a-f]{16}");

            Matcher line = accessLine(log, id);
            assertThat(line.group(1)).isEqualTo("127.0.0.1");
            assertThat(line.group(2)).startsWith("macaroon ").doesNotContain(token.substring(0, 20));
            assertThat(line.group(3)).isEqualTo("PUT /data/log/big HTTP/1.1");
            assertThat(line.group(4)).isEqualTo("201");
            assertThat(line.group(6)).isEqualTo("gfal2-util/1.8.1 \\\"quoted\\\"");
            assertThat(line.group(7)).isEqualTo(Integer.toString(body.length));
            assertThat(line.group(10)).isEqualTo("-");
        }
    }

    @Test
    void aDownloadLogsTheBytesItSentWithoutTheQuery() throws Exception {
        try (LogCapture log = new LogCapture()) {
            Response response = given(door.anonymous()).get("/data/log/file?authz=" + token);
            assertThat(response.statusCode()).isEqualTo(200);

            Matcher line = accessLine(log, response.header("X-Request-Id"));
            assertThat(line.group(3)).isEqualTo("GET /data/log/file HTTP/1.1");
            assertThat(line.group(5)).isEqualTo("7");
            assertThat(line.group(7)).isEqualTo("0");
            assertThat(log.text()).doesNotContain(token.substring(0, 20));
        }
    }

    @Test
    void aRefusalIsOneAccessLineThatSaysWhyAndNothingElse() throws Exception {
        try (LogCapture log = new LogCapture()) {
            Response response = given(door.anonymous()).header("Authorization", "Bearer " + token)
                    .delete("/data/log/file");
            assertThat(response.statusCode()).isEqualTo(403);
            String id = response.header("X-Request-Id");

            Matcher line = accessLine(log, id);
            assertThat(line.group(4)).isEqualTo("403");
            assertThat(line.group(10)).contains("DELETE");
            List<String> mentions = log.text().lines().filter(l -> l.contains("/data/log/file")).toList();
            assertThat(mentions).as("one line for the refusal, the access line").hasSize(1);
        }
    }

    @Test
    void everyResponseCarriesItsOwnRequestId() throws Exception {
        String first = given(door.anonymous()).get("/data/log/file").header("X-Request-Id");
        String second = given(door.anonymous()).header("X-Request-Id", "client-chosen").get("/data/log/file")
                .header("X-Request-Id");
        assertThat(first).matches("[0-9a-f]{16}");
        assertThat(second).as("a client's own id is not taken").matches("[0-9a-f]{16}").isNotEqualTo(first);
    }

    private static Matcher accessLine(LogCapture log, String id) throws InterruptedException {
        String text = log.awaitContaining(" " + id + " ");
        String line = text.lines().filter(l -> l.startsWith("[INFO] gridgate.access - ") && l.contains(" " + id + " "))
                .findFirst().orElseThrow(() -> new AssertionError("no access line with id " + id + " in\n" + text))
                .substring("[INFO] gridgate.access - ".length());
        Matcher matcher = LINE.matcher(line);
        assertThat(matcher.matches()).as(line).isTrue();
        return matcher;
    }
}
