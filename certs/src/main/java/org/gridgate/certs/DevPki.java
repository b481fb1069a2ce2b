package org.gridgate.certs;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A throwaway PKI for dev mode and tests, made with Bouncy Castle: a CA in hashed layout
 * ({@code certificates/<hash>.0}, {@code <hash>.signing_policy}, {@code <hash>.namespaces}), a host certificate
 * for localhost/127.0.0.1, a user certificate and an RFC 3820 proxy of it.
 *
 * <p>Layout under {@code dir}: {@code certificates/}, {@code ca/ca.key}, {@code ca/ca.pem}, {@code host/hostcert.pem},
 * {@code host/hostkey.pem}, {@code user/usercert.pem}, {@code user/userkey.pem}, {@code user-proxy.pem}.
 *
 * <p>STUB: the certs implementation replaces the body.
 */
public final class DevPki {

    /** Reuses whatever is already in {@code dir} and still valid, and makes the rest (an expired proxy is renewed). */
    public static DevPki createOrReuse(Path dir) throws IOException {
        throw new UnsupportedOperationException("stub");
    }

    public Path caDirectory() {
        throw new UnsupportedOperationException("stub");
    }

    public Path hostCertificate() {
        throw new UnsupportedOperationException("stub");
    }

    public Path hostKey() {
        throw new UnsupportedOperationException("stub");
    }

    public Path userProxy() {
        throw new UnsupportedOperationException("stub");
    }

    /** The user certificate's DN in OpenSSL slash form. */
    public String userDn() {
        throw new UnsupportedOperationException("stub");
    }
}
