package org.gridgate.gateway.interop;

/** What the ATLAS@Work compute element asks for before a job: an UPLOAD macaroon for its one output file. */
final class ComputeElement {

    static final String UPLOAD_REQUEST = "{\"caveats\":[\"activity:UPLOAD\"],\"validity\":\"PT24H\"}";

    private ComputeElement() {
    }
}
