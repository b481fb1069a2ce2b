package org.gridgate.caveat;

import java.time.Instant;

/**
 * A macaroon just minted.
 *
 * @param serialized the libmacaroons V1 token, base64url without padding
 * @param issueId    the value of its {@code iid:} caveat, for the audit log
 * @param expiry     the instant in its single {@code before:} caveat
 * @param rule       the policy rule (or "attenuation") that allowed it, for the log
 */
public record MintedMacaroon(String serialized, String issueId, Instant expiry, String rule) {
}
