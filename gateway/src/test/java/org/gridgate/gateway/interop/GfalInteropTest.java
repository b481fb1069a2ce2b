package org.gridgate.gateway.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.gridgate.gateway.ExternalTool;
import org.gridgate.gateway.DevDoorExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * gfal2 (gfal2-util, http plugin over davix) as a grid job runs it, with the system configuration untouched. That
 * configuration has {@code RETRIEVE_BEARER_TOKEN=true}: with a proxy, gfal2 first asks the door for a macaroon
 * for each operation (POST application/macaroon-request) and then works with that macaroon, as against dCache.
 * With {@code BEARER_TOKEN} set it uses that token alone.
 */
class GfalInteropTest {

    @RegisterExtension
    static final DevDoorExtension door = DevDoorExtension.dev().requiring("gfal-copy");



    @Test
    void gfalTokenMintsAMacaroonThatUploadsWithoutTheProxy() throws Exception {
        ExternalTool.Result token = gfal("gfal-token " + davs("/gfal/token/") + " UPLOAD DOWNLOAD LIST --validity 30");
        assertThat(token.exitCode()).as(token.stderr()).isZero();
        Path local = LocalFiles.random(door.scratch().resolve("local"), "token.bin", 20_000);

        ExternalTool.Result copy = gfalWithToken(token.stdout().trim(),
                "gfal-copy " + local.toUri() + " " + davs("/gfal/token/out.bin"));

        assertThat(copy.exitCode()).as(copy.stderr()).isZero();
        assertThat(door.dataDir().resolve("gfal/token/out.bin")).hasSameBinaryContentAs(local);
    }

    @Test
    void copiesUpAndDownWithTheProxy() throws Exception {
        Path local = LocalFiles.random(door.scratch().resolve("local"), "proxy.bin", 300_000);
        Path back = door.scratch().resolve("proxy.back");

        ExternalTool.Result up = gfal("gfal-copy " + local.toUri() + " " + davs("/gfal/proxy/file.bin"));
        ExternalTool.Result down = gfal("gfal-copy " + davs("/gfal/proxy/file.bin") + " " + back.toUri());

        assertThat(up.exitCode()).as(up.stderr()).isZero();
        assertThat(down.exitCode()).as(down.stderr()).isZero();
        assertThat(back).hasSameBinaryContentAs(local);
    }

    @Test
    void proxyAloneWithoutTokenRetrievalCreatesParentsAndUploads() throws Exception {
        Path local = LocalFiles.random(door.scratch().resolve("local"), "plain-x509.bin", 30_000);

        ExternalTool.Result copy = gfal("gfal-copy -D 'HTTP PLUGIN:RETRIEVE_BEARER_TOKEN=false' -p " + local.toUri()
                + " " + davs("/gfal/x509only/a/b/f.bin"));

        assertThat(copy.exitCode()).as(copy.stderr()).isZero();
        assertThat(door.dataDir().resolve("gfal/x509only/a/b/f.bin")).hasSameBinaryContentAs(local);
    }

    @Test
    void copiesUpAndDownWithAMacaroonAlone() throws Exception {
        String macaroon = door.mint("/gfal/bearer", "{\"caveats\":[\"activity:UPLOAD,DOWNLOAD\"]}");
        Path local = LocalFiles.random(door.scratch().resolve("local"), "bearer.bin", 300_000);
        Path back = door.scratch().resolve("bearer.back");

        ExternalTool.Result up = gfalWithToken(macaroon,
                "gfal-copy " + local.toUri() + " " + davs("/gfal/bearer/file.bin"));
        ExternalTool.Result down = gfalWithToken(macaroon,
                "gfal-copy " + davs("/gfal/bearer/file.bin") + " " + back.toUri());

        assertThat(up.exitCode()).as(up.stderr()).isZero();
        assertThat(down.exitCode()).as(down.stderr()).isZero();
        assertThat(back).hasSameBinaryContentAs(local);
    }

    @Test
    void computeElementsUploadMacaroonUploadsTheOutputFile() throws Exception {
        String upload = door.mint("/atlas/gfal/out/file1", ComputeElement.UPLOAD_REQUEST);
        Path local = LocalFiles.random(door.scratch().resolve("local"), "output.root", 200_000);

        ExternalTool.Result copy = gfalWithToken(upload, "gfal-copy " + local.toUri() + " "
                + davs("/atlas/gfal/out/file1"));

        assertThat(copy.exitCode()).as(copy.stderr()).isZero();
        assertThat(door.dataDir().resolve("atlas/gfal/out/file1")).hasSameBinaryContentAs(local);
    }

