package org.gridgate.gateway.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.gridgate.gateway.ExternalTool;
import org.gridgate.gateway.DevDoorExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * rclone's webdav backend (vendor "other") with a macaroon as bearer token, or the proxy as client certificate.
 * rclone assumes the remote's root exists; below it, it lists with PROPFIND Depth 1, creates directories with
 * MKCOL (trailing slash), uploads with PUT and checks each upload with a PROPFIND of the file (size, modtime).
 */
class RcloneInteropTest {

    @RegisterExtension
    static final DevDoorExtension door = DevDoorExtension.dev().requiring("rclone");
    static Path tree;

    @BeforeAll
    static void seed() throws Exception {
        tree = door.scratch().resolve("tree");
        LocalFiles.random(tree, "a.bin", 10_000);
        LocalFiles.random(tree.resolve("sub"), "b.bin", 300_000);
        LocalFiles.random(tree.resolve("sub/deeper"), "c.bin", 1);
    }

    @Test
    void copyUploadsADirectoryTreeWithABearerToken() throws Exception {
        String macaroon = rootWithMacaroon("/rclone/up", "UPLOAD,LIST");

        ExternalTool.Result copy = rclone("copy " + tree + " :webdav:dst", bearer("/rclone/up", macaroon));

        assertThat(copy.exitCode()).as(copy.stderr()).isZero();
        assertThat(door.dataDir().resolve("rclone/up/dst/a.bin")).hasSameBinaryContentAs(tree.resolve("a.bin"));
        assertThat(door.dataDir().resolve("rclone/up/dst/sub/deeper/c.bin"))
                .hasSameBinaryContentAs(tree.resolve("sub/deeper/c.bin"));
    }

    @Test
    void copyDownloadsADirectoryTreeWithABearerToken() throws Exception {
        String macaroon = rootWithMacaroon("/rclone/down", "UPLOAD,DOWNLOAD,LIST");
        assertThat(rclone("copy " + tree + " :webdav:src", bearer("/rclone/down", macaroon)).exitCode()).isZero();
        Path back = door.scratch().resolve("down-back");

        ExternalTool.Result copy = rclone("copy :webdav:src " + back, bearer("/rclone/down", macaroon));

        assertThat(copy.exitCode()).as(copy.stderr()).isZero();
        assertThat(back.resolve("sub/b.bin")).hasSameBinaryContentAs(tree.resolve("sub/b.bin"));
    }

    @Test
    void lsfListsTheTreeRecursively() throws Exception {
        String macaroon = rootWithMacaroon("/rclone/lsf", "UPLOAD,LIST");
        assertThat(rclone("copy " + tree + " :webdav:", bearer("/rclone/lsf", macaroon)).exitCode()).isZero();

        ExternalTool.Result lsf = rclone("lsf -R :webdav:", bearer("/rclone/lsf", macaroon));

        assertThat(lsf.exitCode()).as(lsf.stderr()).isZero();
        assertThat(lsf.stdout().lines()).containsExactlyInAnyOrder(
                "a.bin", "sub/", "sub/b.bin", "sub/deeper/", "sub/deeper/c.bin");
    }

    @Test
    void checkFindsNoDifferenceAfterCopy() throws Exception {
        String macaroon = rootWithMacaroon("/rclone/check", "UPLOAD,LIST");
        assertThat(rclone("copy " + tree + " :webdav:", bearer("/rclone/check", macaroon)).exitCode()).isZero();

        ExternalTool.Result check = rclone("check " + tree + " :webdav:", bearer("/rclone/check", macaroon));

        assertThat(check.exitCode()).as(check.stderr()).isZero();
        assertThat(check.stderr()).contains("0 differences found").contains("3 matching files");
    }

    @Test
    void checkNoticesAFileWhoseSizeChangedOnTheDoor() throws Exception {
        String macaroon = rootWithMacaroon("/rclone/changed", "UPLOAD,LIST");
        assertThat(rclone("copy " + tree + " :webdav:", bearer("/rclone/changed", macaroon)).exitCode()).isZero();
        Files.write(door.dataDir().resolve("rclone/changed/sub/b.bin"), new byte[7]);

        ExternalTool.Result check = rclone("check " + tree + " :webdav:", bearer("/rclone/changed", macaroon));

        assertThat(check.exitCode()).isNotZero();
        assertThat(check.stderr()).contains("sub/b.bin: sizes differ").contains("1 differences found");
    }

