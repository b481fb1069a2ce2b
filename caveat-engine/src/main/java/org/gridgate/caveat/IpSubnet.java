package org.gridgate.caveat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An address or CIDR subnet: the one parser for them, used by {@code ip:} caveats and by the door's third-party-copy
 * {@code allow}/{@code deny} lists. Parsed as a literal only: a host name is refused, never looked up, so an entry
 * can never make the door wait on DNS or trust what DNS says. Digits are ASCII only ({@link Character#isDigit}
 * and {@link Integer#parseInt} also take other scripts' digits, so {@code 10.0.0.0/٨} would read as {@code /8}),
 * and an octet with a leading zero is refused (some resolvers read it as octal). IPv4-mapped IPv6 literals
 * ({@code ::ffff:192.0.2.1}) are IPv4, as Java reports such peers. Immutable.
 */
public final class IpSubnet {
    private static final int IPV4_BITS = 32;
    private static final int IPV6_BITS = 128;
    private static final int MAPPED_PREFIX_BITS = 96;

    private final byte[] network;
    private final int prefixBits;

    private IpSubnet(byte[] network, int prefixBits) {
        this.network = network;
        this.prefixBits = prefixBits;
    }

    /**
     * Parses {@code address} or {@code address/prefix}; address bits beyond the prefix are ignored, as dCache reads
     * an {@code ip:} caveat ({@code 10.1.2.3/8} is {@code 10.0.0.0/8}).
     *
     * @throws InvalidSubnetException with a readable reason
     */
    public static IpSubnet parse(String text) {
        Literal literal = Literal.read(text);
        return new IpSubnet(mask(literal.bytes(), literal.prefixBits()), literal.prefixBits());
    }

    /**
     * Parses like {@link #parse} but refuses address bits beyond the prefix: in a list a site writes by hand,
     * {@code 10.20.0.1/16} opens more than it reads, so it is a mistake to point out rather than to guess at.
     *
     * @throws InvalidSubnetException with a readable reason, for bits beyond the prefix the range meant
     */
    public static IpSubnet parseExact(String text) {
        Literal literal = Literal.read(text);
        byte[] masked = mask(literal.bytes(), literal.prefixBits());
        IpSubnet subnet = new IpSubnet(masked, literal.prefixBits());
        if (!Arrays.equals(masked, literal.bytes())) {
            String reason = "address bits set beyond its /" + literal.prefixBits() + " prefix (did you mean "
                    + subnet + "?)";
            throw new InvalidSubnetException(reason, "'" + LogSafe.text(text) + "' has " + reason);
        }
        return subnet;
    }

    public boolean contains(InetAddress client) {
        return contains(client.getAddress());
    }

    /** Whether {@code address} (4 or 16 bytes, as {@link InetAddress#getAddress()}) lies in this subnet. */
    public boolean contains(byte[] address) {
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

    public int prefixBits() {
        return prefixBits;
    }

    /** The first address of the subnet: {@code 10.0.0.0} for {@code 10.1.2.3/8}. */
    public InetAddress network() {
        try {
            return InetAddress.getByAddress(network);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are always an address", e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IpSubnet subnet && subnet.prefixBits == prefixBits
                && Arrays.equals(subnet.network, network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefixBits;
    }

    /** {@code 192.0.2.0/24}; a single address has its full prefix ({@code /32}, {@code /128}). */
    @Override
    public String toString() {
        return network().getHostAddress() + "/" + prefixBits;
    }

    /**
     * What a subnet did not parse for. {@link #getMessage()} names the text in the words an {@code ip:} caveat's
     * refusal has always used; {@link #reason()} says only what is wrong, for callers that name the text
     * themselves.
     */
    public static final class InvalidSubnetException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        private final String reason;

        InvalidSubnetException(String reason, String message) {
            super(message);
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    /** The address bytes and prefix length as written, before masking. */
    private record Literal(byte[] bytes, int prefixBits) {

        static Literal read(String text) {
            int slash = text.indexOf('/');
            String address = slash < 0 ? text : text.substring(0, slash);
            boolean ipv6 = address.indexOf(':') >= 0;
            byte[] bytes = ipv6 ? ipv6Literal(address) : ipv4Literal(address);
            int prefix = bytes.length * 8;
            if (slash >= 0) {
                prefix = prefixLength(text.substring(slash + 1), ipv6 ? IPV6_BITS : IPV4_BITS, text);
                if (ipv6 && bytes.length == 4) {
                    if (prefix < MAPPED_PREFIX_BITS) {
                        throw badPrefix(text, "an IPv4-mapped subnet needs a prefix of at least 96");
                    }
                    prefix -= MAPPED_PREFIX_BITS;
                }
            }
            return new Literal(bytes, prefix);
        }

        /** Dotted decimal, four octets, no leading zeros, scanned by hand: this runs for every request with ip:. */
        private static byte[] ipv4Literal(String text) {
            byte[] bytes = new byte[4];
            int start = 0;
            for (int i = 0; i < 4; i++) {
                int end = i < 3 ? text.indexOf('.', start) : text.length();
                if (end < 0 || !isOctet(text, start, end)) {
                    throw notALiteral(text);
                }
                bytes[i] = (byte) Integer.parseInt(text, start, end, 10);
                start = end + 1;
            }
            return bytes;
        }

        /** 0 to 255 in ASCII decimal digits; a leading zero reads as octal to some parsers: refuse the ambiguity. */
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
            // Only hex digits, ':' and '.' (embedded IPv4); no zone id. In brackets, InetAddress parses a literal
            // and throws rather than falling back to a DNS lookup.
            if (text.isEmpty() || !text.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
                throw notALiteral(text);
            }
            try {
                return InetAddress.getByName("[" + text + "]").getAddress();
            } catch (UnknownHostException e) {
                throw notALiteral(text);
            }
        }

        private static int prefixLength(String text, int max, String subnet) {
            if (text.length() > 3 || !CaveatValues.isDecimal(text)) {
                throw badPrefix(subnet, "bad prefix length");
            }
            int prefix = Integer.parseInt(text);
            if (prefix > max) {
                throw badPrefix(subnet, "prefix length beyond " + max);
            }
            return prefix;
        }

        private static InvalidSubnetException notALiteral(String address) {
            return new InvalidSubnetException("not an IP address literal",
                    "not an IP address literal: '" + LogSafe.text(address) + "'");
        }

        private static InvalidSubnetException badPrefix(String subnet, String reason) {
            return new InvalidSubnetException(reason, reason + " in '" + LogSafe.text(subnet) + "'");
        }
    }

    private static byte[] mask(byte[] address, int prefixBits) {
        byte[] masked = address.clone();
        for (int i = 0; i < masked.length; i++) {
            int keep = Math.max(0, Math.min(8, prefixBits - i * 8));
            masked[i] &= (byte) (0xff << (8 - keep));
        }
        return masked;
    }
}