    @Test
    void uploadWithChecksumVerificationAgreesWithTheDoorsAdler32() throws Exception {
        Path local = LocalFiles.random(door.scratch().resolve("local"), "verified.bin", 100_000);

        ExternalTool.Result copy = gfal("gfal-copy -K ADLER32 " + local.toUri() + " " + davs("/gfal/k/verified.bin"));

        assertThat(copy.exitCode()).as(copy.stderr()).isZero();
    }

    @Test
    void downloadOnlyMacaroonCannotUpload() throws Exception {
        String macaroon = door.mint("/gfal/readonly", "{\"caveats\":[\"activity:DOWNLOAD\"]}");
        Path local = LocalFiles.random(door.scratch().resolve("local"), "refused.bin", 1_000);

        ExternalTool.Result copy = gfalWithToken(macaroon,
                "gfal-copy " + local.toUri() + " " + davs("/gfal/readonly/refused.bin"));

        assertThat(copy.exitCode()).isNotZero();
        assertThat(copy.stderr()).contains("403");
        assertThat(door.dataDir().resolve("gfal/readonly/refused.bin")).doesNotExist();
    }

    @Test
    void bearerTokenIsUsedEvenWhenAProxyIsPresent() throws Exception {
        String macaroon = door.mint("/gfal/both", "{\"caveats\":[\"activity:DOWNLOAD\"]}");
        Path local = LocalFiles.random(door.scratch().resolve("local"), "both.bin", 1_000);

        ExternalTool.Result copy = gfal("BEARER_TOKEN=\"$TOKEN\" gfal-copy " + local.toUri() + " "
                + davs("/gfal/both/f.bin"), Map.of("TOKEN", macaroon));

        assertThat(copy.exitCode()).as("the DOWNLOAD-only token decides, not the proxy").isNotZero();
        assertThat(copy.stderr()).contains("403");
    }

    @Test
    void uploadOnlyMacaroonCannotOverwriteAnExistingFile() throws Exception {
        Path first = LocalFiles.random(door.scratch().resolve("local"), "first.bin", 1_000);
        Path second = LocalFiles.random(door.scratch().resolve("local"), "second.bin", 2_000);
        assertThat(gfal("gfal-copy " + first.toUri() + " " + davs("/gfal/once/f.bin")).exitCode()).isZero();
        String upload = door.mint("/gfal/once/f.bin", "{\"caveats\":[\"activity:UPLOAD\"]}");

        ExternalTool.Result copy = gfalWithToken(upload,
                "gfal-copy -f " + second.toUri() + " " + davs("/gfal/once/f.bin"));

        assertThat(copy.exitCode()).isNotZero();
        assertThat(copy.stderr()).contains("403");
        assertThat(door.dataDir().resolve("gfal/once/f.bin")).hasSameBinaryContentAs(first);
    }

    @Test
    void copyRefusesToReplaceAnExistingFileWithoutForce() throws Exception {
        Path first = LocalFiles.random(door.scratch().resolve("local"), "keep.bin", 1_000);
        Path second = LocalFiles.random(door.scratch().resolve("local"), "other.bin", 2_000);
        assertThat(gfal("gfal-copy " + first.toUri() + " " + davs("/gfal/noforce/f.bin")).exitCode()).isZero();

        ExternalTool.Result copy = gfal("gfal-copy " + second.toUri() + " " + davs("/gfal/noforce/f.bin"));

        assertThat(copy.exitCode()).isEqualTo(17);
        assertThat(door.dataDir().resolve("gfal/noforce/f.bin")).hasSameBinaryContentAs(first);
    }

    @Test
    void copyWithForceReplacesAnExistingFile() throws Exception {
        Path first = LocalFiles.random(door.scratch().resolve("local"), "old.bin", 1_000);
        Path second = LocalFiles.random(door.scratch().resolve("local"), "new.bin", 2_000);
        assertThat(gfal("gfal-copy " + first.toUri() + " " + davs("/gfal/force/f.bin")).exitCode()).isZero();

        ExternalTool.Result copy = gfal("gfal-copy -f " + second.toUri() + " " + davs("/gfal/force/f.bin"));

        assertThat(copy.exitCode()).as(copy.stderr()).isZero();
        assertThat(door.dataDir().resolve("gfal/force/f.bin")).hasSameBinaryContentAs(second);
    }

