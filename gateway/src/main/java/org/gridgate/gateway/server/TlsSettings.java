package org.gridgate.gateway.server;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The door's own credential and TLS engine choice.
 *
 * @param certificate PEM host certificate (chain)
 * @param key         PEM private key (PKCS#8, or PKCS#1 via Bouncy Castle)
 * @param provider    which TLS engine to use
 * @param volunteers  a second certificate, served instead to clients that ask for one of its host names (SNI)
 */
public record TlsSettings(Path certificate, Path key, Provider provider, Optional<Volunteers> volunteers) {

    public TlsSettings(Path certificate, Path key, Provider provider) {
        this(certificate, key, provider, Optional.empty());
    }

    public enum Provider {
        /** OpenSSL (BoringSSL via netty-tcnative) when it loads on this platform, else the JDK's engine. */
        AUTO,
        JDK,
        OPENSSL
    }

    /**
     * A certificate from a public CA for volunteers (BOINC clients check the server against public CA bundles, not
     * the grid's IGTF CAs), served to a client whose TLS handshake names one of {@code hostNames} (SNI; a name may
     * be a {@code *.example.org} wildcard); every other client, X.509 grid clients above all, gets the host
     * certificate.
     */
    public record Volunteers(Path certificate, Path key, List<String> hostNames) {
        public Volunteers {
            hostNames = List.copyOf(hostNames);
            if (hostNames.isEmpty()) {
                throw new IllegalArgumentException("a volunteer certificate needs at least one host name");
            }
        }
    }
}
