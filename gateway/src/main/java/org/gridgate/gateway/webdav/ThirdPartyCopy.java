package org.gridgate.gateway.webdav;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Locale;
import java.util.Map;
import org.gridgate.gateway.http.HttpError;

/**
 * Recognises WLCG HTTP third-party-copy requests, which this door does not perform: a COPY with {@code Source}
 * (pull), or one carrying {@code Credential} or {@code TransferHeader*} headers (push with credentials meant for
 * the other end). They are answered 501, never 403: gfal2 and FTS then fall back to a streamed copy through the
 * client, whereas a 403 stops them. A plain WebDAV COPY inside the door (cadaver, litmus) has none of these.
 */
final class ThirdPartyCopy {

    private ThirdPartyCopy() {
    }

    static void refuseIfRequested(HttpHeaders headers) throws HttpError {
        if (isRequested(headers)) {
            throw new HttpError(HttpResponseStatus.NOT_IMPLEMENTED,
                    "HTTP third-party copy is not supported by this door; copy through the client instead");
        }
    }

    static boolean isRequested(HttpHeaders headers) {
        if (headers.contains("Source") || headers.contains("Credential")) {
            return true;
        }
        for (Map.Entry<String, String> header : headers) {
            if (header.getKey().toLowerCase(Locale.ROOT).startsWith("transferheader")) {
                return true;
            }
        }
        return false;
    }
}
