package org.gridgate.caveat.policy;

import java.util.Optional;
import java.util.regex.Pattern;
import org.gridgate.caveat.IpSubnet;

/**
 * A light look at the caveats a rule always adds, so an obvious typo fails at start-up rather than producing
 * macaroons nobody can use. The caveat grammar itself belongs to the caveat classes; here we only check the
 * {@code label:value} shape and that {@code ip:} lists addresses or CIDR ranges.
 */
final class AddedCaveatCheck {

    private static final Pattern LABEL_AND_VALUE = Pattern.compile("([a-z][a-z0-9-]*):(\\S+)");

    private AddedCaveatCheck() {
    }

    /** What is wrong with {@code caveat}, or empty when it looks sane. */
    static Optional<String> problem(String caveat) {
        if (caveat == null) {
            return Optional.of("an added caveat is empty");
        }
        var parts = LABEL_AND_VALUE.matcher(caveat);
        if (!parts.matches()) {
            return Optional.of("added caveat '" + caveat + "' is not of the form label:value");
        }
        if (parts.group(1).equals("ip")) {
            for (String range : parts.group(2).split(",", -1)) {
                if (!isAddressOrCidr(range)) {
                    return Optional.of("added caveat '" + caveat + "': '" + range
                            + "' is not an IP address or CIDR range");
                }
            }
        }
        return Optional.empty();
    }

    /** Read by the same parser as the caveat will be when the minted macaroon comes back. */
    static boolean isAddressOrCidr(String range) {
        try {
            IpSubnet.parse(range);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
