package org.gridgate.caveat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gridgate.caveat.Fixtures.CLIENT;
import static org.gridgate.caveat.Fixtures.IN_ONE_HOUR;

import com.github.nitram509.jmacaroons.Macaroon;
import com.github.nitram509.jmacaroons.MacaroonsSerializer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Tokens an attacker or a broken client could present: each refused, each for the reason we expect. */
class TamperedMacaroonCorpusTest {
    @TempDir
    Path directory;

    private SecretStore store;
    private MacaroonVerifier verifier;
    private String genuine;

    @BeforeEach
    void setUp() {
        store = Fixtures.store(directory);
        verifier = new MacaroonVerifier(store, Fixtures.CLOCK);
        genuine = Fixtures.mint(store, "iid:abcdefgh", "id:1;1;alice", IN_ONE_HOUR, "path:/data/alice",
                "activity:DOWNLOAD");
    }

    private AbstractThrowableAssert<?, ? extends Throwable> assertRefused(String token) {
        return assertThatThrownBy(() -> verifier.verify(token, CLIENT)).isInstanceOf(InvalidMacaroonException.class);
    }

    private static String clientReason(Throwable e) {
        return ((InvalidMacaroonException) e).clientReason();
    }

    @Test
    void theGenuineTokenVerifies() throws Exception {
        assertThat(verifier.verify(genuine, CLIENT).pathPrefix()).isEqualTo("/data/alice");
    }

    // --- the signature chain ---

    @Test
    void refusesAFlippedSignatureByte() {
        List<V1Packets.Packet> packets = new ArrayList<>(V1Packets.read(genuine));
        V1Packets.Packet signature = packets.remove(packets.size() - 1);
        byte[] flipped = signature.value().clone();
        flipped[7] ^= 0x01;
        packets.add(new V1Packets.Packet("signature", flipped));
        assertRefused(V1Packets.write(packets)).hasMessageStartingWith("signature does not match")
                .extracting(TamperedMacaroonCorpusTest::clientReason).isEqualTo("invalid signature");
    }

    @Test
    void refusesAShortenedSignature() {
        List<V1Packets.Packet> packets = new ArrayList<>(V1Packets.read(genuine));
        V1Packets.Packet signature = packets.remove(packets.size() - 1);
        packets.add(new V1Packets.Packet("signature", java.util.Arrays.copyOf(signature.value(), 5)));
        assertRefused(V1Packets.write(packets)).hasMessageStartingWith("malformed macaroon");
    }

    @Test
    void refusesACaveatRemoved() {
        List<V1Packets.Packet> packets = new ArrayList<>(V1Packets.read(genuine));
        packets.removeIf(p -> new String(p.value()).equals("activity:DOWNLOAD"));
        assertRefused(V1Packets.write(packets)).hasMessageStartingWith("signature does not match");
    }

    @Test
    void refusesACaveatEditedInPlace() {
        List<V1Packets.Packet> packets = new ArrayList<>(V1Packets.read(genuine));
        packets.replaceAll(p -> new String(p.value()).equals("path:/data/alice")
                ? V1Packets.Packet.of("cid", "path:/data") : p);
        assertRefused(V1Packets.write(packets)).hasMessageStartingWith("signature does not match");
    }

    @Test
    void refusesACaveatSplicedInWithoutRecomputingTheSignature() {
        List<V1Packets.Packet> packets = new ArrayList<>(V1Packets.read(genuine));
        packets.add(packets.size() - 1, V1Packets.Packet.of("cid", "activity:DOWNLOAD"));
        assertRefused(V1Packets.write(packets)).hasMessageStartingWith("signature does not match");
    }

    @Test
    void refusesAnIdentifierSwappedForAnotherSecretId() throws Exception {
        String other = store.rotate();
        List<V1Packets.Packet> packets = new ArrayList<>(V1Packets.read(genuine));
        packets.replaceAll(p -> p.key().equals("identifier") ? V1Packets.Packet.of("identifier", other) : p);
        assertRefused(V1Packets.write(packets)).hasMessageStartingWith("signature does not match");
    }

    @Test
    void refusesAForeignSecret() {
        byte[] foreign = new byte[32];
        foreign[0] = 1;
        assertRefused(Fixtures.build(store.currentId(), foreign, IN_ONE_HOUR).serialize())
                .hasMessageStartingWith("signature does not match");
    }

    @Test
    void refusesARetiredSecret() throws Exception {
        String old = store.currentId();
        store.rotate();
        store.retire(old);
        assertRefused(genuine).hasMessage("signed by retired secret " + old)
                .extracting(TamperedMacaroonCorpusTest::clientReason).isEqualTo("signing secret retired");
    }

    @Test
    void refusesAnUnknownSecretId() {
        assertRefused(Fixtures.build("unknown1", new byte[32], IN_ONE_HOUR).serialize())
                .hasMessageStartingWith("unknown secret id unknown1")
                .extracting(TamperedMacaroonCorpusTest::clientReason).isEqualTo("unknown signing secret");
    }

    @Test
    void refusesAThirdPartyCaveat() {
        Macaroon withThirdParty = Macaroon.builder(MacaroonsSerializer.V1.deserialize(genuine))
                .addCaveat("https://auth.example.org", "a third party shared secret key!", "check-user-alice")
                .build();
        assertRefused(withThirdParty.serialize()).hasMessageStartingWith("third-party caveats are not supported");
    }

