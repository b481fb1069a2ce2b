package org.gridgate.caveat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An address or CIDR subnet from an {@code ip:} caveat. Parsed as a literal only: a host name is refused, never
 * looked up, so a caveat can never make the door wait on DNS or trust what DNS says. IPv4-mapped IPv6 literals
 * ({@code ::ffff:192.0.2.1}) are IPv4, as Java reports such peers.
 */
final class IpSubnet {
    private static final int IPV4_BITS = 32;
    private static final int IPV6_BITS = 128;
    private static final int MAPPED_PREFIX_BITS = 96;

    private final byte[] network;
    private final int prefixBits;

    private IpSubnet(byte[] network, int prefixBits) {
        this.network = mask(network, prefixBits);
        this.prefixBits = prefixBits;
    }

    /** @throws IllegalArgumentException with a readable reason */
    static IpSubnet parse(String text) {
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        boolean ipv6 = address.indexOf(':') >= 0;
        byte[] bytes = ipv6 ? ipv6Literal(address) : ipv4Literal(address);
        int bits = bytes.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            prefix = prefixLength(text.substring(slash + 1), ipv6 ? IPV6_BITS : IPV4_BITS, text);
            if (ipv6 && bytes.length == 4) {
                if (prefix < MAPPED_PREFIX_BITS) {
                    throw new IllegalArgumentException("prefix of IPv4-mapped subnet " + text + " is shorter than 96");
                }
                prefix -= MAPPED_PREFIX_BITS;
            }
        }
        return new IpSubnet(bytes, prefix);
    }

    boolean contains(InetAddress client) {
        byte[] candidate = client.getAddress();
        return candidate.length == network.length && Arrays.equals(mask(candidate, prefixBits), network);
    }

    private static byte[] ipv4Literal(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IP address literal: '" + LogSafe.text(text) + "'");
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            // A leading zero reads as octal to some parsers: refuse the ambiguity.
            if (part.length() > 3 || !CaveatValues.isDecimal(part) || (part.length() > 1 && part.charAt(0) == '0')) {
                throw new IllegalArgumentException("not an IP address literal: '" + LogSafe.text(text) + "'");
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                throw new IllegalArgumentException("not an IP address literal: '" + LogSafe.text(text) + "'");
            }
            bytes[i] = (byte) octet;
        }
        return bytes;
    }

    private static byte[] ipv6Literal(String text) {
        // Only hex digits, ':' and '.' (embedded IPv4); no zone id. In brackets, InetAddress parses a literal and
        // throws rather than falling back to a DNS lookup.
        if (text.isEmpty() || !text.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
            throw new IllegalArgumentException("not an IP address literal: '" + LogSafe.text(text) + "'");
        }
        try {
            return InetAddress.getByName("[" + text + "]").getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address literal: '" + LogSafe.text(text) + "'");
        }
    }

    private static int prefixLength(String text, int max, String subnet) {
        if (text.length() > 3 || !CaveatValues.isDecimal(text)) {
            throw new IllegalArgumentException("bad prefix length in '" + LogSafe.text(subnet) + "'");
        }
        int prefix = Integer.parseInt(text);
        if (prefix > max) {
            throw new IllegalArgumentException("prefix length beyond " + max + " in '" + LogSafe.text(subnet) + "'");
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

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefixBits;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
