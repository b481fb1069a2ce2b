package org.gridgate.gateway.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.MalformedURLException;
import java.text.ParseException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLSocketFactory;
import org.gridgate.caveat.InvalidCaveatException;
import org.gridgate.caveat.LogSafe;
import org.gridgate.caveat.TokenScopes;

/**
 * Verifies WLCG bearer tokens (JWTs) from the configured issuers with Nimbus JOSE+JWT. Everything that can be
 * decided from the token alone is decided before any key is looked at, so a malformed string, an unsigned or
 * HMAC token, or one from an issuer that is not configured never causes a fetch. With the issuer's keys in memory,
 * {@link #verify} finishes on the spot (the event loop's path); otherwise it says so, and
 * {@link #verifyFetchingKeys} does the same work after a bounded wait for the keys, off the event loop.
 */
public final class WlcgTokens implements AutoCloseable {

    /** Real WLCG tokens are 1–3 KiB; a bigger one is refused before it is parsed. */
    public static final int MAX_TOKEN_CHARS = 8 * 1024;

    /** Only asymmetric signatures: an HMAC "signed" with an issuer's public key, or none at all, is refused. */
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
            JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256,
            JWSAlgorithm.ES384, JWSAlgorithm.ES512);
    private static final Set<String> REQUIRED_CLAIMS = Set.of("iss", "sub", "exp", "wlcg.ver");

    private final Map<String, Issuer> issuers;
    private final Clock clock;

    private record Issuer(TokenIssuer config, IssuerKeys keys, Set<String> audiences) {
    }

    private WlcgTokens(Map<String, Issuer> issuers, Clock clock) {
        this.issuers = issuers;
        this.clock = clock;
    }

    /** No issuer: every JWT is refused. */
    public static WlcgTokens none() {
        return new WlcgTokens(Map.of(), Clock.systemUTC());
    }

    /** Trusts {@code issuers} and starts fetching their keys in the background. */
    public static WlcgTokens start(List<TokenIssuer> issuers, KeyFetching fetching, SSLSocketFactory tls,
                                   Clock clock) throws MalformedURLException {
        Map<String, Issuer> byName = new LinkedHashMap<>();
        for (TokenIssuer issuer : issuers) {
            Set<String> audiences = new HashSet<>(issuer.audiences());
            audiences.add(TokenIssuer.ANY_AUDIENCE);
            if (!issuer.audienceRequired()) {
                audiences.add(null); // Nimbus: a null accepted audience lets a token without aud through
            }
            byName.put(issuer.issuer(), new Issuer(issuer, new IssuerKeys(issuer, fetching, tls), audiences));
        }
        byName.values().forEach(issuer -> issuer.keys().prefetch());
        return new WlcgTokens(Map.copyOf(byName), clock);
    }

    /**
     * Whether a bearer token is a JWT rather than a macaroon, by its shape alone: a macaroon is base64 without
     * dots, a JWS has three dot-separated parts. Anything with a dot is treated as a JWT (and refused as malformed
     * if it is not one).
     */
    public static boolean isJwt(String token) {
        return token.indexOf('.') >= 0;
    }

    /**
     * Verifies {@code token} with the keys in memory.
     *
     * @throws InvalidTokenException  for a token the door refuses
     * @throws KeysNotAtHandException when the issuer is configured but its keys must be fetched first
     */
    public VerifiedToken verify(String token) throws InvalidTokenException, KeysNotAtHandException {
        Parsed parsed = parse(token);
        JWKSet keys = parsed.issuer().keys().atHand()
                .orElseThrow(() -> new KeysNotAtHandException("no current keys of " + parsed.issuer().config().issuer()));
        return check(parsed, keyFor(parsed, keys, false));
    }

    /**
     * As {@link #verify}, fetching the issuer's keys first if need be: blocks up to
     * {@link KeyFetching#maxWait}, so never call it on an event loop.
     *
     * @throws IssuerUnavailableException when no keys could be had in time
     */
    public VerifiedToken verifyFetchingKeys(String token) throws InvalidTokenException, IssuerUnavailableException {
        Parsed parsed = parse(token);
        Optional<JWKSet> atHand = parsed.issuer().keys().atHand();
        JWK key = null;
        if (atHand.isPresent()) {
            try {
                key = keyFor(parsed, atHand.get(), false);
            } catch (KeysNotAtHandException unknownKid) {
                // fetched below
            }
        }
        if (key == null) {
            try {
                key = keyFor(parsed, parsed.issuer().keys().fetch(), true);
            } catch (KeysNotAtHandException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
        return check(parsed, key);
    }

    private record Parsed(SignedJWT jwt, JWTClaimsSet claims, Issuer issuer) {
    }

    private Parsed parse(String token) throws InvalidTokenException {
        if (token.length() > MAX_TOKEN_CHARS) {
            throw new InvalidTokenException("token too long (" + token.length() + " characters, limit "
                    + MAX_TOKEN_CHARS + ")");
        }
        if (issuers.isEmpty()) {
            throw new InvalidTokenException("this door accepts no JWTs (no token issuer configured)");
        }
        JWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = JWTParser.parse(token);
            if (jwt instanceof PlainJWT) {
                throw new InvalidTokenException("unsigned JWT (alg none) refused");
            }
            if (jwt instanceof EncryptedJWT || !(jwt instanceof SignedJWT)) {
                throw new InvalidTokenException("encrypted JWTs are not accepted");
            }
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new InvalidTokenException("malformed JWT: " + LogSafe.text(e.getMessage()));
        }
        JWSAlgorithm algorithm = ((SignedJWT) jwt).getHeader().getAlgorithm();
        if (!ALGORITHMS.contains(algorithm)) {
            throw new InvalidTokenException("JWT algorithm " + LogSafe.text(algorithm.getName())
                    + " not accepted (only RSA and EC signatures)");
        }
        String iss = claims.getIssuer();
        Issuer issuer = iss == null ? null : issuers.get(iss);
        if (issuer == null) {
            throw new InvalidTokenException("issuer " + (iss == null ? "(none)" : LogSafe.text(iss))
                    + " is not trusted here");
        }
        return new Parsed((SignedJWT) jwt, claims, issuer);
    }

    /**
     * The key the token names by {@code kid}. A token without one is accepted only while the issuer has a single
     * signing key (as scitokens does): otherwise any of several keys would do, and we would not know which the
     * issuer meant.
     *
     * @param fetched whether {@code keys} were just fetched: an unknown kid is then final
     */
    private static JWK keyFor(Parsed parsed, JWKSet keys, boolean fetched)
            throws InvalidTokenException, KeysNotAtHandException {
        JWSHeader header = parsed.jwt().getHeader();
        String kid = header.getKeyID();
        if (kid == null) {
            List<JWK> signing = new ArrayList<>();
            for (JWK key : keys.getKeys()) {
                if (key.getKeyUse() == null || KeyUse.SIGNATURE.equals(key.getKeyUse())) {
                    signing.add(key);
                }
            }
            if (signing.size() != 1) {
                throw new InvalidTokenException("JWT names no key (kid) and issuer "
                        + parsed.issuer().config().issuer() + " has " + signing.size() + " signing keys");
            }
            return signing.get(0);
        }
        JWK key = keys.getKeyByKeyId(kid);
        if (key == null) {
            if (!fetched) {
                throw new KeysNotAtHandException("unknown key id");
            }
            throw new InvalidTokenException("JWT signed with unknown key " + LogSafe.text(kid) + " of issuer "
                    + parsed.issuer().config().issuer());
        }
        return key;
    }

    /** Signature, then the claims: audience, issuer, required claims, times with the issuer's leeway. */
    private VerifiedToken check(Parsed parsed, JWK key) throws InvalidTokenException {
        TokenIssuer config = parsed.issuer().config();
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS,
                new ImmutableJWKSet<>(new JWKSet(key))));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                parsed.issuer().audiences(), new JWTClaimsSet.Builder().issuer(config.issuer()).build(),
                REQUIRED_CLAIMS, null) {
            @Override
            protected Date currentTime() {
                return Date.from(clock.instant());
            }
        };
        claims.setMaxClockSkew(Math.toIntExact(config.leeway().toSeconds()));
        processor.setJWTClaimsSetVerifier(claims);
        JWTClaimsSet verified;
        try {
            verified = processor.process(parsed.jwt(), null);
        } catch (BadJOSEException | JOSEException e) {
            throw new InvalidTokenException(LogSafe.text(e.getMessage()));
        }
        try {
            TokenScopes scopes = TokenScopes.parse(scopeClaim(verified), config.basePath());
            return new VerifiedToken(config.issuer(), verified.getSubject(), Optional.ofNullable(verified.getJWTID()),
                    verified.getExpirationTime().toInstant(), groups(verified), scopes);
        } catch (InvalidCaveatException e) {
            throw new InvalidTokenException(e.getMessage());
        } catch (ParseException e) {
            throw new InvalidTokenException("malformed claim: " + LogSafe.text(e.getMessage()));
        }
    }

    /** {@code scope} is one space-separated string in the profile; a list is read as its members. */
    private static String scopeClaim(JWTClaimsSet claims) throws ParseException {
        Object scope = claims.getClaim("scope");
        if (scope == null || scope instanceof String) {
            return (String) scope;
        }
        return String.join(" ", claims.getStringListClaim("scope"));
    }

    /** {@code wlcg.groups} is a list in the profile; scitokens-create writes one string, read as a list. */
    private static List<String> groups(JWTClaimsSet claims) throws ParseException {
        Object groups = claims.getClaim("wlcg.groups");
        if (groups == null) {
            return List.of();
        }
        if (groups instanceof String text) {
            return java.util.Arrays.stream(text.split("[\\s,]+")).filter(g -> !g.isEmpty()).toList();
        }
        return claims.getStringListClaim("wlcg.groups");
    }

    @Override
    public void close() {
        issuers.values().forEach(issuer -> issuer.keys().close());
    }
}
