package org.gridgate.gateway.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.gridgate.gateway.ExternalTool;
import org.gridgate.gateway.DevDoorExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The davix command-line tools, with the proxy ({@code --cert/--key} or {@code -E}) and with a bearer header.
 * davix ignores X509_CERT_DIR, so every command names the CA directory with {@code --capath}.
 */
class DavixInteropTest {

    @RegisterExtension
    static final DevDoorExtension door = DevDoorExtension.dev().requiring("davix-put");



    @Test
    void putAndGetWithTheProxy() throws Exception {
        Path local = LocalFiles.random(door.scratch().resolve("local"), "proxy.bin", 2_000_000);
        Path back = door.scratch().resolve("proxy.back");

        ExternalTool.Result put = davix("davix-put --cert $PROXY --key $PROXY --capath $CA " + local + " "
                + https("/davix/proxy/f.bin"));
        ExternalTool.Result get = davix("davix-get --cert $PROXY --capath $CA " + https("/davix/proxy/f.bin")
                + " " + back);

        assertThat(put.exitCode()).as(put.stderr()).isZero();
        assertThat(get.exitCode()).as(get.stderr()).isZero();
        assertThat(back).hasSameBinaryContentAs(local);
    }

    @Test
    void lsWithTheProxyListsSizes() throws Exception {
        Files.createDirectories(door.dataDir().resolve("davix/ls/sub"));
        Files.write(door.dataDir().resolve("davix/ls/f.bin"), new byte[31_337]);

        ExternalTool.Result ls = davix("davix-ls -l -E $PROXY --capath $CA " + https("/davix/ls/"));

        assertThat(ls.exitCode()).as(ls.stderr()).isZero();
        assertThat(ls.stdout()).containsPattern("-\\S+ .*31337 .*f\\.bin").containsPattern("d\\S+ .*sub");
    }

    @Test
    void putAndGetWithABearerHeaderOnly() throws Exception {
        String macaroon = door.mint("/davix/bearer", "{\"caveats\":[\"activity:UPLOAD,DOWNLOAD\"]}");
        Path local = LocalFiles.random(door.scratch().resolve("local"), "bearer.bin", 500_000);
        Path back = door.scratch().resolve("bearer.back");

        ExternalTool.Result put = davixWithToken(macaroon, "davix-put -H \"Authorization: Bearer $TOKEN\" --capath $CA "
                + local + " " + https("/davix/bearer/f.bin"));
        ExternalTool.Result get = davixWithToken(macaroon, "davix-get -H \"Authorization: Bearer $TOKEN\" --capath $CA "
                + https("/davix/bearer/f.bin") + " " + back);

        assertThat(put.exitCode()).as(put.stderr()).isZero();
        assertThat(get.exitCode()).as(get.stderr()).isZero();
        assertThat(back).hasSameBinaryContentAs(local);
    }

    @Test
    void lsWithABearerHeaderOnly() throws Exception {
        Files.createDirectories(door.dataDir().resolve("davix/bearerls"));
        Files.write(door.dataDir().resolve("davix/bearerls/f.bin"), new byte[4_321]);
        String macaroon = door.mint("/davix/bearerls", "{\"caveats\":[\"activity:LIST\"]}");

        ExternalTool.Result ls = davixWithToken(macaroon,
                "davix-ls -l -H \"Authorization: Bearer $TOKEN\" --capath $CA " + https("/davix/bearerls"));

        assertThat(ls.exitCode()).as(ls.stderr()).isZero();
        assertThat(ls.stdout()).containsPattern("4321 .*f\\.bin");
    }

    @Test
    void computeElementsUploadMacaroonUploadsTheOutputFile() throws Exception {
        String upload = door.mint("/atlas/davix/out/file1", ComputeElement.UPLOAD_REQUEST);
        Path local = LocalFiles.random(door.scratch().resolve("local"), "output.root", 200_000);

        ExternalTool.Result put = davixWithToken(upload, "davix-put -H \"Authorization: Bearer $TOKEN\" --capath $CA "
                + local + " " + https("/atlas/davix/out/file1"));

        assertThat(put.exitCode()).as(put.stderr()).isZero();
        assertThat(door.dataDir().resolve("atlas/davix/out/file1")).hasSameBinaryContentAs(local);
    }

    @Test
    void downloadOnlyBearerCannotPut() throws Exception {
        String macaroon = door.mint("/davix/readonly", "{\"caveats\":[\"activity:DOWNLOAD\"]}");
        Path local = LocalFiles.random(door.scratch().resolve("local"), "refused.bin", 1_000);

        ExternalTool.Result put = davixWithToken(macaroon, "davix-put -H \"Authorization: Bearer $TOKEN\" --capath $CA "
                + local + " " + https("/davix/readonly/f.bin"));

        assertThat(put.exitCode()).isNotZero();
        assertThat(put.stderr()).contains("403");
        assertThat(door.dataDir().resolve("davix/readonly/f.bin")).doesNotExist();
    }

    @Test
    void uploadOnlyBearerCannotList() throws Exception {
        Files.createDirectories(door.dataDir().resolve("davix/nolist"));
        String macaroon = door.mint("/davix/nolist", "{\"caveats\":[\"activity:UPLOAD\"]}");

        ExternalTool.Result ls = davixWithToken(macaroon, "davix-ls -H \"Authorization: Bearer $TOKEN\" --capath $CA "
                + https("/davix/nolist/"));

        assertThat(ls.exitCode()).isNotZero();
        assertThat(ls.stderr()).contains("403");
    }

    private static String https(String path) {
        return "https://localhost:" + door.port() + path;
    }

    private static ExternalTool.Result davix(String command) throws Exception {
        return ExternalTool.bash(command, Map.of("PROXY", door.environment().pki().userProxy().toString(),
                "CA", door.environment().pki().caDirectory().toString()), 120);
    }

    private static ExternalTool.Result davixWithToken(String token, String command) throws Exception {
        return ExternalTool.bash("unset X509_USER_PROXY X509_USER_CERT X509_USER_KEY; " + command,
                Map.of("TOKEN", token, "CA", door.environment().pki().caDirectory().toString()), 120);
    }
}
