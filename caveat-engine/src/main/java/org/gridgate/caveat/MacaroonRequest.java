package org.gridgate.caveat;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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

    /**
     * The activities the request limits its macaroon to (the last {@code activity:} caveat, which may only narrow
     * earlier ones), or empty if it names none and would get what the policy allows.
     *
     * @throws MintRefusedException (bad request) if any requested caveat is malformed, as minting would refuse it
     */
    public Optional<Set<Activity>> activities() throws MintRefusedException {
        return RequestedCaveats.parse(this).activities().map(EnumSet::copyOf);
    }

    public static MacaroonRequest empty() {
        return new MacaroonRequest(List.of(), Optional.empty());
    }
}
