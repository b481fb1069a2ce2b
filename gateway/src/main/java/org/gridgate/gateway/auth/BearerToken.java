package org.gridgate.gateway.auth;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.gridgate.gateway.refusal.MalformedRequestException;

/**
 * Finds the bearer token of a request, from {@code Authorization: Bearer} (scheme case-insensitive, as dCache)
 * or from the {@code authz} query parameter. Two different tokens in one request are refused: we would not know
 * which one the client meant.
 */
public final class BearerToken {

    private BearerToken() {
    }

    public static Optional<String> find(HttpRequest request) throws MalformedRequestException {
        Set<String> tokens = new LinkedHashSet<>();
        for (String header : request.headers().getAll(HttpHeaderNames.AUTHORIZATION)) {
            int space = header.indexOf(' ');
            String scheme = space < 0 ? header : header.substring(0, space);
            if (scheme.toLowerCase(Locale.ROOT).equals("bearer")) {
                String token = header.substring(space + 1).trim();
                if (!token.isEmpty()) {
                    tokens.add(token);
                }
            }
        }
        List<String> query = new QueryStringDecoder(request.uri()).parameters().get("authz");
        if (query != null) {
            for (String value : query) {
                // rclone once appended path segments after the token (?authz=TOKEN//): base64url has no '/'.
                // A standard-base64 token sent unencoded had its + turned into spaces by query decoding.
                String token = stripTrailingSlashes(value.trim().replace(' ', '+'));
                if (!token.isEmpty()) {
                    tokens.add(token);
                }
            }
        }
        if (tokens.size() > 1) {
            throw new MalformedRequestException("More than one bearer token in the request");
        }
        return tokens.stream().findFirst();
    }

    private static String stripTrailingSlashes(String value) {
        int end = value.length();
        while (end > 0 && value.charAt(end - 1) == '/') {
            end--;
        }
        return value.substring(0, end);
    }
}
