package org.gridgate.gateway.token;

/** The issuer's keys could not be had in time (an outage beyond the tolerance, a hanging endpoint): retry later. */
public final class IssuerUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    IssuerUnavailableException(String message) {
        super(message);
    }
}
