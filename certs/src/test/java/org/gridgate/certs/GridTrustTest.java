package org.gridgate.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The accept/refuse matrix of client chains, with real certificates from the dev PKI. */
class GridTrustTest {
    private static final Duration DAY = Duration.ofDays(1);

    @TempDir
    static Path dir;
    static DevPki pki;
    static GridTrust trust;
    static GridCredential revokedUser;

    @BeforeAll
    static void openTrust() throws IOException {
        pki = DevPki.createOrReuse(dir);
        revokedUser = pki.certificateAuthority().issueUser("/DC=org/DC=example/CN=Revoked User", DAY);
        pki.certificateAuthority().revoke(pki.caDirectory(), revokedUser.certificate());
        trust = GridTrust.open(pki.caDirectory(), Optional.empty(), IdentityMapping.none());
    }

    @AfterAll
    static void closeTrust() {
        trust.close();
    }

    private static GridCredential rfcProxy() {
        return pki.user().proxy(ProxySpec.rfc3820(Duration.ofHours(12)));
    }

    private static String refusal(GridCredential credential) {
        return refusal(credential.chain());
    }

    private static String refusal(List<X509Certificate> chain) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> trust.authenticate(chain));
        assertThat(thrown).isInstanceOf(CertificateRejectedException.class);
        return thrown.getMessage();
    }

    @Test
    void rfc3820ProxyAuthenticatesAsTheUser() throws Exception {
        GridIdentity identity = trust.authenticate(rfcProxy().chain());

        assertThat(identity.dn()).isEqualTo("/DC=org/DC=example/CN=Dev User");
        assertThat(identity.limitedProxy()).isFalse();
        assertThat(identity.fqans()).isEmpty();
        assertThat(identity.vo()).isEmpty();
        assertThat(identity.localAccount()).isEmpty();
    }

    @Test
    void proxyFileWrittenByDevPkiAuthenticates() throws Exception {
        GridIdentity identity = trust.authenticate(GridCredential.read(pki.userProxy()).chain());

        assertThat(identity.dn()).isEqualTo(pki.userDn());
    }

    @Test
    void legacyProxyAuthenticatesAsTheUser() throws Exception {
        GridIdentity identity = trust.authenticate(pki.user().proxy(ProxySpec.legacy(Duration.ofHours(1))).chain());

        assertThat(identity.dn()).isEqualTo(pki.userDn());
        assertThat(identity.limitedProxy()).isFalse();
    }

    @Test
    void limitedRfc3820ProxyIsFlagged() throws Exception {
        GridCredential limited = pki.user().proxy(ProxySpec.rfc3820(Duration.ofHours(1)).asLimited());

        assertThat(trust.authenticate(limited.chain()).limitedProxy()).isTrue();
    }

    @Test
    void limitedLegacyProxyIsFlagged() throws Exception {
        GridCredential limited = pki.user().proxy(ProxySpec.legacy(Duration.ofHours(1)).asLimited());

        assertThat(trust.authenticate(limited.chain()).limitedProxy()).isTrue();
    }

    @Test
    void proxyOfALimitedProxyIsStillFlagged() throws Exception {
        GridCredential limited = pki.user().proxy(ProxySpec.rfc3820(Duration.ofHours(1)).asLimited());
        GridCredential delegated = limited.proxy(ProxySpec.rfc3820(Duration.ofMinutes(30)).asLimited());

        assertThat(trust.authenticate(delegated.chain()).limitedProxy()).isTrue();
    }

    @Test
    void unlimitedProxyOfALimitedProxyIsRefused() {
        // canl's rule: a limited proxy can only have limited descendants.
        GridCredential limited = pki.user().proxy(ProxySpec.rfc3820(Duration.ofHours(1)).asLimited());
        GridCredential delegated = limited.proxy(ProxySpec.rfc3820(Duration.ofMinutes(30)));

        assertThat(refusal(delegated)).isEqualTo(RejectionReasons.INVALID_PROXY);
    }

    @Test
    void proxyOfAProxyAuthenticatesAsTheUser() throws Exception {
        GridCredential delegated = rfcProxy().proxy(ProxySpec.rfc3820(Duration.ofHours(1)));

        GridIdentity identity = trust.authenticate(delegated.chain());

        assertThat(identity.dn()).isEqualTo(pki.userDn());
        assertThat(identity.chain()).hasSize(3);
    }

    @Test
    void plainUserCertificateAuthenticates() throws Exception {
        GridIdentity identity = trust.authenticate(pki.user().chain());

        assertThat(identity.dn()).isEqualTo(pki.userDn());
        assertThat(identity.limitedProxy()).isFalse();
    }

    @Test
    void plainUserCertificateSentWithItsCaAuthenticates() throws Exception {
        // curl appends the CA it finds in --capath to a plain certificate.
        List<X509Certificate> chain = new ArrayList<>(pki.user().chain());
        chain.add(pki.certificateAuthority().certificate());

        assertThat(trust.authenticate(chain).dn()).isEqualTo(pki.userDn());
    }

    @Test
    void hostCertificateWithClientAuthPurposeAuthenticates() throws Exception {
        assertThat(trust.authenticate(pki.host().chain()).dn()).isEqualTo("/DC=org/DC=example/CN=localhost");
    }

    @Test
    void expiredProxyIsRefused() {
        GridCredential expired = pki.user().proxy(ProxySpec.rfc3820(Duration.ofHours(1)).expired());

        assertThat(refusal(expired)).contains(RejectionReasons.EXPIRED);
    }

    @Test
    void expiredUserCertificateIsRefused() {
        Instant now = Instant.now();
        GridCredential expired = pki.certificateAuthority().issueUser("/DC=org/DC=example/CN=Expired User",
                now.minus(Duration.ofDays(30)), now.minus(DAY));

        assertThat(refusal(expired)).contains(RejectionReasons.EXPIRED);
    }

    @Test
    void proxyOfAnExpiredUserCertificateIsRefused() {
        Instant now = Instant.now();
        GridCredential expired = pki.certificateAuthority().issueUser("/DC=org/DC=example/CN=Expired User",
                now.minus(Duration.ofDays(30)), now.minus(DAY));
        GridCredential proxy = expired.proxy(ProxySpec.rfc3820(Duration.ofHours(1))
                .validBetween(now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1)).minusSeconds(60)));

        assertThat(refusal(proxy)).contains(RejectionReasons.EXPIRED);
    }

    @Test
    void proxySignedWithTheWrongKeyIsRefused() {
        GridCredential forged = pki.user().withUnrelatedKey().proxy(ProxySpec.rfc3820(Duration.ofHours(1)));

        assertThat(refusal(forged)).contains(RejectionReasons.BAD_SIGNATURE);
    }

    @Test
    void userOfAnUnknownCaIsRefused() {
        CertificateAuthority stranger = CertificateAuthority.create("/DC=org/DC=elsewhere/CN=Stranger CA", DAY);
        GridCredential user = stranger.issueUser("/DC=org/DC=elsewhere/CN=Stranger", DAY);

        assertThat(refusal(user.proxy(ProxySpec.rfc3820(Duration.ofHours(1))))).contains(RejectionReasons.UNKNOWN_CA);
    }

    @Test
    void userOfAnUnknownCaWithTheSameNameIsRefused() {
        CertificateAuthority impostor = CertificateAuthority.create(DevPki.CA_DN, DAY);
        GridCredential user = impostor.issueUser(DevPki.USER_DN, DAY);

        assertThat(refusal(user)).isEqualTo(RejectionReasons.NOT_VALIDATABLE);
    }

    @Test
    void revokedUserCertificateIsRefused() {
        assertThat(refusal(revokedUser)).contains(RejectionReasons.REVOKED);
    }

    @Test
    void proxyOfARevokedUserCertificateIsRefused() {
        assertThat(refusal(revokedUser.proxy(ProxySpec.rfc3820(Duration.ofHours(1)))))
                .contains(RejectionReasons.REVOKED);
    }

    @Test
    void userOutsideTheCaNamespaceIsRefused() {
        GridCredential outsider = pki.certificateAuthority().issueUser("/DC=org/DC=other/CN=Outsider", DAY);

        assertThat(refusal(outsider)).contains(RejectionReasons.NAMESPACE);
    }

    @Test
    void proxyBeyondItsIssuersPathLengthIsRefused() {
        GridCredential last = pki.user().proxy(ProxySpec.rfc3820(Duration.ofHours(1)).withPathLimit(0));
        GridCredential tooDeep = last.proxy(ProxySpec.rfc3820(Duration.ofMinutes(30)));

        assertThat(refusal(tooDeep)).contains(RejectionReasons.PROXY_PATH_LENGTH);
    }

    @Test
    void hostCertificateWithoutClientAuthPurposeIsRefused() {
        GridCredential host = pki.certificateAuthority().issueHost("door.example.org", DAY, false);

        assertThat(refusal(host)).isEqualTo(ClientKeyPurpose.NOT_FOR_CLIENTS);
    }

    @Test
    void proxyOfAHostCertificateWithoutClientAuthPurposeIsRefused() {
        GridCredential host = pki.certificateAuthority().issueHost("door.example.org", DAY, false);

        assertThat(refusal(host.proxy(ProxySpec.rfc3820(Duration.ofHours(1)))))
                .isEqualTo(ClientKeyPurpose.NOT_FOR_CLIENTS);
    }

    @Test
    void emptyChainIsRefused() {
        assertThat(refusal(List.of())).isEqualTo("no client certificate");
    }

    @Test
    void proxyWithoutItsUserCertificateIsRefused() {
        assertThat(refusal(List.of(rfcProxy().certificate()))).isNotEmpty();
    }

    @Test
    void trustManagerAcceptsEvenAChainFromAnUnknownCa() {
        CertificateAuthority stranger = CertificateAuthority.create("/DC=org/DC=elsewhere/CN=Stranger CA", DAY);
        X509Certificate[] chain = stranger.issueUser("/DC=org/DC=elsewhere/CN=Stranger", DAY)
                .chain().toArray(X509Certificate[]::new);

        org.assertj.core.api.Assertions.assertThatCode(
                () -> trust.trustManager().checkClientTrusted(chain, "RSA")).doesNotThrowAnyException();
    }

    @Test
    void trustManagerAnnouncesTheCasOfTheDirectory() {
        assertThat(trust.trustManager().getAcceptedIssuers())
                .containsOnlyOnce(pki.certificateAuthority().certificate());
    }

    @Test
    void trustManagerRefusesToCheckServers() {
        X509Certificate[] chain = pki.host().chain().toArray(X509Certificate[]::new);

        assertThatThrownBy(() -> trust.trustManager().checkServerTrusted(chain, "RSA"))
                .isInstanceOf(java.security.cert.CertificateException.class);
    }

    @Test
    void aValidatedChainIsRememberedAndARefusedOneIsNot() throws Exception {
        GridCredential proxy = rfcProxy();
        long before = trust.rememberedChains();

        GridIdentity first = trust.authenticate(proxy.chain());
        GridIdentity again = trust.authenticate(proxy.chain());
        refusal(revokedUser);

        assertThat(again).isEqualTo(first);
        assertThat(trust.rememberedChains()).isEqualTo(before + 1);
    }

    @Test
    void aRememberedProxyIsRefusedOnceItHasExpiredWithoutCanlsGrace() throws Exception {
        GridCredential proxy = pki.user().proxy(ProxySpec.rfc3820(Duration.ofSeconds(2)));
        trust.authenticate(proxy.chain());

        Instant end = proxy.chain().get(0).getNotAfter().toInstant();
        while (!Instant.now().isAfter(end.plusMillis(100))) {
            Thread.sleep(100);
        }

        assertThat(refusal(proxy)).contains("expired");
    }
}
