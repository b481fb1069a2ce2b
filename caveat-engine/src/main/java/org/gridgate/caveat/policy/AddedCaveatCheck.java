package org.gridgate.caveat.policy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A light look at the caveats a rule always adds, so an obvious typo fails at start-up rather than producing
 * macaroons nobody can use. The caveat grammar itself belongs to the caveat classes; here we only check the
 * {@code label:value} shape and that {@code ip:} lists addresses or CIDR ranges.
 */
final class AddedCaveatCheck {

    private static final Pattern LABEL_AND_VALUE = Pattern.compile("([a-z][a-z0-9-]*):(\\S+)");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6_CHARACTERS = Pattern.compile("[0-9A-Fa-f:.]+");

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

    static boolean isAddressOrCidr(String range) {
        int slash = range.indexOf('/');
        String address = slash < 0 ? range : range.substring(0, slash);
        if (IPV4.matcher(address).matches()) {
            return allOctetsInRange(address) && (slash < 0 || isPrefixLength(range.substring(slash + 1), 32));
        }
        // Only strings with a colon reach InetAddress, which then parses them as IPv6 literals and never asks DNS.
        if (address.indexOf(':') >= 0 && IPV6_CHARACTERS.matcher(address).matches()) {
            return isIpv6Literal(address) && (slash < 0 || isPrefixLength(range.substring(slash + 1), 128));
        }
        return false;
    }

    private static boolean allOctetsInRange(String ipv4) {
        for (String octet : ipv4.split("\\.")) {
            if (Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        return true;
    }

    private static boolean isPrefixLength(String text, int maximum) {
        if (!text.matches("\\d{1,3}")) {
            return false;
        }
        return Integer.parseInt(text) <= maximum;
    }

    private static boolean isIpv6Literal(String address) {
        try {
            InetAddress.getByName(address);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
