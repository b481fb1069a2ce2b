package org.gridgate.gateway.http;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.gridgate.gateway.refusal.MalformedRequestException;

/**
 * The path of a request URI, percent-decoded and normalised once, before any authorization decision: absolute,
 * no empty or {@code .} segments, no trailing slash (except the root itself). Anything ambiguous is refused rather
 * than guessed at: {@code ..} in any encoding, encoded separators, NUL and every other control character (C0, DEL
 * and C1).
 *
 * @param path           the normalised absolute path, e.g. {@code /atlas/out/file1}
 * @param trailingSlash  whether the client wrote a trailing slash (MKCOL and PROPFIND tolerate both forms)
 */
public record RequestPath(String path, boolean trailingSlash) {

    public static RequestPath fromUri(String uri) throws MalformedRequestException {
        if (uri.indexOf('#') >= 0) {
            // A fragment never belongs in a request; a client that sends one meant a name with '#' in it, and
            // cutting the name at the '#' would act on another resource (litmus: DELETE coll/#frag removes coll/).
            throw new MalformedRequestException("'#' must be percent-encoded (%23) in a request URI");
        }
        String rawPath = new QueryStringDecoder(uri).rawPath();
        return fromRawPath(rawPath);
    }

    /** Parses the raw (still percent-encoded) path part of a URI. */
    public static RequestPath fromRawPath(String rawPath) throws MalformedRequestException {
        if (rawPath.isEmpty() || rawPath.charAt(0) != '/') {
            throw new MalformedRequestException("Request path must be absolute");
        }
        RequestPath plain = plain(rawPath);
        return plain != null ? plain : decoded(rawPath);
    }

    /**
     * The common case without the decoding's copies: a path of unreserved characters only (letters, digits,
     * {@code -._~}) and no empty, {@code .} or {@code ..} segment is already its own normal form. Null for anything
     * else, which {@link #decoded} parses.
     */
    private static RequestPath plain(String rawPath) {
        int length = rawPath.length();
        int segmentStart = 1;
        for (int i = 1; i <= length; i++) {
            char c = i < length ? rawPath.charAt(i) : '/';
            if (c == '/') {
                int segmentLength = i - segmentStart;
                if ((segmentLength == 0 && i != length)   // an empty segment, other than after a trailing slash
                        || (segmentLength == 1 && rawPath.charAt(segmentStart) == '.')
                        || (segmentLength == 2 && rawPath.startsWith("..", segmentStart))) {
                    return null;
                }
                segmentStart = i + 1;
            } else if (!isUnreserved(c)) {
                return null;
            }
        }
        boolean trailingSlash = length > 1 && rawPath.charAt(length - 1) == '/';
        return new RequestPath(trailingSlash ? rawPath.substring(0, length - 1) : rawPath, trailingSlash);
    }

    private static boolean isUnreserved(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }

    /** The general parse: percent-decoding, then normalising. Package-private for the test that {@link #plain} agrees. */
    static RequestPath decoded(String rawPath) throws MalformedRequestException {
        String lower = rawPath.toLowerCase(Locale.ROOT);
        if (lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00")) {
            throw new MalformedRequestException("Encoded separators or NUL are not allowed in paths");
        }
        String decoded;
        try {
            decoded = QueryStringDecoder.decodeComponent(rawPath.replace("+", "%2B"));
        } catch (IllegalArgumentException e) {
            throw new MalformedRequestException("Malformed percent-encoding in path");
        }
        for (int i = 0; i < decoded.length(); i++) {
            char c = decoded.charAt(i);
            // All ISO controls, C1 (U+0080..U+009F) too: the caveat engine and the storage refuse them as well, and
            // a path that reached them would fail there as a bug instead of here as the client's 400.
            if (Character.isISOControl(c) || c == '\\') {
                throw new MalformedRequestException("Control characters and backslashes are not allowed in paths");
            }
        }
        List<String> segments = new ArrayList<>();
        for (String segment : decoded.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                throw new MalformedRequestException("'..' is not allowed in paths");
            }
            segments.add(segment);
        }
        boolean trailingSlash = decoded.length() > 1 && decoded.endsWith("/");
        return new RequestPath("/" + String.join("/", segments), trailingSlash);
    }

    public boolean isRoot() {
        return path.equals("/");
    }

    /**
     * Whether normalised absolute {@code path} is {@code ancestor} or lies below it, compared segment by segment:
     * {@code /data/a} contains {@code /data/a/b} but not {@code /data/ab}; {@code /} contains everything.
     */
    public static boolean isWithin(String path, String ancestor) {
        return ancestor.equals("/") || path.equals(ancestor)
                || (path.startsWith(ancestor) && path.charAt(ancestor.length()) == '/');
    }

    /** The parent path; the root's parent is the root. */
    public static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }
}
