package org.gridgate.certs;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CRLHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certification authority made with Bouncy Castle for dev mode and tests: issues user and host certificates,
 * installs itself into a CA directory in {@code /etc/grid-security/certificates} layout and revokes by CRL.
 */
public final class CertificateAuthority {
    private static final String SIGNATURE_ALGORITHM = "SHA256withRSA";
    /** Certificates start a little in the past so a verifier whose clock is slightly behind still accepts them. */
    private static final Duration BACKDATE = Duration.ofMinutes(5);
    private static final Duration CRL_VALIDITY = Duration.ofDays(365);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final X509Certificate certificate;
    private final PrivateKey key;

    private CertificateAuthority(X509Certificate certificate, PrivateKey key) {
        this.certificate = certificate;
        this.key = key;
    }

    /** A new self-signed CA with DN {@code dn} in OpenSSL slash form, valid from now for {@code validity}. */
    public static CertificateAuthority create(String dn, Duration validity) {
        KeyPair keys = Keys.newRsaKeyPair();
        X500Principal name = OpensslNames.fromSlashForm(dn);
        Instant now = Instant.now();
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, randomSerial(),
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(validity)), name, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(keys.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            extensions.createAuthorityKeyIdentifier(keys.getPublic()));
            return new CertificateAuthority(sign(builder, keys.getPrivate()), keys.getPrivate());
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot make CA certificate: " + e.getMessage(), e);
        }
    }

    /** Loads a CA saved with {@link #write}. */
    public static CertificateAuthority read(Path certificateFile, Path keyFile) throws IOException {
        GridCredential credential = GridCredential.read(certificateFile, keyFile);
        return new CertificateAuthority(credential.certificate(), credential.key());
    }

    public void write(Path certificateFile, Path keyFile) throws IOException {
        new GridCredential(List.of(certificate), key).write(certificateFile, keyFile);
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** This CA's subject in OpenSSL slash form. */
    public String dn() {
        return OpensslNames.slashForm(certificate.getSubjectX500Principal());
    }

    /** Whether {@code candidate} carries this CA's signature. */
    public boolean issued(X509Certificate candidate) {
        try {
            candidate.verify(certificate.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** A user certificate (clientAuth) valid between the two instants; pass past instants for an expired one. */
    public GridCredential issueUser(String dn, Instant notBefore, Instant notAfter) {
        KeyPair keys = Keys.newRsaKeyPair();
        try {
            X509v3CertificateBuilder builder = endEntity(dn, keys.getPublic(), notBefore, notAfter)
                    .addExtension(Extension.keyUsage, true, new KeyUsage(
                            KeyUsage.digitalSignature | KeyUsage.keyEncipherment | KeyUsage.dataEncipherment))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            return new GridCredential(List.of(sign(builder, key)), keys.getPrivate());
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot issue user certificate: " + e.getMessage(), e);
        }
    }

    /** A user certificate valid from now for {@code validity}. */
    public GridCredential issueUser(String dn, Duration validity) {
        Instant now = Instant.now();
        return issueUser(dn, now.minus(BACKDATE), now.plus(validity));
    }

    /**
     * A host certificate {@code <CA namespace>/CN=<hostname>} with subjectAltName DNS:hostname (plus the loopback
     * addresses for localhost), serverAuth and, if asked, clientAuth (hosts acting as clients, e.g. third-party copy).
     */
    public GridCredential issueHost(String hostname, Duration validity, boolean clientAuth) {
        KeyPair keys = Keys.newRsaKeyPair();
        List<GeneralName> names = new ArrayList<>(List.of(new GeneralName(GeneralName.dNSName, hostname)));
        if (hostname.equals("localhost")) {
            names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
            names.add(new GeneralName(GeneralName.iPAddress, "::1"));
        }
        KeyPurposeId[] purposes = clientAuth
                ? new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}
                : new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth};
        Instant now = Instant.now();
        try {
            X509v3CertificateBuilder builder = endEntity(namespace() + "/CN=" + hostname, keys.getPublic(),
                    now.minus(BACKDATE), now.plus(validity))
                    .addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes))
                    .addExtension(Extension.subjectAlternativeName, false,
                            new GeneralNames(names.toArray(GeneralName[]::new)));
            return new GridCredential(List.of(sign(builder, key)), keys.getPrivate());
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot issue host certificate: " + e.getMessage(), e);
        }
    }

    /**
     * Installs this CA as a trust anchor into {@code certificatesDirectory}: {@code <hash>.0}, {@code
     * <hash>.signing_policy} and {@code <hash>.namespaces} allowing subjects under {@link #namespace()}, and an empty
     * CRL {@code <hash>.r0} unless one exists. Old (MD5) hash names are symbolic links, as in the IGTF distribution.
     */
    public void install(Path certificatesDirectory) throws IOException {
        Files.createDirectories(certificatesDirectory);
        String dn = dn();
        String permitted = namespace();
        Pem.writePublic(anchorFile(certificatesDirectory, ".0"), Pem.certificates(List.of(certificate)));
        Pem.writePublic(anchorFile(certificatesDirectory, ".signing_policy"),
                "access_id_CA   X509   '" + dn + "'\n"
                + "pos_rights     globus CA:sign\n"
                + "cond_subjects  globus '\"" + permitted + "/*\"'\n");
        Pem.writePublic(anchorFile(certificatesDirectory, ".namespaces"),
                "TO Issuer \"" + dn + "\" \\\n  PERMIT Subject \"" + permitted + "/.*\"\n");
        if (!Files.exists(anchorFile(certificatesDirectory, ".r0"))) {
            writeCrl(certificatesDirectory, List.of());
        }
        for (String suffix : List.of(".0", ".signing_policy", ".namespaces", ".r0")) {
            link(certificatesDirectory, suffix);
        }
    }

    /**
     * Publishes a CRL {@code <hash>.r0} in {@code certificatesDirectory} that lists {@code revoked} in addition to
     * whatever this CA's current CRL there already lists.
     */
    public void revoke(Path certificatesDirectory, X509Certificate... revoked) throws IOException {
        writeCrl(certificatesDirectory, List.of(revoked));
    }

    /** The subject prefix this CA may sign for: its own DN without the last component, e.g. {@code /DC=org/DC=example}. */
    public String namespace() {
        String dn = dn();
        return dn.substring(0, dn.lastIndexOf('/'));
    }

    private void writeCrl(Path certificatesDirectory, List<X509Certificate> revoked) throws IOException {
        Instant now = Instant.now();
        Path crlFile = anchorFile(certificatesDirectory, ".r0");
        try {
            JcaX509v2CRLBuilder builder = new JcaX509v2CRLBuilder(certificate, Date.from(now.minus(BACKDATE)));
            builder.setNextUpdate(Date.from(now.plus(CRL_VALIDITY)));
            existingCrl(crlFile).ifPresent(previous -> builder.addCRL(previous));
            for (X509Certificate certificateToRevoke : revoked) {
                builder.addCRLEntry(certificateToRevoke.getSerialNumber(), Date.from(now), CRLReason.keyCompromise);
            }
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(certificate));
            // CRL numbers must grow; the clock does that without keeping state.
            builder.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(now.toEpochMilli())));
            ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(key);
            X509CRL crl = new JcaX509CRLConverter().getCRL(builder.build(signer));
            Pem.writePublic(crlFile, Pem.crl(crl));
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot sign CRL: " + e.getMessage(), e);
        }
    }

    private Optional<JcaX509CRLHolder> existingCrl(Path crlFile) throws IOException {
        if (!Files.exists(crlFile)) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(crlFile)) {
            X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(in);
            crl.verify(certificate.getPublicKey());
            return Optional.of(new JcaX509CRLHolder(crl));
        } catch (GeneralSecurityException e) {
            // Not ours (e.g. left by an earlier CA with the same name): start a fresh list.
            return Optional.empty();
        }
    }

    private Path anchorFile(Path certificatesDirectory, String suffix) {
        return certificatesDirectory.resolve(OpensslNames.subjectHash(certificate.getSubjectX500Principal()) + suffix);
    }

    private void link(Path certificatesDirectory, String suffix) throws IOException {
        X500Principal subject = certificate.getSubjectX500Principal();
        Path link = certificatesDirectory.resolve(OpensslNames.oldSubjectHash(subject) + suffix);
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, anchorFile(certificatesDirectory, suffix).getFileName());
    }

    private X509v3CertificateBuilder endEntity(String dn, PublicKey subjectKey, Instant notBefore, Instant notAfter)
            throws GeneralSecurityException, CertIOException {
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        return new JcaX509v3CertificateBuilder(certificate, randomSerial(), Date.from(notBefore), Date.from(notAfter),
                OpensslNames.fromSlashForm(dn), subjectKey)
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(subjectKey))
                .addExtension(Extension.authorityKeyIdentifier, false,
                        extensions.createAuthorityKeyIdentifier(certificate));
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signingKey)
            throws GeneralSecurityException {
        try {
            ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(signingKey);
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static BigInteger randomSerial() {
        return new BigInteger(63, RANDOM).add(BigInteger.ONE);
    }
}
