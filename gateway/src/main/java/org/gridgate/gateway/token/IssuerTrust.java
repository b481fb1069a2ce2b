package org.gridgate.gateway.token;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Whom the door trusts when it fetches an issuer's discovery document and keys: the JDK's public CAs (token
 * issuers such as INDIGO IAM use them) and the CAs of the site's grid CA directory (IGTF), with host name checks.
 */
public final class IssuerTrust {

    private IssuerTrust() {
    }

    public static SSLSocketFactory socketFactory(Path caDirectory) throws IOException, GeneralSecurityException {
        KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
        anchors.load(null, null);
        TrustManagerFactory jdk = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        jdk.init((KeyStore) null);
        for (TrustManager manager : jdk.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                for (X509Certificate ca : x509.getAcceptedIssuers()) {
                    anchors.setCertificateEntry("jdk-" + anchors.size(), ca);
                }
            }
        }
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        try (DirectoryStream<Path> files = Files.newDirectoryStream(caDirectory, "*.0")) {
            for (Path file : files) {
                try (InputStream in = Files.newInputStream(file)) {
                    for (Certificate certificate : x509.generateCertificates(in)) {
                        anchors.setCertificateEntry("grid-" + anchors.size(), certificate);
                    }
                }
            }
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(anchors);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context.getSocketFactory();
    }
}
