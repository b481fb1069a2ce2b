package org.gridgate.gateway.webdav;

import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Date;
import org.gridgate.storage.FileStat;

/** ETag and Last-Modified of a file, and the RFC 7232 preconditions that use them. */
final class Validators {

    private Validators() {
    }

    static String etag(FileStat stat) {
        return "\"" + stat.etag() + "\"";
    }

    static void describe(FileStat stat, HttpHeaders headers) {
        headers.set(HttpHeaderNames.ETAG, etag(stat));
        headers.set(HttpHeaderNames.LAST_MODIFIED, DateFormatter.format(Date.from(stat.lastModified())));
    }

    /** If-Match: false when the client's precondition fails (412). A missing file never matches. */
    static boolean ifMatchHolds(HttpHeaders request, FileStat stat) {
        String ifMatch = request.get(HttpHeaderNames.IF_MATCH);
        if (ifMatch == null) {
            return true;
        }
        return stat != null && matchesAny(ifMatch, stat);
    }

    /** Whether the request is {@code If-None-Match: *}: write only if nothing is there, now and at commit. */
    static boolean onlyIfAbsent(HttpHeaders request) {
        String ifNoneMatch = request.get(HttpHeaderNames.IF_NONE_MATCH);
        return ifNoneMatch != null && ifNoneMatch.strip().equals("*");
    }

    /** If-None-Match for a write: {@code *} fails when the file exists (412). */
    static boolean ifNoneMatchAllowsWrite(HttpHeaders request, FileStat stat) {
        String ifNoneMatch = request.get(HttpHeaderNames.IF_NONE_MATCH);
        return ifNoneMatch == null || stat == null || !matchesAny(ifNoneMatch, stat);
    }

    /** For GET/HEAD: whether the client's copy is current, so 304 Not Modified is the answer. */
    static boolean notModified(HttpHeaders request, FileStat stat) {
        String ifNoneMatch = request.get(HttpHeaderNames.IF_NONE_MATCH);
        if (ifNoneMatch != null) {
            return matchesAny(ifNoneMatch, stat);
        }
        String since = request.get(HttpHeaderNames.IF_MODIFIED_SINCE);
        if (since != null) {
            Date date = DateFormatter.parseHttpDate(since);
            return date != null && stat.lastModified().getEpochSecond() <= date.getTime() / 1000;
        }
        return false;
    }

    private static boolean matchesAny(String header, FileStat stat) {
        String mine = etag(stat);
        for (String candidate : header.split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*") || tag.equals(mine) || tag.equals("W/" + mine)) {
                return true;
            }
        }
        return false;
    }
}
