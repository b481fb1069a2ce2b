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
 * The Logback configurations the door ships: {@code logback.xml} in gateway.jar (every line to stderr in the door's
 * shape, the access log through an asynchronous appender) and {@code packaging/logback-file.xml}, the README's
 * example that sends the access log to its own rotated file.
 */
class LoggingConfigurationTest {

    /** {@code 2026-12-04T16:38:09.345+0000}: ISO 8601 with milliseconds and the offset. */
    static final String TIME = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}[+-]\\d{4}";
    static final String ACCESS_MESSAGE = "192.0.2.7 \"macaroon a1b2:3f9c0e\" \"GET /atlas/f\" 200 33 0ms";

    @RegisterExtension
    static final DevDoorExtension door = DevDoorExtension.dev();

    @TempDir
    Path dir;

    @Test
    void theShippedConfigurationWritesTheDoorsLineShapeToStderrIncludingTheQueuedAccessLines() throws Exception {
        URL shipped = getClass().getClassLoader().getResource("logback.xml");
        assertThat(shipped).as("logback.xml in the door's resources").isNotNull();
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
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
        }

        String text = stderr.toString(StandardCharsets.UTF_8);
        assertThat(text.lines())
                .as(text)
                .hasSize(102)
                .first().asString().matches(TIME + " \\[INFO\\] GridTrust - Refused client certificate CN=x");
        assertThat(text.lines().skip(1).findFirst()).get().asString().matches(TIME + " \\[WARN\\] "
                + "DefaultChannelPipeline - a netty warning");
        assertThat(text.lines().skip(2)).allSatisfy(line -> assertThat(line)
                .matches(TIME + " \\[INFO\\] access - \\Q" + ACCESS_MESSAGE + "\\E"));
    }

    @Test
    void theFileExampleSendsTheDoorsAccessLinesToTheirOwnFileAndTheRestToStderr() throws Exception {
        Path example = Path.of(System.getProperty("basedir", "."), "..", "packaging", "logback-file.xml");
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger grid = LoggerFactory.getLogger("org.gridgate.certs.GridTrust");
        Path accessLog = dir.resolve("logs/access.log");
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
            for (int i = 0; i < 50 && !(Files.exists(accessLog) && Files.readString(accessLog).contains("example"));
                    i++) {
                Thread.sleep(100);
            }
        } finally {
            context.reset();
            new ContextInitializer(context).autoConfig();
        }

        assertThat(Files.readAllLines(accessLog)).singleElement().asString()
                .matches(TIME + " \\[INFO\\] access - 127\\.0\\.0\\.1 \"anonymous\" \"GET /data/example-missing\" "
                        + "401 \\d+ \\d+ms");
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
