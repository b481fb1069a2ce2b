package org.gridgate.gateway.auth;

import java.net.InetAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.gridgate.certs.CertificateRejectedException;
import org.gridgate.certs.GridIdentity;
import org.gridgate.certs.GridTrust;

/**
 * What one TLS connection proves about its client: the peer address and, if a certificate chain was presented,
 * the grid identity it carries. The chain is validated once per connection (canl and VOMS cost far more than
 * a request), never per request; bearer tokens, in contrast, are verified on every request.
 */
public final class ConnectionCredentials {

    private final InetAddress peer;
    private final SSLSession session;
    private boolean chainChecked;
    private GridIdentity identity;
    private CertificateRejectedException rejection;
    private Instant validUntil = Instant.MAX;

    public ConnectionCredentials(InetAddress peer, SSLSession session) {
        this.peer = peer;
        this.session = session;
    }

    public InetAddress peer() {
        return peer;
    }

    /** Whether the client presented any certificate at all. */
    public boolean hasCertificate() {
        return !peerChain().isEmpty();
    }

    /**
     * The grid identity of the presented chain; throws the reason if the chain is not acceptable. The chain is
     * validated on first use; later requests on the same connection only check that no certificate of the chain
     * has expired since, so a proxy that runs out mid-connection stops working then and there.
     */
    public synchronized GridIdentity identity(GridTrust trust, Instant now) throws CertificateRejectedException {
        if (!chainChecked) {
            chainChecked = true;
            List<X509Certificate> chain = peerChain();
            try {
                identity = trust.authenticate(chain);
                for (X509Certificate certificate : chain) {
                    Instant notAfter = certificate.getNotAfter().toInstant();
                    if (notAfter.isBefore(validUntil)) {
                        validUntil = notAfter;
                    }
                }
            } catch (CertificateRejectedException e) {
                rejection = e;
            }
        }
        if (rejection != null) {
            throw rejection;
        }
        if (now.isAfter(validUntil)) {
            throw new CertificateRejectedException("certificate expired during the connection");
        }
        return identity;
    }

    private List<X509Certificate> peerChain() {
        try {
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate certificate : session.getPeerCertificates()) {
                if (certificate instanceof X509Certificate x509) {
                    chain.add(x509);
                }
            }
            return chain;
        } catch (SSLPeerUnverifiedException noCertificate) {
            return List.of();
        }
    }
}
