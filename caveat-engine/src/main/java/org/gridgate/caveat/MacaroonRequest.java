package org.gridgate.caveat;

import java.util.List;
import java.util.Optional;

/**
 * The body of a macaroon request, as the client sent it and before any checking:
 * {@code {"caveats":["activity:UPLOAD"],"validity":"PT24H"}}. Both fields are optional, as at dCache.
 *
 * @param caveats  caveat strings the client asked for, verbatim
 * @param validity an ISO-8601 duration such as {@code PT24H}, unparsed
 */
public record MacaroonRequest(List<String> caveats, Optional<String> validity) {
    public MacaroonRequest {
        caveats = List.copyOf(caveats);
    }

    public static MacaroonRequest empty() {
        return new MacaroonRequest(List.of(), Optional.empty());
    }
}
