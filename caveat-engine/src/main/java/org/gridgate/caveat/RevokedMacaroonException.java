package org.gridgate.caveat;

/** A macaroon that verifies but was revoked before its expiry; {@link #revocation()} says by which entry. */
public final class RevokedMacaroonException extends InvalidMacaroonException {
    private static final long serialVersionUID = 1L;

    private final transient Revocation revocation;

    RevokedMacaroonException(Revocation revocation) {
        super("revoked by " + revocation.describe(), "revoked");
        this.revocation = revocation;
    }

    public Revocation revocation() {
        return revocation;
    }
}