    @Test
    void copyFromTheDoorToTheDoorIsAThirdPartyPull() throws Exception {
        Path local = LocalFiles.random(door.scratch().resolve("local"), "tpc.bin", 50_000);
        assertThat(gfal("gfal-copy " + local.toUri() + " " + davs("/gfal/tpc/source.bin")).exitCode()).isZero();

        ExternalTool.Result copy = gfal("gfal-copy -vv " + davs("/gfal/tpc/source.bin") + " "
                + davs("/gfal/tpc/copy.bin"));

        assertThat(copy.exitCode()).as(copy.stderr()).isZero();
        assertThat(copy.stdout() + copy.stderr()).contains("Copy succeeded using mode 3rd pull");
        assertThat(door.dataDir().resolve("gfal/tpc/copy.bin")).hasSameBinaryContentAs(local);
    }

    @Test
    void lsListsTheNamesAndSizesInADirectory() throws Exception {
        Files.createDirectories(door.dataDir().resolve("gfal/ls"));
        Files.write(door.dataDir().resolve("gfal/ls/a.txt"), new byte[123]);
        Files.createDirectories(door.dataDir().resolve("gfal/ls/sub"));

        ExternalTool.Result ls = gfal("gfal-ls -l " + davs("/gfal/ls"));

        assertThat(ls.exitCode()).as(ls.stderr()).isZero();
        assertThat(ls.stdout()).containsPattern("-\\S+ .* 123 .* a\\.txt").containsPattern("d\\S+ .* sub");
    }

    @Test
    void statShowsTheSizeOfAFile() throws Exception {
        Files.createDirectories(door.dataDir().resolve("gfal/stat"));
        Files.write(door.dataDir().resolve("gfal/stat/f"), new byte[4567]);

        ExternalTool.Result stat = gfal("gfal-stat " + davs("/gfal/stat/f"));

        assertThat(stat.exitCode()).as(stat.stderr()).isZero();
        assertThat(stat.stdout()).contains("Size: 4567").contains("regular file");
    }

    @Test
    void statOfAMissingFileSaysNoSuchFile() throws Exception {
        ExternalTool.Result stat = gfal("gfal-stat " + davs("/gfal/stat/missing"));

        assertThat(stat.exitCode()).isEqualTo(2);
        assertThat(stat.stderr()).contains("No such file");
    }

    @Test
    void sumReportsTheAdler32ComputedDuringUpload() throws Exception {
        Path local = LocalFiles.random(door.scratch().resolve("local"), "sum.bin", 70_000);
        assertThat(gfal("gfal-copy " + local.toUri() + " " + davs("/gfal/sum/f.bin")).exitCode()).isZero();

        ExternalTool.Result sum = gfal("gfal-sum " + davs("/gfal/sum/f.bin") + " ADLER32");

        assertThat(sum.exitCode()).as(sum.stderr()).isZero();
        assertThat(sum.stdout().trim()).endsWith(" " + LocalFiles.adler32(local));
    }

    @Test
    void sumOfMd5ThatTheUploadDidNotComputeIsComputedOnDemand() throws Exception {
        Path local = LocalFiles.random(door.scratch().resolve("local"), "md5.bin", 70_000);
        assertThat(gfal("gfal-copy " + local.toUri() + " " + davs("/gfal/sum/md5.bin")).exitCode()).isZero();

        ExternalTool.Result sum = gfal("gfal-sum " + davs("/gfal/sum/md5.bin") + " MD5");

        assertThat(sum.exitCode()).as(sum.stderr()).isZero();
        assertThat(sum.stdout().trim()).endsWith(" " + LocalFiles.md5(local));
    }

    @Test
    void rmDeletesAFile() throws Exception {
        Files.createDirectories(door.dataDir().resolve("gfal/rm"));
        Files.write(door.dataDir().resolve("gfal/rm/f"), new byte[10]);

        ExternalTool.Result rm = gfal("gfal-rm " + davs("/gfal/rm/f"));

        assertThat(rm.exitCode()).as(rm.stderr()).isZero();
        assertThat(door.dataDir().resolve("gfal/rm/f")).doesNotExist();
    }

