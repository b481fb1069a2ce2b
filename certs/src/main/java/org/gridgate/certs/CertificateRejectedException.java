package org.gridgate.certs;

/** A client chain the door does not accept; the message says why (expired, untrusted, revoked, bad proxy...). */
public class CertificateRejectedException extends Exception {
    private static final long serialVersionUID = 1L;

    public CertificateRejectedException(String message) {
        super(message);
    }

    public CertificateRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
