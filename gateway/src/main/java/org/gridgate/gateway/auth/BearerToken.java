package org.gridgate.gateway.auth;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Optional;
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
        String found = null;
        for (String header : request.headers().getAll(HttpHeaderNames.AUTHORIZATION)) {
            int space = header.indexOf(' ');
            String scheme = space < 0 ? header : header.substring(0, space);
            if (scheme.equalsIgnoreCase("bearer")) {
                found = oneOf(found, header.substring(space + 1).trim());
            }
        }
        // Most requests have no query: decoding one is only worth it when there is one.
        if (request.uri().indexOf('?') >= 0) {
            List<String> query = new QueryStringDecoder(request.uri()).parameters().get("authz");
            for (String value : query == null ? List.<String>of() : query) {
                // rclone once appended path segments after the token (?authz=TOKEN//): base64url has no '/'.
                // A standard-base64 token sent unencoded had its + turned into spaces by query decoding.
                found = oneOf(found, stripTrailingSlashes(value.trim().replace(' ', '+')));
            }
        }
        return Optional.ofNullable(found);
    }

    /** The token found so far, given one more candidate (empty ones do not count); a second, different one is refused. */
    private static String oneOf(String found, String candidate) throws MalformedRequestException {
        if (candidate.isEmpty()) {
            return found;
        }
        if (found != null && !found.equals(candidate)) {
            throw new MalformedRequestException("More than one bearer token in the request");
        }
        return candidate;
    }

    private static String stripTrailingSlashes(String value) {
        int end = value.length();
        while (end > 0 && value.charAt(end - 1) == '/') {
            end--;
        }
        return value.substring(0, end);
    }
}
