package org.gridgate.gateway.tpc;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.gridgate.caveat.IpSubnet;

/**
 * What a third-party copy may not reach unless the configuration allows it: every address that is not a globally
 * routed unicast address of another machine. A client naming one of these asks the door to reach inside the site
 * (admin ports on loopback, the cloud metadata service at 169.254.169.254, internal hosts, the door host itself),
 * which its token was never meant to give.
 */
final class DefaultDenials {

    private static final List<IpSubnet> UNSPECIFIED = ranges("0.0.0.0/8");
    private static final List<IpSubnet> PRIVATE = ranges(
            "fc00::/7", // unique local (RFC 4193); the JDK's isSiteLocalAddress knows only the old fec0::/10
            "100.64.0.0/10"); // shared carrier-grade NAT space, used inside clouds (e.g. 100.100.100.200 metadata)
    private static final List<IpSubnet> RESERVED = ranges("240.0.0.0/4"); // and 255.255.255.255
    /** IPv6 ranges that carry an IPv4 address in bytes {@code [offset, offset + 4)}, and reach it. */
    private static final List<Embedding> EMBEDDINGS = List.of(
            new Embedding(IpSubnet.parse("64:ff9b::/96"), 12), // NAT64 (RFC 6052)
            new Embedding(IpSubnet.parse("2002::/16"), 2), // 6to4 (RFC 3056)
            new Embedding(IpSubnet.parse("::/96"), 12)); // IPv4-compatible (deprecated)

    private record Embedding(IpSubnet range, int offset) {
    }

    private final Predicate<InetAddress> ownAddress;

    /** Denials that take the door host's own addresses from its network interfaces, asked at each check. */
    DefaultDenials() {
        this(DefaultDenials::isAssignedHere);
    }

    DefaultDenials(Predicate<InetAddress> ownAddress) {
        this.ownAddress = ownAddress;
    }

    /** Why {@code address} is denied by default, or empty if it is an ordinary public address. */
    Optional<String> reason(InetAddress address) {
        Optional<String> reason = categoryOf(address);
        if (reason.isPresent()) {
            return reason;
        }
        if (ownAddress.test(address)) {
            return Optional.of("an address of the door host itself");
        }
        return embeddedIpv4(address).flatMap(this::reason)
                .map(embedded -> embedded + ", embedded in an IPv6 address");
    }

    private static Optional<String> categoryOf(InetAddress address) {
        if (address.isAnyLocalAddress() || in(UNSPECIFIED, address)) {
            return Optional.of("an unspecified address");
        }
        if (address.isLoopbackAddress()) {
            return Optional.of("a loopback address");
        }
        if (address.isLinkLocalAddress()) {
            return Optional.of("a link-local address (where cloud metadata services answer)");
        }
        if (address.isMulticastAddress()) {
            return Optional.of("a multicast address");
        }
        if (address.isSiteLocalAddress() || in(PRIVATE, address)) {
            return Optional.of("a private address");
        }
        if (in(RESERVED, address)) {
            return Optional.of("a reserved address");
        }
        return Optional.empty();
    }

    /** The IPv4 address an IPv6 one reaches through a gateway (NAT64, 6to4, IPv4-compatible), if any. */
    static Optional<InetAddress> embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return Optional.empty();
        }
        for (Embedding embedding : EMBEDDINGS) {
            if (embedding.range().contains(address)) {
                byte[] bytes = address.getAddress();
                try {
                    return Optional.of(InetAddress.getByAddress(
                            Arrays.copyOfRange(bytes, embedding.offset(), embedding.offset() + 4)));
                } catch (UnknownHostException e) {
                    throw new IllegalStateException("4 bytes are always an address", e);
                }
            }
        }
        return Optional.empty();
    }

    /** Fails closed: an address the interfaces cannot be asked about counts as the door's own. */
    private static boolean isAssignedHere(InetAddress address) {
        try {
            return NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException e) {
            return true;
        }
    }

    private static boolean in(List<IpSubnet> ranges, InetAddress address) {
        return ranges.stream().anyMatch(range -> range.contains(address));
    }

    private static List<IpSubnet> ranges(String... texts) {
        return Arrays.stream(texts).map(IpSubnet::parse).toList();
    }
}