    @Test
    void recursiveRmDeletesADirectoryTree() throws Exception {
        Files.createDirectories(door.dataDir().resolve("gfal/rmr/a/b"));
        Files.write(door.dataDir().resolve("gfal/rmr/a/b/f"), new byte[10]);
        Files.write(door.dataDir().resolve("gfal/rmr/a/g"), new byte[10]);

        ExternalTool.Result rm = gfal("gfal-rm -r " + davs("/gfal/rmr/a"));

        assertThat(rm.exitCode()).as(rm.stderr()).isZero();
        assertThat(door.dataDir().resolve("gfal/rmr/a")).doesNotExist();
    }

    @Test
    void mkdirWithTheProxyCreatesADirectory() throws Exception {
        Files.createDirectories(door.dataDir().resolve("gfal/mkdir"));

        ExternalTool.Result mkdir = gfal("gfal-mkdir " + davs("/gfal/mkdir/new"));

        assertThat(mkdir.exitCode()).as(mkdir.stderr()).isZero();
        assertThat(door.dataDir().resolve("gfal/mkdir/new")).isDirectory();
    }

    @Test
    void mkdirWithParentsCreatesEveryMissingLevel() throws Exception {
        ExternalTool.Result mkdir = gfal("gfal-mkdir -p " + davs("/gfal/mkdirp/a/b/c"));

        assertThat(mkdir.exitCode()).as(mkdir.stderr()).isZero();
        assertThat(door.dataDir().resolve("gfal/mkdirp/a/b/c")).isDirectory();
    }

    @Test
    void mkdirOfAnExistingDirectorySaysItExists() throws Exception {
        Files.createDirectories(door.dataDir().resolve("gfal/exists/d"));

        ExternalTool.Result mkdir = gfal("gfal-mkdir " + davs("/gfal/exists/d"));

        assertThat(mkdir.exitCode()).isEqualTo(17);
    }

    @Test
    void mkdirWithAMacaroonCreatesADirectoryInsideItsPath() throws Exception {
        Files.createDirectories(door.dataDir().resolve("gfal/tokdir"));
        String macaroon = door.mint("/gfal/tokdir", "{\"caveats\":[\"activity:UPLOAD,LIST\"]}");

        ExternalTool.Result mkdir = gfalWithToken(macaroon, "gfal-mkdir " + davs("/gfal/tokdir/new"));

        assertThat(mkdir.exitCode()).as(mkdir.stderr()).isZero();
        assertThat(door.dataDir().resolve("gfal/tokdir/new")).isDirectory();
    }

    @Test
    void renameMovesAFile() throws Exception {
        Files.createDirectories(door.dataDir().resolve("gfal/mv"));
        Files.write(door.dataDir().resolve("gfal/mv/old"), new byte[42]);

        ExternalTool.Result mv = gfal("gfal-rename " + davs("/gfal/mv/old") + " " + davs("/gfal/mv/new"));

        assertThat(mv.exitCode()).as(mv.stderr()).isZero();
        assertThat(door.dataDir().resolve("gfal/mv/old")).doesNotExist();
        assertThat(door.dataDir().resolve("gfal/mv/new")).hasSize(42);
    }

    private static String davs(String path) {
        return "davs://localhost:" + door.port() + path;
    }

    /** Runs a gfal command with the dev proxy, as a grid job would. */
    private static ExternalTool.Result gfal(String command) throws Exception {
        return gfal(command, Map.of());
    }

    private static ExternalTool.Result gfal(String command, Map<String, String> extra) throws Exception {
        Map<String, String> env = new HashMap<>(baseEnv());
        env.put("X509_USER_PROXY", door.environment().pki().userProxy().toString());
        env.putAll(extra);
        return ExternalTool.bash(command, env, 120);
    }

    /** Runs a gfal command with a bearer token and no proxy at all, as a desktop would. */
    private static ExternalTool.Result gfalWithToken(String token, String command) throws Exception {
        Map<String, String> env = new HashMap<>(baseEnv());
        env.put("TOKEN", token);
        return ExternalTool.bash("unset X509_USER_PROXY X509_USER_CERT X509_USER_KEY; export BEARER_TOKEN=\"$TOKEN\"; "
                + command, env, 120);
    }

    private static Map<String, String> baseEnv() {
        // The gfal-* scripts would otherwise pick the first python3 on PATH, which may not see the gfal2 bindings.
        return Map.of("GFAL_PYTHONBIN", "/usr/bin/python3",
                "X509_CERT_DIR", door.environment().pki().caDirectory().toString());
    }
}
