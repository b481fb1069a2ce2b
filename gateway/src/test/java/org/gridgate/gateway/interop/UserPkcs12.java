package org.gridgate.gateway.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.gridgate.gateway.ExternalTool;
import org.gridgate.gateway.TestDoor;

/**
 * The dev user's certificate and key as PKCS#12, the form neon clients (cadaver, litmus) load. The empty
 * password keeps neon from prompting for one; a proxy would not do, as neon sends no certificate chain.
 */
final class UserPkcs12 {

    private UserPkcs12() {
    }

    static Path export(TestDoor door, Path target) throws Exception {
        ExternalTool.Result export = ExternalTool.bash(
                "openssl pkcs12 -export -in \"$CERT\" -inkey \"$KEY\" -passout pass: -out \"$OUT\"",
                Map.of("CERT", door.dev.pki().userCertificate().toString(),
                        "KEY", door.dev.pki().userKey().toString(),
                        "OUT", target.toString()), 60);
        assertThat(export.exitCode()).as(export.stderr()).isZero();
        return target;
    }
}