    @Test
    void secondCopyTransfersNothing() throws Exception {
        String macaroon = rootWithMacaroon("/rclone/again", "UPLOAD,LIST");
        assertThat(rclone("copy " + tree + " :webdav:", bearer("/rclone/again", macaroon)).exitCode()).isZero();

        ExternalTool.Result again = rclone("copy -v " + tree + " :webdav:", bearer("/rclone/again", macaroon));

        assertThat(again.exitCode()).as(again.stderr()).isZero();
        assertThat(again.stderr()).contains("There was nothing to transfer");
    }

    @Test
    void copyWithTheProxyAsClientCertificate() throws Exception {
        Files.createDirectories(door.dataDir().resolve("rclone/x509"));
        Map<String, String> flags = new HashMap<>(common("/rclone/x509"));
        flags.put("RCLONE_CLIENT_CERT", door.environment().pki().userProxy().toString());
        flags.put("RCLONE_CLIENT_KEY", door.environment().pki().userProxy().toString());

        ExternalTool.Result copy = rclone("copy " + tree + " :webdav:", flags);

        assertThat(copy.exitCode()).as(copy.stderr()).isZero();
        assertThat(door.dataDir().resolve("rclone/x509/sub/b.bin")).hasSameBinaryContentAs(tree.resolve("sub/b.bin"));
    }

    @Test
    void computeElementsUploadMacaroonUploadsTheOutputFile() throws Exception {
        String upload = door.mint("/atlas/rclone/out/file1", ComputeElement.UPLOAD_REQUEST);

        ExternalTool.Result copy = rclone("copyto " + tree.resolve("sub/b.bin") + " :webdav:file1",
                bearer("/atlas/rclone/out", upload));

        assertThat(copy.exitCode()).as(copy.stderr()).isZero();
        assertThat(door.dataDir().resolve("atlas/rclone/out/file1")).hasSameBinaryContentAs(tree.resolve("sub/b.bin"));
    }

    @Test
    void downloadOnlyTokenCannotUpload() throws Exception {
        String macaroon = rootWithMacaroon("/rclone/readonly", "DOWNLOAD,LIST");

        ExternalTool.Result copy = rclone("copy " + tree + " :webdav:", bearer("/rclone/readonly", macaroon));

        assertThat(copy.exitCode()).isNotZero();
        assertThat(copy.stderr()).contains("403");
        assertThat(door.dataDir().resolve("rclone/readonly/a.bin")).doesNotExist();
    }

    /** Creates the remote's root (rclone will not) and mints a macaroon for it. */
    private static String rootWithMacaroon(String root, String activities) throws Exception {
        Files.createDirectories(door.dataDir().resolve(root.substring(1)));
        return door.mint(root, "{\"caveats\":[\"activity:" + activities + "\"]}");
    }

    private static Map<String, String> bearer(String root, String macaroon) {
        Map<String, String> env = new HashMap<>(common(root));
        env.put("RCLONE_WEBDAV_BEARER_TOKEN", macaroon);
        return env;
    }

    /** rclone reads every flag from RCLONE_* variables too, which keeps the token off the command line. */
    private static Map<String, String> common(String root) {
        return Map.of("RCLONE_CONFIG", door.scratch().resolve("no-rclone.conf").toString(),
                "RCLONE_WEBDAV_URL", "https://localhost:" + door.port() + root,
                "RCLONE_WEBDAV_VENDOR", "other",
                "RCLONE_CA_CERT", door.environment().directory().resolve("ca/ca.pem").toString(),
                "RCLONE_RETRIES", "1",
                "RCLONE_LOW_LEVEL_RETRIES", "1");
    }

    private static ExternalTool.Result rclone(String arguments, Map<String, String> env) throws Exception {
        return ExternalTool.bash("rclone " + arguments, env, 120);
    }
}
