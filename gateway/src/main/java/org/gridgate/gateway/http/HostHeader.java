package org.gridgate.gateway.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The request's {@code Host} (RFC 9112 §3.2): exactly one in HTTP/1.1, at most one in HTTP/1.0, and a
 * {@code host[:port]} a URL can hold. The door writes it into the URLs of a macaroon response and compares
 * Destination headers with it, so a request with several, or with one that could smuggle text into those URLs,
 * is refused before anything else looks at it.
 */
public final class HostHeader {
    /** A DNS name or IPv4 address, or a bracketed IPv6 literal, then an optional port. */
    private static final Pattern HOST = Pattern.compile(
            "(?:[A-Za-z0-9](?:[A-Za-z0-9._~-]{0,252})?|\\[[0-9A-Fa-f:.]{2,45}])(?::[0-9]{1,5})?");

    private HostHeader() {
    }

    public static void check(HttpRequest request) throws HttpError {
        List<String> hosts = request.headers().getAll(HttpHeaderNames.HOST);
        if (hosts.size() > 1) {
            throw HttpError.badRequest("More than one Host header");
        }
        if (hosts.isEmpty()) {
            if (request.protocolVersion().equals(HttpVersion.HTTP_1_1)) {
                throw HttpError.badRequest("Host header missing (required in HTTP/1.1)");
            }
            return;
        }
        if (!HOST.matcher(hosts.get(0).trim()).matches()) {
            throw HttpError.badRequest("Malformed Host header");
        }
    }
}
