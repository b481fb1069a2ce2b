package org.gridgate.gateway.tpc;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

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

    /** An address range; a single address is a range of one ({@code /32}, {@code /128}). */
    record AddressRange(InetAddress network, int prefixBits) implements RemoteRule {
        private static final int MAPPED_PREFIX_BITS = 96;

        public AddressRange {
            if (prefixBits < 0 || prefixBits > network.getAddress().length * 8) {
                throw new IllegalArgumentException("prefix length " + prefixBits + " out of range for " + network);
            }
        }

        static AddressRange parse(String text) {
            int slash = text.indexOf('/');
            String literal = slash < 0 ? text : text.substring(0, slash);
            if (literal.startsWith("[") && literal.endsWith("]")) {
                literal = literal.substring(1, literal.length() - 1);
            }
            boolean ipv6 = literal.indexOf(':') >= 0;
            byte[] bytes = ipv6 ? ipv6Literal(literal, text) : ipv4Literal(literal, text);
            int prefix = bytes.length * 8;
            if (slash >= 0) {
                prefix = prefixLength(text.substring(slash + 1), ipv6 ? 128 : 32, text);
                if (ipv6 && bytes.length == 4) {
                    // ::ffff:10.0.0.0/104 — Java reports IPv4-mapped peers as IPv4, so the range is IPv4 too.
                    if (prefix < MAPPED_PREFIX_BITS) {
                        throw new IllegalArgumentException("'" + text + "': an IPv4-mapped range needs a prefix of"
                                + " at least 96");
                    }
                    prefix -= MAPPED_PREFIX_BITS;
                }
            }
            byte[] masked = mask(bytes, prefix);
            if (!Arrays.equals(masked, bytes)) {
                // An allow entry wider than it reads would open more than meant: refuse rather than guess.
                throw new IllegalArgumentException("'" + text + "' has address bits set beyond its /" + prefix
                        + " prefix (did you mean " + address(masked).getHostAddress() + "/" + prefix + "?)");
            }
            return new AddressRange(address(bytes), prefix);
        }

        public boolean contains(InetAddress address) {
            byte[] candidate = address.getAddress();
            byte[] own = network.getAddress();
            return candidate.length == own.length && Arrays.equals(mask(candidate, prefixBits), own);
        }

        @Override
        public boolean matches(String host, InetAddress address) {
            return contains(address);
        }

        @Override
        public String toString() {
            return network.getHostAddress() + "/" + prefixBits;
        }

        private static byte[] ipv4Literal(String literal, String text) {
            String[] parts = literal.split("\\.", -1);
            if (parts.length != 4) {
                throw notAnAddress(text);
            }
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                String part = parts[i];
                // A leading zero reads as octal to some resolvers (glibc's inet_aton): refuse the ambiguity.
                if (part.isEmpty() || part.length() > 3 || !isAsciiDigits(part)
                        || (part.length() > 1 && part.charAt(0) == '0') || Integer.parseInt(part) > 255) {
                    throw notAnAddress(text);
                }
                bytes[i] = (byte) Integer.parseInt(part);
            }
            return bytes;
        }

        private static byte[] ipv6Literal(String literal, String text) {
            // Hex digits, ':' and '.' only (no zone id); in brackets InetAddress parses a literal or throws, and
            // never falls back to a DNS lookup.
            if (!literal.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
                throw notAnAddress(text);
            }
            try {
                return InetAddress.getByName("[" + literal + "]").getAddress();
            } catch (UnknownHostException e) {
                throw notAnAddress(text);
            }
        }

        private static int prefixLength(String digits, int max, String text) {
            if (digits.isEmpty() || digits.length() > 3 || !isAsciiDigits(digits)) {
                throw new IllegalArgumentException("'" + text + "': bad prefix length");
            }
            int prefix = Integer.parseInt(digits);
            if (prefix > max) {
                throw new IllegalArgumentException("'" + text + "': prefix length beyond " + max);
            }
            return prefix;
        }

        private static byte[] mask(byte[] address, int prefixBits) {
            byte[] masked = address.clone();
            for (int i = 0; i < masked.length; i++) {
                int keep = Math.max(0, Math.min(8, prefixBits - i * 8));
                masked[i] &= (byte) (0xff << (8 - keep));
            }
            return masked;
        }

        private static InetAddress address(byte[] bytes) {
            try {
                return InetAddress.getByAddress(bytes);
            } catch (UnknownHostException e) {
                throw new IllegalStateException("4 or 16 bytes are always an address", e);
            }
        }

        private static IllegalArgumentException notAnAddress(String text) {
            return new IllegalArgumentException("'" + text + "' is not an IP address or CIDR range");
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
