package org.gridgate.gateway.token;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.gridgate.caveat.TokenScopes;

/**
 * A WLCG token whose signature, issuer, audience and times hold.
 *
 * @param issuer  its {@code iss}, one of the configured issuers
 * @param subject its {@code sub}
 * @param id      its {@code jti}, for the log
 * @param expiry  its {@code exp}
 * @param groups  its {@code wlcg.groups}, e.g. {@code /atlas}, matched by the policy file like VOMS FQANs
 * @param scopes  its storage scopes, resolved below the issuer's base path
 */
public record VerifiedToken(String issuer, String subject, Optional<String> id, Instant expiry, List<String> groups,
                            TokenScopes scopes) {
    public VerifiedToken {
        groups = List.copyOf(groups);
    }

    /**
     * Who holds it, as revocation by identity names it ({@code tokens revoke --identity "<iss> <sub>"}): the same
     * for every token the issuer gives that subject, unlike the token's own {@code jti}.
     */
    public String principal() {
        return issuer + " " + subject;
    }

    /** For logs: who, and which token; never the token itself. */
    public String describe() {
        return "token sub=" + subject + " jti=" + id.orElse("-") + " iss=" + issuer;
    }
}
