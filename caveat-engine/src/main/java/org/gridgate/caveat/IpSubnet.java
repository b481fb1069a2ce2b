package org.gridgate.caveat;

import java.net.InetAddress;
import java.net.UnknownHostException;

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
        return contains(client.getAddress());
    }

    /** Whether {@code address} (4 or 16 bytes, as {@link InetAddress#getAddress()}) lies in this subnet. */
    boolean contains(byte[] address) {
        if (address.length != network.length) {
            return false;
        }
        int whole = prefixBits / 8;
        for (int i = 0; i < whole; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixBits % 8;
        return rest == 0 || ((address[whole] ^ network[whole]) & (0xff << (8 - rest)) & 0xff) == 0;
    }

    /** Dotted decimal, four octets, no leading zeros, scanned by hand: this runs for every request with ip:. */
    private static byte[] ipv4Literal(String text) {
        byte[] bytes = new byte[4];
        int start = 0;
        for (int i = 0; i < 4; i++) {
            int end = i < 3 ? text.indexOf('.', start) : text.length();
            if (end < 0 || !isOctet(text, start, end)) {
                throw new IllegalArgumentException("not an IP address literal: '" + LogSafe.text(text) + "'");
            }
            bytes[i] = (byte) Integer.parseInt(text, start, end, 10);
            start = end + 1;
        }
        return bytes;
    }

    /** 0 to 255 in decimal digits; a leading zero reads as octal to some parsers: refuse the ambiguity. */
    private static boolean isOctet(String text, int start, int end) {
        int length = end - start;
        if (length < 1 || length > 3 || (length > 1 && text.charAt(start) == '0')) {
            return false;
        }
        int octet = 0;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            octet = octet * 10 + (c - '0');
        }
        return octet <= 255;
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
