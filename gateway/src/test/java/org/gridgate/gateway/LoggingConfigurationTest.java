package org.gridgate.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusUtil;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Logback configurations the door ships: {@code logback.xml} in gateway.jar (the door's lines to stderr in its
 * shape, the access log to stdout through an asynchronous appender, each line as {@link
 * org.gridgate.gateway.server.AccessLog} wrote it) and {@code packaging/logback-file.xml}, the README's example that
 * sends the access log to its own rotated file and warnings and errors to a rotated error log.
 */
class LoggingConfigurationTest {

    /** {@code 2026-12-04T16:38:09.345+0000}: ISO 8601 with milliseconds and the offset. */
    static final String TIME = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}[+-]\\d{4}";
    static final String ACCESS_MESSAGE = "192.0.2.7 - \"macaroon a1b2:3f9c0e\" [2026-12-04T16:38:09.351Z] "
            + "\"GET /atlas/f HTTP/1.1\" 200 33 \"-\" \"curl/7.88.1\" 0 0.412ms 5f0c9e2a7b1d3c4e \"-\"";
    /** {@code 2026-12-04T16:38:09.351Z}: an access line's time, UTC. */
    static final String ACCESS_TIME = "\\[\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z\\]";

    @RegisterExtension
    static final DevDoorExtension door = DevDoorExtension.dev();

    @TempDir
    Path dir;

    @Test
    void theShippedConfigurationWritesTheDoorsLinesToStderrAndTheQueuedAccessLinesToStdout() throws Exception {
        URL shipped = getClass().getClassLoader().getResource("logback.xml");
        assertThat(shipped).as("logback.xml in the door's resources").isNotNull();
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        PrintStream original = System.err;
        PrintStream originalOut = System.out;
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        try {
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(shipped);
            assertThat(highestStatus(context)).as(() -> statuses(context)).isLessThan(Status.WARN);

            context.getLogger("org.gridgate.certs.GridTrust").info("Refused client certificate {}", "CN=x");
            context.getLogger("org.gridgate.certs.GridTrust").debug("not at INFO");
            context.getLogger("io.netty.channel.DefaultChannelPipeline").info("not below WARN");
            context.getLogger("io.netty.channel.DefaultChannelPipeline").warn("a netty warning");
            for (int i = 0; i < 100; i++) {
                context.getLogger("gridgate.access").info(ACCESS_MESSAGE);
            }
            context.stop(); // as the door's main does before exiting: writes every queued access line
            assertThat(highestStatus(context)).as(() -> statuses(context)).isLessThan(Status.WARN);
        } finally {
            System.setErr(original);
            System.setOut(originalOut);
        }

        String text = stderr.toString(StandardCharsets.UTF_8);
        assertThat(text.lines())
                .as(text)
                .hasSize(2)
                .first().asString().matches(TIME + " \\[INFO\\] GridTrust - Refused client certificate CN=x");
        assertThat(text.lines().skip(1).findFirst()).get().asString().matches(TIME + " \\[WARN\\] "
                + "DefaultChannelPipeline - a netty warning");
        assertThat(stdout.toString(StandardCharsets.UTF_8).lines()).hasSize(100)
                .allSatisfy(line -> assertThat(line).isEqualTo(ACCESS_MESSAGE));
    }

    @Test
    void theFileExampleSendsTheDoorsAccessLinesToTheirOwnFileAndWarningsToTheErrorLog() throws Exception {
        Path example = Path.of(System.getProperty("basedir", "."), "..", "packaging", "logback-file.xml");
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger grid = LoggerFactory.getLogger("org.gridgate.certs.GridTrust");
        Path accessLog = dir.resolve("logs/access.log");
        Path errorLog = dir.resolve("logs/error.log");
        try {
            context.reset();
            context.putProperty("GRIDGATE_LOG_DIR", dir.resolve("logs").toString());
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(example.toFile());
            assertThat(highestStatus(context)).as(() -> statuses(context)).isLessThan(Status.WARN);

            // the door's own access logger (DoorHandler's) now writes through the example's appenders
            given(door.anonymous()).get("/data/example-missing").then().statusCode(401);
            grid.info("not an access line");
            grid.warn("a warning for the error log");
            for (int i = 0; i < 50 && !(Files.exists(accessLog) && Files.readString(accessLog).contains("example"));
                    i++) {
                Thread.sleep(100);
            }
        } finally {
            context.reset();
            new ContextInitializer(context).autoConfig();
        }

        assertThat(Files.readAllLines(accessLog)).singleElement().asString()
                .matches("127\\.0\\.0\\.1 - \"anonymous\" " + ACCESS_TIME + " \"GET /data/example-missing HTTP/1\\.1\" "
                        + "401 \\d+ \"-\" \"[^\"]+\" 0 [\\d.]+ms [0-9a-f]{16} \"[^\"]+\"");
        assertThat(Files.readAllLines(errorLog)).as("warnings only: no refusal, no INFO line").singleElement()
                .asString().matches(TIME + " \\[WARN\\] GridTrust - a warning for the error log");
    }

    private static int highestStatus(LoggerContext context) {
        return new StatusUtil(context).getHighestLevel(0);
    }

    /** Logback's own messages about its configuration and appenders, for a failure message. */
    private static String statuses(LoggerContext context) {
        StringBuilder text = new StringBuilder("Logback's own messages:\n");
        context.getStatusManager().getCopyOfStatusList().forEach(status -> text.append(status).append('\n'));
        return text.toString();
    }
}
