package org.gridgate.gateway.tpc;

import java.net.InetAddress;
import java.util.Locale;
import java.util.regex.Pattern;
import org.gridgate.caveat.IpSubnet;

/**
 * One entry of the third-party-copy {@code allow} or {@code deny} list: a host name ({@code se.example.org}), every
 * host below a domain ({@code *.example.org}), an address ({@code 192.0.2.7}, {@code 2001:db8::7}) or a CIDR range
 * ({@code 10.0.0.0/8}). Addresses are parsed as literals only, never looked up.
 */
public sealed interface RemoteRule permits RemoteRule.HostName, RemoteRule.AddressRange {

    /** Whether this entry names {@code host} (as the URL names it, lower case) or contains {@code address}. */
    boolean matches(String host, InetAddress address);

    /** @throws IllegalArgumentException saying what is wrong with {@code text} */
    static RemoteRule parse(String text) {
        String entry = text == null ? "" : text.trim();
        if (entry.isEmpty()) {
            throw new IllegalArgumentException("empty entry");
        }
        if (entry.indexOf('/') >= 0 || entry.indexOf(':') >= 0 || entry.startsWith("[")
                || HostName.looksNumeric(entry)) {
            return AddressRange.parse(entry);
        }
        return HostName.parse(entry);
    }

    /** The host name as the rules compare it: lower case, without brackets or a trailing dot. */
    static String normalise(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    /**
     * A host name, or with {@code suffix} every host strictly below the domain {@code name} ({@code *.example.org}
     * is {@code a.example.org} and {@code a.b.example.org}, not {@code example.org}).
     */
    record HostName(String name, boolean suffix) implements RemoteRule {
        private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

        static HostName parse(String text) {
            String lower = normalise(text);
            boolean suffix = lower.startsWith("*.");
            String name = suffix ? lower.substring(2) : lower;
            for (String label : name.split("\\.", -1)) {
                if (!LABEL.matcher(label).matches()) {
                    throw new IllegalArgumentException("'" + text + "' is not a host name, *.domain, address or"
                            + " CIDR range");
                }
            }
            return new HostName(name, suffix);
        }

        /** A last label of digits only is no host name (no top-level domain is numeric): a mistyped address. */
        static boolean looksNumeric(String text) {
            String name = normalise(text);
            String last = name.substring(name.lastIndexOf('.') + 1);
            return !last.isEmpty() && isAsciiDigits(last);
        }

        public boolean matchesName(String host) {
            String candidate = normalise(host);
            return suffix ? candidate.endsWith("." + name) : candidate.equals(name);
        }

        @Override
        public boolean matches(String host, InetAddress address) {
            return matchesName(host);
        }

        @Override
        public String toString() {
            return suffix ? "*." + name : name;
        }
    }

    /**
     * An address range; a single address is a range of one ({@code /32}, {@code /128}). Parsed by the caveat
     * engine's {@link IpSubnet}, the door's one CIDR parser, which also refuses bits beyond the prefix here: an
     * allow entry wider than it reads would open more than meant.
     */
    record AddressRange(IpSubnet subnet) implements RemoteRule {

        static AddressRange parse(String text) {
            int slash = text.indexOf('/');
            String literal = slash < 0 ? text : text.substring(0, slash);
            if (literal.startsWith("[") && literal.endsWith("]")) {
                literal = literal.substring(1, literal.length() - 1);
            }
            try {
                return new AddressRange(IpSubnet.parseExact(slash < 0 ? literal : literal + text.substring(slash)));
            } catch (IpSubnet.InvalidSubnetException e) {
                throw new IllegalArgumentException("'" + text + "': " + e.reason(), e);
            }
        }

        public boolean contains(InetAddress address) {
            return subnet.contains(address);
        }

        @Override
        public boolean matches(String host, InetAddress address) {
            return contains(address);
        }

        @Override
        public String toString() {
            return subnet.toString();
        }
    }

    /**
     * ASCII digits only: {@link Character#isDigit} and {@link Integer#parseInt} also take other scripts' digits, so
     * {@code 10.0.0.0/٨} would read as {@code /8}.
     */
    private static boolean isAsciiDigits(String text) {
        return text.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
