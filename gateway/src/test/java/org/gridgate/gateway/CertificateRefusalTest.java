package org.gridgate.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.gridgate.certs.CertificateAuthority;
import org.gridgate.certs.DevPki;
import org.gridgate.certs.GridCredential;
import org.gridgate.certs.ProxySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The negative credential matrix over real TLS: the handshake lets every client in, and the door answers each bad
 * chain with 401 and the reason, so the client learns what is wrong instead of seeing a TLS alert.
 */
class CertificateRefusalTest {

    @RegisterExtension
    static final DevDoorExtension door = DevDoorExtension.dev();
    static CertificateAuthority ca;
    static GridCredential user;

    @BeforeAll
    static void seed() throws Exception {
        ca = CertificateAuthority.read(door.environment().directory().resolve("ca/ca.pem"),
                door.environment().directory().resolve("ca/ca.key"));
        user = GridCredential.read(door.environment().pki().userCertificate(), door.environment().pki().userKey());
    }

    private void expectRefused(GridCredential credential, String reason) throws Exception {
        Path pem = credential.write(door.scratch().resolve("cred-" + System.nanoTime() + ".pem"));
        given(door.withCredential(pem)).contentType("application/macaroon-request").body("{}")
                .post("/atlas/x").then().statusCode(401).body(containsString(reason));
    }

    @Test
    void expiredProxyIsRefused() throws Exception {
        expectRefused(user.proxy(ProxySpec.rfc3820(Duration.ofHours(1)).expired()), "expired");
    }

    @Test
    void expiredEndEntityIsRefused() throws Exception {
        Instant now = Instant.now();
        GridCredential expired = ca.issueUser("/DC=org/DC=example/CN=Old User", now.minus(Duration.ofDays(30)),
                now.minus(Duration.ofDays(1)));
        expectRefused(expired.proxy(ProxySpec.rfc3820(Duration.ofHours(1))), "expired");
    }

    @Test
    void proxySignedWithTheWrongKeyIsRefused() throws Exception {
        expectRefused(user.withUnrelatedKey().proxy(ProxySpec.rfc3820(Duration.ofHours(1))), "refused");
    }

    @Test
    void unknownCaIsRefused() throws Exception {
        CertificateAuthority stranger = CertificateAuthority.create("/DC=org/DC=stranger/CN=Stranger CA",
                Duration.ofDays(10));
        // A JDK client only offers certificates from the CAs the server names, so curl, which offers whatever
        // it is given (as grid clients do), presents this one.
        ExternalTool.require("curl");
        Path pem = stranger.issueUser("/DC=org/DC=stranger/CN=Mallory", Duration.ofDays(1))
                .write(door.scratch().resolve("stranger.pem"));
        ExternalTool.Result result = ExternalTool.bash("curl -sS -E " + pem + " --capath "
                + door.environment().pki().caDirectory() + " -w ' %{http_code}' -X POST "
                + "-H 'Content-Type: application/macaroon-request' " + door.url("/atlas/x"), java.util.Map.of(), 60);
        org.assertj.core.api.Assertions.assertThat(result.stdout()).as(result.stderr())
                .contains("unknown CA").endsWith(" 401");
    }

    @Test
    void proxyBeyondItsPathLengthIsRefused() throws Exception {
        GridCredential first = user.proxy(ProxySpec.rfc3820(Duration.ofHours(2)).withPathLimit(0));
        expectRefused(first.proxy(ProxySpec.rfc3820(Duration.ofHours(1))), "path length");
    }

    @Test
    void serverOnlyHostCertificateIsRefusedAsClient() throws Exception {
        expectRefused(ca.issueHost("otherhost.example.org", Duration.ofDays(1), false), "refused");
    }

    @Test
    void certificateOutsideTheCaNamespaceIsRefused() throws Exception {
        expectRefused(ca.issueUser("/DC=com/DC=elsewhere/CN=Outsider", Duration.ofDays(1)), "namespace");
    }

    @Test
    void userCertificateWithoutProxyIsAccepted() throws Exception {
        Path pem = user.write(door.scratch().resolve("plain-user.pem"));
        given(door.withCredential(pem)).contentType("application/macaroon-request").body("{}")
                .post("/atlas/x").then().statusCode(200);
    }

    @Test
    void devUserNameIsTheOneTheDoorSees() {
        org.assertj.core.api.Assertions.assertThat(user.dn()).isEqualTo(DevPki.USER_DN);
    }
}
