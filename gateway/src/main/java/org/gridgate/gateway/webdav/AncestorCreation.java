package org.gridgate.gateway.webdav;

import org.gridgate.caveat.Activity;
import org.gridgate.caveat.MacaroonRights;
import org.gridgate.gateway.auth.Client;

/**
 * dCache's rule that an upload may create the directories on its way (PR 4270): a macaroon that may UPLOAD at
 * its path may MKCOL the missing ancestors of that path, and nothing beside it. (MKCOL at or below the path
 * needs only UPLOAD there, like a PUT.)
 * gfal2 depends on it: to make {@code /a/dir} with X.509 it first asks for a macaroon for
 * {@code /a/dir/gfal2_mkdir.reserved} and then sends {@code MKCOL /a/dir} with that macaroon.
 */
final class AncestorCreation {

    private AncestorCreation() {
    }

    static boolean permits(Client client, String storagePath) {
        if (!(client instanceof Client.Bearer bearer)) {
            return false;
        }
        MacaroonRights rights = bearer.rights();
        String prefix = rights.pathPrefix();
        return isProperAncestor(storagePath, prefix) && rights.permits(Activity.UPLOAD, prefix);
    }

    /** Segment-wise: {@code /a} is a proper ancestor of {@code /a/b}, never of {@code /ab} or of itself. */
    static boolean isProperAncestor(String ancestor, String path) {
        String withSlash = ancestor.equals("/") ? "/" : ancestor + "/";
        return path.length() > withSlash.length() && path.startsWith(withSlash);
    }
}
