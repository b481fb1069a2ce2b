package org.gridgate.gateway.tpc;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Trust for the door's own outgoing connections (third-party copy): the remote storage must present a host
 * certificate from a CA of the site's CA directory, checked by the JDK's standard PKIX validation, for the host
 * name the client named (HTTPS endpoint identification), even though the door connects to an address it resolved
 * itself. The door presents no certificate of its own: the client's tokens travel in headers.
 */
final class RemoteTrust {

    private RemoteTrust() {
    }

    static SslContext clientContext(Path caDirectory) throws IOException, GeneralSecurityException {
        KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
        anchors.load(null, null);
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        try (DirectoryStream<Path> files = Files.newDirectoryStream(caDirectory, "*.0")) {
            for (Path file : files) {
                try (InputStream in = Files.newInputStream(file)) {
                    for (Certificate certificate : x509.generateCertificates(in)) {
                        anchors.setCertificateEntry(file.getFileName() + "-" + anchors.size(), certificate);
                    }
                }
            }
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(anchors);
        return SslContextBuilder.forClient()
                .sslProvider(SslProvider.JDK)
                .trustManager(factory)
                .endpointIdentificationAlgorithm("HTTPS")
                .protocols("TLSv1.3", "TLSv1.2")
                .build();
    }
}
