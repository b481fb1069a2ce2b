package org.gridgate.certs;

import eu.emi.security.authn.x509.impl.PEMCredential;
import eu.emi.security.authn.x509.proxy.ProxyCertificate;
import eu.emi.security.authn.x509.proxy.ProxyCertificateOptions;
import eu.emi.security.authn.x509.proxy.ProxyGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;

/**
 * A certificate chain (own certificate first, CA excluded) with the private key of the first certificate: a user or
 * host credential, or a proxy. Written to disk in the grid proxy layout ({@code cert, key, rest of chain}) that
 * {@code curl -E}, {@code grid-proxy-info} and canl's {@link PEMCredential} all read.
 */
public record GridCredential(List<X509Certificate> chain, PrivateKey key) {

    public GridCredential {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a credential needs at least one certificate");
        }
    }

    /** Reads a PEM file holding a certificate, its unencrypted key and optionally the rest of the chain. */
    public static GridCredential read(Path pemFile) throws IOException {
        try {
            PEMCredential credential = new PEMCredential(pemFile.toString(), (char[]) null);
            return new GridCredential(List.of(credential.getCertificateChain()), credential.getKey());
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read credential " + pemFile + ": " + e.getMessage(), e);
        }
    }

    /** Reads a certificate (chain) file and its separate unencrypted key file, e.g. usercert.pem and userkey.pem. */
    public static GridCredential read(Path certificateFile, Path keyFile) throws IOException {
        try {
            PEMCredential credential = new PEMCredential(keyFile.toString(), certificateFile.toString(), null);
            return new GridCredential(List.of(credential.getCertificateChain()), credential.getKey());
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read credential " + certificateFile + ": " + e.getMessage(), e);
        }
    }

    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** The subject of the first certificate in OpenSSL slash form. */
    public String dn() {
        return OpensslNames.slashForm(certificate().getSubjectX500Principal());
    }

    /** A proxy of this credential, signed by this credential's key; the result's chain is the proxy then this chain. */
    public GridCredential proxy(ProxySpec spec) {
        ProxyCertificateOptions options = new ProxyCertificateOptions(chain.toArray(X509Certificate[]::new));
        options.setType(spec.type());
        options.setValidityBounds(Date.from(spec.notBefore()), Date.from(spec.notAfter()));
        options.setLimited(spec.limited());
        spec.pathLimit().ifPresent(options::setProxyPathLimit);
        try {
            ProxyCertificate proxy = ProxyGenerator.generate(options, key);
            return new GridCredential(List.of(proxy.getCertificateChain()), proxy.getPrivateKey());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("canl could not make the proxy: " + e.getMessage(), e);
        }
    }

    /**
     * The same certificates with a freshly generated key that does not belong to them: a proxy made from the result
     * is signed with the wrong key, which every verifier must refuse.
     */
    public GridCredential withUnrelatedKey() {
        return new GridCredential(chain, Keys.newRsaKeyPair().getPrivate());
    }

    /** Writes certificate, key, then the rest of the chain (mode 0600): usable as {@code curl -E file}. */
    public Path write(Path file) throws IOException {
        String pem = Pem.certificates(List.of(certificate())) + Pem.privateKey(key)
                + Pem.certificates(chain.subList(1, chain.size()));
        Pem.writePrivate(file, pem);
        return file;
    }

    /** Writes the certificate chain and the key to two files, the way user and host credentials are kept. */
    public void write(Path certificateFile, Path keyFile) throws IOException {
        Pem.writePublic(certificateFile, Pem.certificates(chain));
        Pem.writePrivate(keyFile, Pem.privateKey(key));
    }
}
