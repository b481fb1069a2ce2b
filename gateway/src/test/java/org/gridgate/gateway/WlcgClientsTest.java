package org.gridgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Real clients with a WLCG token from the SciTokens reference tool ({@code scitokens-create}, Debian's
 * scitokens-cpp, WLCG profile) instead of a proxy or a macaroon: curl, gfal2 ({@code BEARER_TOKEN}), davix and
 * rclone for direct access, and the compute element's curl mint with the token in place of the proxy.
 */
class WlcgClientsTest {

    static final WlcgIssuer issuer = started();

    @RegisterExtension
    static final DevDoorExtension door = DevDoorExtension.configuredWith(WlcgTokenTest.POLICY,
            () -> "tokens:\n  issuers:\n" + issuer.configEntry("/"))
            .requiring("scitokens-create", "curl", "gfal-copy", "davix-put", "rclone");

    private static WlcgIssuer started() {
        try {
            return WlcgIssuer.start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeAll
    static void seed() throws Exception {
        Files.createDirectories(door.dataDir().resolve("atlas/out"));
        Files.writeString(door.dataDir().resolve("atlas/in.txt"), "input for the job\n");
    }

    @AfterAll
    static void stopIssuer() {
        issuer.close();
    }

    /** A WLCG-profile token made by scitokens-create with the issuer's key, reading /atlas and creating /atlas/out. */
    private static String scitoken() throws Exception {
        Path key = issuer.writePem(door.scratch());
        ExternalTool.Result made = ExternalTool.bash("scitokens-create -k " + key + " -c "
                + door.scratch().resolve("issuer-pub.pem") + " -K k1 -i " + issuer.url() + " -p wlcg"
                + " --claim sub=alice --claim aud=https://localhost --claim wlcg.groups=/atlas"
                + " --claim 'scope=storage.read:/atlas storage.create:/atlas/out'", Map.of(), 60);
        assertThat(made.exitCode()).as(made.stderr()).isZero();
        return made.stdout().trim();
    }

    private static Map<String, String> env(String token) {
        Map<String, String> env = new HashMap<>();
        env.put("D", door.environment().directory().toString());
        env.put("CA", door.environment().pki().caDirectory().toString());
        env.put("PORT", Integer.toString(door.port()));
        env.put("TOKEN", token);
        return env;
    }

    private static ExternalTool.Result run(String script, String token) throws Exception {
        return ExternalTool.bash("unset X509_USER_PROXY X509_USER_CERT X509_USER_KEY; " + script, env(token), 120);
    }

    @Test
    void curlReadsAndCreatesButCannotOverwrite() throws Exception {
        String token = scitoken();
        Path file = door.scratch().resolve("curl.txt");
        Files.writeString(file, "from curl\n");
        ExternalTool.Result get = run("curl -sS --capath $CA -H \"Authorization: Bearer $TOKEN\" "
                + "https://localhost:$PORT/atlas/in.txt", token);
        assertThat(get.stdout()).as(get.stderr()).isEqualTo("input for the job\n");
        String put = "curl -sS --capath $CA -H \"Authorization: Bearer $TOKEN\" -T " + file
                + " -o /dev/null -w '%{http_code}' https://localhost:$PORT/atlas/out/curl.txt";
        assertThat(run(put, token).stdout()).isEqualTo("201");
        assertThat(run(put, token).stdout()).isEqualTo("403");
    }

    @Test
    void seedCommandMintsWithATokenInsteadOfAProxy() throws Exception {
        String token = scitoken();
        ExternalTool.Result minted = run("curl --capath $D/certificates -sH 'Content-Type:application/macaroon-request' "
                + "-H \"Authorization: Bearer $TOKEN\" -X POST "
                + "-d '{\"caveats\":[\"activity:UPLOAD\"],\"validity\":\"PT24H\"}' "
                + "https://localhost:$PORT/atlas/out/file1", token);
        assertThat(minted.exitCode()).as(minted.stderr()).isZero();
        String macaroon = CurlInteropTest.macaroonOf(minted.stdout());
        Path file = door.scratch().resolve("payload");
        Files.writeString(file, "job output\n".repeat(100));
        ExternalTool.Result put = run("curl -sS --capath $D/certificates -H \"Authorization: Bearer $TOKEN\" -T "
                + file + " -o /dev/null -w '%{http_code}' https://localhost:$PORT/atlas/out/file1", macaroon);
        assertThat(put.stdout()).as(put.stderr()).isEqualTo("201");
        assertThat(door.dataDir().resolve("atlas/out/file1")).hasSameTextualContentAs(file);
    }

    @Test
    void gfalCopiesUpAndDownWithTheToken() throws Exception {
        String token = scitoken();
        Path local = door.scratch().resolve("gfal.bin");
        Files.write(local, new byte[200_000]);
        Path back = door.scratch().resolve("gfal.back");
        String gfal = "export GFAL_PYTHONBIN=/usr/bin/python3 X509_CERT_DIR=$CA BEARER_TOKEN=\"$TOKEN\"; ";
        ExternalTool.Result up = run(gfal + "gfal-copy " + local.toUri() + " davs://localhost:$PORT/atlas/out/gfal.bin",
                token);
        assertThat(up.exitCode()).as(up.stderr()).isZero();
        ExternalTool.Result down = run(gfal + "gfal-copy davs://localhost:$PORT/atlas/out/gfal.bin " + back.toUri(),
                token);
        assertThat(down.exitCode()).as(down.stderr()).isZero();
        assertThat(back).hasSameBinaryContentAs(local);
    }

    @Test
    void davixPutsAndGetsWithTheToken() throws Exception {
        String token = scitoken();
        Path local = door.scratch().resolve("davix.bin");
        Files.write(local, new byte[50_000]);
        Path back = door.scratch().resolve("davix.back");
        ExternalTool.Result put = run("davix-put -H \"Authorization: Bearer $TOKEN\" --capath $CA " + local
                + " https://localhost:$PORT/atlas/out/davix.bin", token);
        assertThat(put.exitCode()).as(put.stderr()).isZero();
        ExternalTool.Result get = run("davix-get -H \"Authorization: Bearer $TOKEN\" --capath $CA "
                + "https://localhost:$PORT/atlas/out/davix.bin " + back, token);
        assertThat(get.exitCode()).as(get.stderr()).isZero();
        assertThat(back).hasSameBinaryContentAs(local);
    }

    @Test
    void rcloneCopiesATreeWithTheToken() throws Exception {
        String token = scitoken();
        Path tree = door.scratch().resolve("tree");
        Files.createDirectories(tree.resolve("sub"));
        Files.writeString(tree.resolve("a.txt"), "a\n");
        Files.writeString(tree.resolve("sub/b.txt"), "b\n");
        Map<String, String> rclone = new HashMap<>(env(token));
        rclone.put("RCLONE_CONFIG", door.scratch().resolve("no-rclone.conf").toString());
        rclone.put("RCLONE_WEBDAV_URL", "https://localhost:" + door.port() + "/atlas/out");
        rclone.put("RCLONE_WEBDAV_VENDOR", "other");
        rclone.put("RCLONE_WEBDAV_BEARER_TOKEN", token);
        rclone.put("RCLONE_CA_CERT", door.environment().directory().resolve("ca/ca.pem").toString());
        rclone.put("RCLONE_RETRIES", "1");
        rclone.put("RCLONE_LOW_LEVEL_RETRIES", "1");
        ExternalTool.Result copy = ExternalTool.bash("rclone copy " + tree + " :webdav:rc", rclone, 120);
        assertThat(copy.exitCode()).as(copy.stderr()).isZero();
        assertThat(door.dataDir().resolve("atlas/out/rc/sub/b.txt")).hasSameTextualContentAs(tree.resolve("sub/b.txt"));
        ExternalTool.Result check = ExternalTool.bash("rclone check " + tree + " :webdav:rc", rclone, 120);
        assertThat(check.exitCode()).as(check.stderr()).isZero();
    }
}