    // --- serialisation ---

    @Test
    void refusesTheV2SerialisationOfAGenuineMacaroon() {
        String v2 = MacaroonsSerializer.V1.deserialize(genuine).serialize(MacaroonsSerializer.V2);
        assertRefused(v2).hasMessageContaining("V2 serialisation is not supported")
                .extracting(TamperedMacaroonCorpusTest::clientReason).isEqualTo("malformed macaroon");
    }

    @Test
    void refusesATruncatedV2Serialisation() {
        String v2 = MacaroonsSerializer.V1.deserialize(genuine).serialize(MacaroonsSerializer.V2);
        assertRefused(v2.substring(0, v2.length() / 2)).hasMessageStartingWith("malformed macaroon");
    }

    @Test
    void acceptsTheStandardBase64Alphabet() throws Exception {
        String standard = Base64.getEncoder().withoutPadding()
                .encodeToString(Base64.getUrlDecoder().decode(genuine));
        assertThat(verifier.verify(standard, CLIENT).pathPrefix()).isEqualTo("/data/alice");
    }

    @Test
    void acceptsBase64Padding() throws Exception {
        String padded = Base64.getUrlEncoder().encodeToString(Base64.getUrlDecoder().decode(genuine));
        assertThat(verifier.verify(padded, CLIENT).pathPrefix()).isEqualTo("/data/alice");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "MDAx", "Bearer MDAxY2xvY2F0aW9u", "{\"v\":2}", "eyJhbGciOiJIUzI1NiJ9.e30.x",
            "MDAxY2xvY2F0aW9uIE9wdGlvbmFsLmVtcHR5Cg", "AgEE", "====", "MDAx\nMDAx"})
    void refusesJunkAsMalformed(String junk) {
        assertRefused(junk).hasMessageStartingWith("malformed macaroon")
                .extracting(TamperedMacaroonCorpusTest::clientReason).isEqualTo("malformed macaroon");
    }

    @Test
    void refusesAnOversizedToken() {
        assertRefused("A".repeat(DecodedMacaroon.MAX_TOKEN_CHARS + 1)).hasMessageContaining("longer than");
    }

    @Test
    void refusesTrailingBytesAfterTheSignature() {
        String extended = Base64.getUrlEncoder().withoutPadding().encodeToString(
                concat(Base64.getUrlDecoder().decode(genuine), "0010cid x:y\n".getBytes()));
        assertRefused(extended).hasMessageStartingWith("malformed macaroon");
    }

    @Test
    void refusesACaveatThatIsNotUtf8() {
        List<V1Packets.Packet> packets = new ArrayList<>(V1Packets.read(genuine));
        packets.add(packets.size() - 1, new V1Packets.Packet("cid", new byte[] {'p', 'a', 't', 'h', ':', (byte) 0xC0,
                (byte) 0xAF}));
        assertRefused(V1Packets.write(packets)).hasMessage("malformed macaroon: caveat is not valid UTF-8");
    }

    @Test
    void refusesAnIdentifierWithAControlCharacter() {
        assertRefused(Fixtures.build("id\u0000x", store.current().key(), IN_ONE_HOUR).serialize())
                .hasMessageStartingWith("malformed macaroon");
    }

    // --- well-signed but malformed caveats ---

    static Stream<Arguments> malformedCaveats() {
        return Stream.of(
                Arguments.of("foo:bar", "unknown caveat foo:bar"),
                Arguments.of("Path:/x", "unknown caveat Path:/x"),
                Arguments.of("nocolon", "missing ':' in caveat nocolon"),
                Arguments.of("", "missing ':' in caveat "),
                Arguments.of("activity:download", "bad value in caveat activity:download: unknown activity 'download'"),
                Arguments.of("activity:", "bad value in caveat activity:: unknown activity ''"),
                Arguments.of("before:soon", "bad value in caveat before:soon: not an ISO-8601 instant"),
                Arguments.of("max-upload:0", "bad value in caveat max-upload:0: must be greater than zero"),
                Arguments.of("max-upload:-5", "bad value in caveat max-upload:-5: not a positive decimal number"),
                Arguments.of("ip:example.org", "bad value in caveat ip:example.org: not an IP address literal: "
                        + "'example.org'"),
                Arguments.of("ip:10.0.0.0/33", "bad value in caveat ip:10.0.0.0/33: prefix length beyond 32 in "
                        + "'10.0.0.0/33'"),
                Arguments.of("id:alice", "bad value in caveat id:alice: expected uid;gid[,gid...];username"),
                Arguments.of("path:", "bad value in caveat path:: empty path"),
                Arguments.of("path:/a\nb", "control character in caveat path:/a\\u000ab"),
                Arguments.of("path:/a\u0000b", "control character in caveat path:/a\\u0000b"));
    }

    @ParameterizedTest
    @MethodSource("malformedCaveats")
    void refusesAWellSignedMalformedCaveat(String caveat, String reason) {
        assertRefused(Fixtures.mint(store, IN_ONE_HOUR, caveat)).hasMessage(reason)
                .extracting(TamperedMacaroonCorpusTest::clientReason).isEqualTo("invalid caveat");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = new byte[a.length + b.length];
        System.arraycopy(a, 0, joined, 0, a.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }
}
