package org.gridgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gridgate.caveat.Activity;
import org.gridgate.caveat.MintingPolicy;
import org.gridgate.caveat.Requester;
import org.gridgate.gateway.config.GatewayConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * README.md's commands as a new administrator pastes them: the dev loop (twice in a row, each run's upload replacing
 * the last and downloaded back), the first production door's configuration made with its own sed pipeline, and the
 * policy for gfal2 and FTS users allowing exactly what gfal2 asks for.
 */
class ReadmeTest {

    @RegisterExtension
    static final DevDoorExtension door = DevDoorExtension.dev();

    @TempDir
    Path dir;

    /** The first {@code ```LANGUAGE} block after {@code heading}. */
    private static String block(String heading, String language) throws Exception {
        String readme = Files.readString(ShippedJvmFlags.repository().resolve("README.md"));
        int section = readme.indexOf(heading);
        assertThat(section).as("README has '%s'", heading).isNotNegative();
        int start = readme.indexOf("```" + language + "\n", section) + language.length() + 4;
        return readme.substring(start, readme.indexOf("```", start));
    }

    @Test
    void theLoopRunsTwiceInARowAndDownloadsEachRunsUpload() throws Exception {
        ExternalTool.require("curl");
        String loop = block("## The loop by hand (dev mode)", "sh")
                .replace("D=$PWD/dev", "D=" + door.environment().directory())
                .replace("door=https://localhost:8443", "door=https://localhost:" + door.port());
        assertThat(loop).contains("D=" + door.environment().directory(), "door=https://localhost:" + door.port());

        for (int run = 1; run <= 2; run++) {
            ExternalTool.Result result = ExternalTool.bash("set -e -o pipefail\n" + loop, Map.of(), 60);
            assertThat(result.exitCode()).as("run %d: %s", run, result.stderr()).isZero();
            assertThat(result.stdout()).as("run %d", run).isEqualTo("downloaded what was uploaded\n");
        }
        assertThat(door.dataDir().resolve("atlas/out/file1"))
                .hasSameTextualContentAs(door.environment().directory().resolve("result.root"));
    }

    @Test
    void theFirstProductionDoorsConfigurationIsTheExampleWithTheCopiedCredential() throws Exception {
        String walkthrough = block("### First production door", "sh");
        List<String> pipeline = walkthrough.lines().dropWhile(line -> !line.startsWith("sed -n '/^listen:/"))
                .limit(2).toList();
        Path made = dir.resolve("gateway.yaml");
        String script = "cd " + ShippedJvmFlags.repository() + "\n" + String.join("\n", pipeline)
                .replace("/etc/gridgate/gateway.yaml", made.toString());

        ExternalTool.Result result = ExternalTool.bash("set -e -o pipefail\n" + script, Map.of(), 30);

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        GatewayConfig config = GatewayConfig.load(made);
        assertThat(config.tls().certificate()).isEqualTo(Path.of("/etc/gridgate/hostcert.pem"));
        assertThat(config.tls().key()).isEqualTo(Path.of("/etc/gridgate/hostkey.pem"));
        assertThat(config.anonymousAreas().areas()).as("no anonymous access on a copied door").isEmpty();
        assertThat(config.metrics()).isPresent();
    }

    @Test
    void theGfalPolicyAllowsWhatGfalAsksForToReadersAndWriters() throws Exception {
        Path file = Files.writeString(dir.resolve("policy.yaml"), block("### Policy for gfal2 and FTS users", "yaml"));
        MintingPolicy policy = MintingPolicy.load(file);
        Requester reader = new Requester("/DC=ch/CN=Reader", List.of("/atlas/Role=NULL/Capability=NULL"),
                Optional.empty(), Optional.empty());
        Requester writer = new Requester("/DC=ch/CN=Writer", List.of("/atlas/Role=production/Capability=NULL"),
                Optional.empty(), Optional.empty());

        for (Activity activity : List.of(Activity.LIST, Activity.DOWNLOAD)) {
            assertThat(policy.explain(reader, "/atlas/data/f", activity)).contains(": allowed");
        }
        assertThat(policy.explain(reader, "/atlas/data/f", Activity.UPLOAD)).contains("REFUSED");
        for (Activity activity : List.of(Activity.LIST, Activity.DOWNLOAD, Activity.MANAGE, Activity.UPLOAD,
                Activity.DELETE)) {
            assertThat(policy.explain(writer, "/atlas/data/f", activity)).contains(": allowed");
        }
    }
}
