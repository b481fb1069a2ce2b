package org.gridgate.certs;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.X509TrustManager;

/**
 * The site's grid trust: a CA directory in /etc/grid-security/certificates layout (hashed {@code .0} certificates,
 * {@code .r0} CRLs, signing policies, namespaces), reloaded on change, plus an optional vomsdir. Validates proxy
 * chains with canl (RFC 3820 and legacy proxies) and extracts verified VOMS attributes.
 *
 * <p>STUB: the certs implementation replaces the body.
 */
public final class GridTrust implements AutoCloseable {

    /**
     * @param caDirectory the trust anchors directory
     * @param vomsDirectory a vomsdir with {@code <vo>/<host>.lsc} files; empty means VOMS attributes are ignored
     * @param mapping       local account mapping; {@link IdentityMapping#none()} for none
     */
    public static GridTrust open(Path caDirectory, Optional<Path> vomsDirectory, IdentityMapping mapping) {
        throw new UnsupportedOperationException("stub");
    }

    /**
     * A trust manager for the TLS server. It must never throw on a client chain: the TLS layer only asks for a
     * certificate, and {@link #authenticate} decides per request, so a client with a bad proxy still gets a clear
     * HTTP 401/403 instead of a handshake alert.
     */
    public X509TrustManager trustManager() {
        throw new UnsupportedOperationException("stub");
    }

    /** Validates the chain (proxy first) and returns who it is; throws with a reason for every refusal. */
    public GridIdentity authenticate(List<X509Certificate> chain) throws CertificateRejectedException {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public void close() {
    }
}
