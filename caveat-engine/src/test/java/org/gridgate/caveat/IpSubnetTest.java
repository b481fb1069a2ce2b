package org.gridgate.caveat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.net.InetAddress;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class IpSubnetTest {

    private static InetAddress address(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    void singleAddressMatchesOnlyItself() throws Exception {
        IpSubnet subnet = IpSubnet.parse("192.0.2.7");
        assertThat(subnet.contains(address("192.0.2.7"))).isTrue();
        assertThat(subnet.contains(address("192.0.2.8"))).isFalse();
    }

    @Test
    void cidrMatchesItsRangeOnly() throws Exception {
        IpSubnet subnet = IpSubnet.parse("192.0.2.0/24");
        assertThat(subnet.contains(address("192.0.2.255"))).isTrue();
        assertThat(subnet.contains(address("192.0.3.0"))).isFalse();
    }

    @Test
    void hostBitsInTheNetworkAreIgnored() throws Exception {
        assertThat(IpSubnet.parse("10.1.2.3/8").contains(address("10.200.0.1"))).isTrue();
    }

    @Test
    void zeroPrefixMatchesEveryAddressOfItsFamilyOnly() throws Exception {
        assertThat(IpSubnet.parse("0.0.0.0/0").contains(address("203.0.113.9"))).isTrue();
        assertThat(IpSubnet.parse("0.0.0.0/0").contains(address("2001:db8::1"))).isFalse();
    }

    @Test
    void ipv6SubnetMatchesIpv6Clients() throws Exception {
        IpSubnet subnet = IpSubnet.parse("2001:db8::/32");
        assertThat(subnet.contains(address("2001:db8:ffff::1"))).isTrue();
        assertThat(subnet.contains(address("2001:db9::1"))).isFalse();
        assertThat(subnet.contains(address("192.0.2.1"))).isFalse();
    }

    @Test
    void ipv4MappedLiteralIsTreatedAsIpv4() throws Exception {
        assertThat(IpSubnet.parse("::ffff:192.0.2.0/120").contains(address("192.0.2.44"))).isTrue();
        assertThat(IpSubnet.parse("::ffff:192.0.2.1").contains(address("192.0.2.1"))).isTrue();
    }

    @Test
    void loopbackIpv6() throws Exception {
        assertThat(IpSubnet.parse("::1").contains(address("::1"))).isTrue();
        assertThat(IpSubnet.parse("::1").contains(address("127.0.0.1"))).isFalse();
    }

    @Test
    void exactParsingRefusesAddressBitsBeyondThePrefixSayingWhatWasMeant() {
        assertThat(IpSubnet.parseExact("10.0.0.0/8")).hasToString("10.0.0.0/8");
        assertThatThrownBy(() -> IpSubnet.parseExact("10.1.2.3/8"))
                .isInstanceOf(IpSubnet.InvalidSubnetException.class)
                .hasMessage("'10.1.2.3/8' has address bits set beyond its /8 prefix (did you mean 10.0.0.0/8?)");
    }

    @Test
    void digitsOfOtherScriptsAreNotDigits() {
        assertThatThrownBy(() -> IpSubnet.parse("10.0.0.0/\u0668")).hasMessageStartingWith("bad prefix length");
        assertThatThrownBy(() -> IpSubnet.parse("\u0661\u0660.0.0.1"))
                .hasMessageStartingWith("not an IP address literal");
    }

    @Test
    void aReasonLeavesTheTextToTheCaller() {
        assertThatThrownBy(() -> IpSubnet.parse("10.0.0.0/33"))
                .hasMessage("prefix length beyond 32 in '10.0.0.0/33'")
                .extracting(e -> ((IpSubnet.InvalidSubnetException) e).reason())
                .isEqualTo("prefix length beyond 32");
    }

    /** The byte-wise match agrees with "the first prefix bits are equal", counted on the whole address as a number. */
    @Property(tries = 2000)
    void matchesExactlyTheAddressesSharingThePrefixBits(@ForAll int network, @ForAll int candidate,
                                                        @ForAll @IntRange(min = 0, max = 32) int prefix,
                                                        @ForAll @IntRange(min = 0, max = 32) int flippedBit)
            throws Exception {
        // Mostly the network with one bit flipped (a hit or a near miss at every position), else any address.
        int probe = flippedBit == 32 ? candidate : network ^ (1 << (31 - flippedBit));
        IpSubnet subnet = IpSubnet.parse(dotted(network) + "/" + prefix);
        boolean samePrefix = prefix == 0
                || BigInteger.valueOf(Integer.toUnsignedLong(network)).shiftRight(32 - prefix)
                .equals(BigInteger.valueOf(Integer.toUnsignedLong(probe)).shiftRight(32 - prefix));
        assertThat(subnet.contains(address(dotted(probe)))).isEqualTo(samePrefix);
    }

    private static String dotted(int address) {
        return (address >>> 24) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "."
                + (address & 0xff);
    }
}
