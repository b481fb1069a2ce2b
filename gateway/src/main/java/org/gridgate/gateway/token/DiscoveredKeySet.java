package org.gridgate.gateway.token;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetRetrievalException;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.URLBasedJWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jose.util.ResourceRetriever;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.text.ParseException;
import java.util.Map;
import org.gridgate.caveat.LogSafe;

/**
 * An issuer's key set found through OpenID discovery: the discovery document is fetched on the first use (so a
 * door starts while an issuer is down), its {@code issuer} must be the configured one byte for byte, and its
 * {@code jwks_uri} must be HTTPS. Nimbus's caching layers sit on top of this.
 */
final class DiscoveredKeySet implements JWKSetSource<SecurityContext> {

    private final String issuer;
    private final URI discovery;
    private final ResourceRetriever http;
    private volatile URLBasedJWKSetSource keys;

    DiscoveredKeySet(String issuer, URI discovery, ResourceRetriever http) {
        this.issuer = issuer;
        this.discovery = discovery;
        this.http = http;
    }

    @Override
    public JWKSet getJWKSet(JWKSetCacheRefreshEvaluator refreshEvaluator, long currentTime, SecurityContext context)
            throws KeySourceException {
        URLBasedJWKSetSource found = keys;
        if (found == null) {
            found = discover();
            keys = found;
        }
        return found.getJWKSet(refreshEvaluator, currentTime, context);
    }

    private URLBasedJWKSetSource discover() throws KeySourceException {
        Map<String, Object> document;
        try {
            document = JSONObjectUtils.parse(http.retrieveResource(discovery.toURL()).getContent());
        } catch (IOException | ParseException e) {
            throw new JWKSetRetrievalException("OpenID discovery at " + discovery + " failed: " + e.getMessage(), e);
        }
        if (!issuer.equals(document.get("issuer"))) {
            throw new JWKSetRetrievalException("OpenID discovery at " + discovery + " names issuer "
                    + LogSafe.text(String.valueOf(document.get("issuer"))) + ", not " + issuer, null);
        }
        Object jwksUri = document.get("jwks_uri");
        try {
            if (!(jwksUri instanceof String text) || !text.startsWith("https://")) {
                throw new IllegalArgumentException("not an https URL");
            }
            URL url = URI.create(text).toURL();
            return new URLBasedJWKSetSource(url, http);
        } catch (IllegalArgumentException | IOException e) {
            throw new JWKSetRetrievalException("OpenID discovery at " + discovery + ": bad jwks_uri "
                    + LogSafe.text(String.valueOf(jwksUri)), e);
        }
    }

    @Override
    public void close() {
        // nothing held between fetches
    }
}
