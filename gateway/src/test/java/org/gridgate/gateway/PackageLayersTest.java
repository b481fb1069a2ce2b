package org.gridgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages of the gateway depend one way, as ARCHITECTURE.md draws them: each imports only packages listed
 * after it. A new import against that order (the router reaching up into the driver, a primitive into the router)
 * fails here with the file and the import.
 */
class PackageLayersTest {

    /** From the top (the command line) to the bottom (values every layer may use). */
    private static final List<String> LAYERS = List.of("cli", "config", "cluster", "server", "webdav", "tpc",
            "macaroon", "authz", "http", "auth", "token", "metrics", "refusal");

    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?org\\.gridgate\\.gateway\\.([a-z]+)\\.",
            Pattern.MULTILINE);

    @Test
    void everyImportPointsDownTheLayers() throws IOException {
        Path sources = Path.of("src/main/java/org/gridgate/gateway");
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String from = sources.relativize(file).getName(0).toString();
                assertThat(LAYERS).as("the layer of package %s", from).contains(from);
                Matcher imports = IMPORT.matcher(Files.readString(file));
                while (imports.find()) {
                    String to = imports.group(1);
                    if (!to.equals(from) && LAYERS.indexOf(to) < LAYERS.indexOf(from)) {
                        violations.add(sources.relativize(file) + " imports " + to);
                    }
                }
            }
        }
        assertThat(violations).isEmpty();
    }
}
