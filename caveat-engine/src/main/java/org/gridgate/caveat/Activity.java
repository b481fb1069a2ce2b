package org.gridgate.caveat;

/**
 * What a macaroon may be used for: dCache's {@code org.dcache.auth.attributes.Activity}, same names, same order.
 */
public enum Activity {
    LIST, DOWNLOAD, MANAGE, UPLOAD, DELETE, READ_METADATA, UPDATE_METADATA, STAGE
}
