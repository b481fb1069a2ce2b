package org.gridgate.gateway.server;

import java.nio.file.Path;

/**
 * The door's own credential and TLS engine choice.
 *
 * @param certificate PEM host certificate (chain)
 * @param key         PEM private key (PKCS#8, or PKCS#1 via Bouncy Castle)
 * @param provider    which TLS engine to use
 */
public record TlsSettings(Path certificate, Path key, Provider provider) {

    public enum Provider {
        /** OpenSSL (BoringSSL via netty-tcnative) when it loads on this platform, else the JDK's engine. */
        AUTO,
        JDK,
        OPENSSL
    }
}
