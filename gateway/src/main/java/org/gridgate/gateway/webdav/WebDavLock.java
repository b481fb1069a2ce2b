package org.gridgate.gateway.webdav;

import java.time.Instant;
import org.gridgate.gateway.http.RequestPath;

/**
 * One WebDAV write lock (RFC 4918 class 2) on a storage path.
 *
 * @param token     the lock's {@code opaquelocktoken:} URI
 * @param path      the locked storage path
 * @param exclusive exclusive, or shared with other shared locks
 * @param deep      whether it covers everything below {@code path} too ({@code Depth: infinity})
 * @param owner     the client's free-text DAV:owner; {@code principal} is who the lock really belongs to
 * @param principal the {@link org.gridgate.gateway.auth.Client#principal()} that took it
 * @param expires   when it lapses unless refreshed
 */
public record WebDavLock(String token, String path, boolean exclusive, boolean deep, String owner, String principal,
                         Instant expires) {

    boolean covers(String target) {
        return target.equals(path) || (deep && RequestPath.isWithin(target, path));
    }

    WebDavLock renewedUntil(Instant until) {
        return new WebDavLock(token, path, exclusive, deep, owner, principal, until);
    }
}
