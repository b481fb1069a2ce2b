package org.gridgate.certs;

import eu.emi.security.authn.x509.proxy.ProxyType;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * What proxy to make from a {@link GridCredential}: its type, validity window, whether it is limited and how many
 * further proxies may be made from it (RFC 3820 only).
 */
public record ProxySpec(ProxyType type, Instant notBefore, Instant notAfter, boolean limited, OptionalInt pathLimit) {

    /** Clock skew we tolerate between the machine making the proxy and the one checking it, as grid-proxy-init does. */
    private static final Duration BACKDATE = Duration.ofMinutes(5);

    public ProxySpec {
        Objects.requireNonNull(type);
        if (!notAfter.isAfter(notBefore)) {
            throw new IllegalArgumentException("proxy must end after it starts");
        }
        if (pathLimit.isPresent() && type != ProxyType.RFC3820) {
            throw new IllegalArgumentException("only RFC 3820 proxies carry a path length limit");
        }
    }

    /** An RFC 3820 impersonation proxy valid from now for {@code lifetime}. */
    public static ProxySpec rfc3820(Duration lifetime) {
        Instant now = Instant.now();
        return new ProxySpec(ProxyType.RFC3820, now.minus(BACKDATE), now.plus(lifetime), false, OptionalInt.empty());
    }

    /** A legacy (Globus pre-RFC, {@code CN=proxy}) proxy valid from now for {@code lifetime}. */
    public static ProxySpec legacy(Duration lifetime) {
        return rfc3820(lifetime).withType(ProxyType.LEGACY);
    }

    public ProxySpec withType(ProxyType newType) {
        return new ProxySpec(newType, notBefore, notAfter, limited, pathLimit);
    }

    public ProxySpec asLimited() {
        return new ProxySpec(type, notBefore, notAfter, true, pathLimit);
    }

    public ProxySpec validBetween(Instant start, Instant end) {
        return new ProxySpec(type, start, end, limited, pathLimit);
    }

    /** Already expired: valid between two hours and one hour ago. */
    public ProxySpec expired() {
        Instant now = Instant.now();
        return validBetween(now.minus(Duration.ofHours(2)), now.minus(Duration.ofHours(1)));
    }

    /** At most {@code limit} further proxies may be derived from this one (0: none). */
    public ProxySpec withPathLimit(int limit) {
        return new ProxySpec(type, notBefore, notAfter, limited, OptionalInt.of(limit));
    }
}
