package org.gridgate.gateway.tpc;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.net.URI;
import java.util.Map;

/** The requests the door sends to a remote storage: the URL's path and query as written, the client's headers. */
final class RemoteRequests {

    private RemoteRequests() {
    }

    static HttpRequest get(URI uri, Map<String, String> forwarded) {
        return withHeaders(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, target(uri),
                Unpooled.EMPTY_BUFFER), uri, forwarded);
    }

    /** The head of a PUT whose {@code length} bytes of body follow. */
    static HttpRequest put(URI uri, Map<String, String> forwarded, long length) {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.PUT, target(uri));
        HttpUtil.setContentLength(request, length);
        return withHeaders(request, uri, forwarded);
    }

    /** Whether two URLs name the same host and port, so what the client meant for one may go to the other. */
    static boolean sameOrigin(URI a, URI b) {
        return a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b);
    }

    private static HttpRequest withHeaders(HttpRequest request, URI uri, Map<String, String> forwarded) {
        forwarded.forEach(request.headers()::set);
        request.headers().set(HttpHeaderNames.HOST,
                uri.getHost() + (port(uri) == RemoteEndpoint.HTTPS_PORT ? "" : ":" + port(uri)));
        request.headers().set(HttpHeaderNames.USER_AGENT, "GridGate");
        // One exchange per connection: the door never reuses a connection to a remote.
        request.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return request;
    }

    private static String target(URI uri) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }

    private static int port(URI uri) {
        return uri.getPort() < 0 ? RemoteEndpoint.HTTPS_PORT : uri.getPort();
    }
}
