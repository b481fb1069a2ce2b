package org.gridgate.certs;

import eu.emi.security.authn.x509.X509CertChainValidator;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The TLS server's trust manager: it accepts every client chain, so the handshake never fails because of a client
 * certificate and {@link GridTrust#authenticate} can refuse it per request with a clear HTTP answer, while bearer-token
 * clients with a stale certificate still get through. The JDK still checks that the client holds the key of the
 * first certificate (CertificateVerify), which is what makes authenticating the chain afterwards meaningful.
 *
 * <p>It extends {@link X509ExtendedTrustManager} because the JDK wraps a plain {@code X509TrustManager} in a wrapper
 * that adds algorithm-constraint checks which can throw; this one must not.
 *
 * <p>It is for the server side only: it refuses every server chain rather than check one without a host name check.
 */
final class AcceptingTrustManager extends X509ExtendedTrustManager {
    private final X509CertChainValidator validator;

    AcceptingTrustManager(X509CertChainValidator validator) {
        this.validator = validator;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
        // Deliberately empty: see the class comment.
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        // Deliberately empty: see the class comment.
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        // Deliberately empty: see the class comment.
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("GridGate's client-accepting trust manager must not be used to check servers");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    /** The CAs of the directory (current after a reload): sent in the CertificateRequest so clients pick a matching cert. */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return validator.getTrustedIssuers();
    }
}
