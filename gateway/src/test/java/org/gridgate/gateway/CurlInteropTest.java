package org.gridgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The seed workflow with the real curl, the ARC CE's command verbatim. */
class CurlInteropTest {

    /** The compute element's request, exactly as the site runs it (only host and port differ). */
    static final String SEED_COMMAND = "curl -E $proxy --cacert $proxy --capath $D/certificates -sH "
            + "'Content-Type:application/macaroon-request' -X POST "
            + "-d '{\"caveats\":[\"activity:UPLOAD\"],\"validity\":\"PT24H\"}' "
            + "https://localhost:$PORT/atlas/out/file1";

    @RegisterExtension
    static final DevDoorExtension door = DevDoorExtension.dev().requiring("curl");



    private Map<String, String> env() {
        return Map.of("D", door.environment().directory().toString(), "proxy", door.environment().pki().userProxy().toString(),
                "PORT", Integer.toString(door.port()));
    }

    static String macaroonOf(String json) {
        Matcher m = Pattern.compile("\"macaroon\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        assertThat(m.find()).as("a macaroon in %s", json).isTrue();
        return m.group(1);
    }

    @Test
    void seedCommandMintsAndTheMacaroonUploadsAndDownloads() throws Exception {
        ExternalTool.Result minted = ExternalTool.bash(SEED_COMMAND, env(), 60);
        assertThat(minted.exitCode()).as(minted.stderr()).isZero();
        String upload = macaroonOf(minted.stdout());

        Path file = door.scratch().resolve("payload");
        Files.writeString(file, "job output\n".repeat(1000));
        ExternalTool.Result put = ExternalTool.bash("curl -sS --capath $D/certificates -H \"Authorization: Bearer $M\" "
                + "-T " + file + " -o /dev/null -w '%{http_code}' https://localhost:$PORT/atlas/out/file1",
                with(env(), "M", upload), 60);
        assertThat(put.stdout()).as(put.stderr()).isEqualTo("201");

        ExternalTool.Result read = ExternalTool.bash("curl -E $proxy --capath $D/certificates -sS "
                + "-H 'Content-Type:application/macaroon-request' -X POST -d '{\"caveats\":[\"activity:DOWNLOAD\"]}' "
                + "https://localhost:$PORT/atlas/out/file1", env(), 60);
        String download = macaroonOf(read.stdout());
        Path back = door.scratch().resolve("back");
        ExternalTool.Result get = ExternalTool.bash("curl -sS --capath $D/certificates -o " + back
                + " -w '%{http_code}' \"https://localhost:$PORT/atlas/out/file1?authz=$R\"",
                with(env(), "R", download), 60);
        assertThat(get.stdout()).as(get.stderr()).isEqualTo("200");
        assertThat(Files.readString(back)).isEqualTo(Files.readString(file));
    }

    @Test
    void uploadMacaroonCannotDownloadWithCurl() throws Exception {
        String upload = macaroonOf(ExternalTool.bash(SEED_COMMAND, env(), 60).stdout());
        ExternalTool.Result get = ExternalTool.bash("curl -sS --capath $D/certificates -o /dev/null -w '%{http_code}' "
                + "-H \"Authorization: Bearer $M\" https://localhost:$PORT/atlas/out/file1",
                with(env(), "M", upload), 60);
        assertThat(get.stdout()).isEqualTo("403");
    }

    private static Map<String, String> with(Map<String, String> env, String key, String value) {
        java.util.HashMap<String, String> copy = new java.util.HashMap<>(env);
        copy.put(key, value);
        return copy;
    }
}
