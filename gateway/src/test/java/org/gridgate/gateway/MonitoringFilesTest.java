package org.gridgate.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The shipped Prometheus alert rules and Grafana dashboard (packaging/monitoring) use only series a real door
 * exports: a renamed metric would otherwise silently turn an alert off. And the rules an operator needs are there.
 */
class MonitoringFilesTest {
    private static final Pattern SERIES = Pattern.compile("\\b((?:gridgate|jvm)_[a-z_]+)\\b");

    @RegisterExtension
    static final DevDoorExtension door = DevDoorExtension.dev();

    @Test
    void everySeriesTheAlertsAndTheDashboardUseIsExportedByTheDoor() throws Exception {
        door.mint("/monitoring", "{\"caveats\":[\"activity:DOWNLOAD\"]}"); // a request, so its series exist
        String scrape = given().baseUri("http://localhost").port(door.metricsPort()).get("/metrics").then()
                .statusCode(200).extract().asString();
        Set<String> exported = new TreeSet<>();
        scrape.lines().filter(line -> !line.startsWith("#")).forEach(line -> exported.add(line.split("[{ ]", 2)[0]));

        Set<String> used = new TreeSet<>();
        for (String expression : expressions()) {
            Matcher series = SERIES.matcher(expression);
            while (series.find()) {
                used.add(series.group(1));
            }
        }
        assertThat(used).hasSizeGreaterThan(10);
        assertThat(exported).containsAll(used);
    }

    @Test
    void theAlertsOperatorsNeedAreThereWithTextsThatSayWhatToDo() throws Exception {
        JsonNode rules = new ObjectMapper(new YAMLFactory()).readTree(monitoring("gridgate-alerts.yaml").toFile())
                .path("groups").get(0).path("rules");
        List<String> names = new ArrayList<>();
        rules.forEach(rule -> {
            names.add(rule.path("alert").asText());
            assertThat(rule.path("expr").asText()).isNotBlank();
            assertThat(rule.path("labels").path("severity").asText()).isIn("info", "warning", "critical");
            assertThat(rule.path("annotations").path("description").asText()).as(rule.path("alert").asText())
                    .isNotBlank();
        });
        assertThat(names).contains("GridGateHostCertificateExpiresSoon", "GridGateCrlStale", "GridGateServerErrors",
                "GridGateTlsHandshakeFailures", "GridGateDraining");
    }

    private static List<String> expressions() throws Exception {
        List<String> expressions = new ArrayList<>();
        new ObjectMapper(new YAMLFactory()).readTree(monitoring("gridgate-alerts.yaml").toFile()).path("groups")
                .forEach(group -> group.path("rules").forEach(rule -> expressions.add(rule.path("expr").asText())));
        JsonNode dashboard = new ObjectMapper().readTree(monitoring("grafana-dashboard.json").toFile());
        dashboard.path("panels").forEach(panel -> panel.path("targets")
                .forEach(target -> expressions.add(target.path("expr").asText())));
        dashboard.path("templating").path("list").forEach(variable -> expressions.add(variable.path("query")
                .asText()));
        return expressions;
    }

    private static Path monitoring(String file) {
        Path path = ShippedJvmFlags.repository().resolve("packaging/monitoring").resolve(file);
        assertThat(Files.isRegularFile(path)).as(path.toString()).isTrue();
        return path;
    }
}
