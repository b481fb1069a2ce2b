package org.gridgate.gateway.token;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * One WLCG token issuer the door trusts, as configured.
 *
 * @param issuer           its URL, exactly as tokens name it in {@code iss} (a trailing slash counts)
 * @param jwksUri          where its keys are; empty: found by OpenID discovery at
 *                         {@code issuer + /.well-known/openid-configuration}
 * @param audiences        the audiences this door accepts (its own {@code https://host[:port]} and aliases);
 *                         {@code https://wlcg.cern.ch/jwt/v1/any} is always accepted too
 * @param audienceRequired whether a token without {@code aud} is refused (the profile requires one)
 * @param basePath         the storage path its scope paths are relative to
 * @param leeway           clock skew allowed on {@code exp}, {@code nbf}, {@code iat}
 */
public record TokenIssuer(String issuer, Optional<URI> jwksUri, Set<String> audiences, boolean audienceRequired,
                          String basePath, Duration leeway) {

    /** The audience the WLCG profile defines for "any storage". */
    public static final String ANY_AUDIENCE = "https://wlcg.cern.ch/jwt/v1/any";
    public static final Duration DEFAULT_LEEWAY = Duration.ofSeconds(60);

    public TokenIssuer {
        audiences = Set.copyOf(audiences);
    }

    /** Where the keys are looked up when none is configured. */
    URI discoveryUri() {
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        return URI.create(base + "/.well-known/openid-configuration");
    }
}
