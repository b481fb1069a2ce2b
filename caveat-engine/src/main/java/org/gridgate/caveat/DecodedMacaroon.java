package org.gridgate.caveat;

import com.github.nitram509.jmacaroons.CaveatPacket;
import com.github.nitram509.jmacaroons.Macaroon;
import com.github.nitram509.jmacaroons.MacaroonsSerializer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * A presented token taken apart, before any trust: jmacaroons' V1 parse plus the checks it does not make. This is
 * the one place where jmacaroons meets untrusted bytes; whatever it throws on junk becomes "malformed macaroon".
 *
 * @param macaroon   jmacaroons' view, for the signature check
 * @param caveats    every caveat in order, first-party as text, third-party marked
 */
record DecodedMacaroon(Macaroon macaroon, List<PacketCaveat> caveats) {
    /** Far more than any macaroon we mint or a client would reasonably attenuate; bounds the work junk can cause. */
    static final int MAX_TOKEN_CHARS = 16 * 1024;
    private static final String MALFORMED = "malformed macaroon";
    private static final byte V2_FORMAT_BYTE = 2;
    private static final char REPLACEMENT_CHARACTER = '\uFFFD';
    private static final int SIGNATURE_HEX_CHARS = 64; // HMAC-SHA256

    /** One caveat packet: a first-party caveat, or the id of a third-party one (followed by vid/cl packets). */
    record PacketCaveat(String text, boolean thirdParty) {
    }

    DecodedMacaroon {
        caveats = List.copyOf(caveats);
    }

    static DecodedMacaroon decode(String serialized) throws InvalidMacaroonException {
        if (serialized == null || serialized.isEmpty()) {
            throw new InvalidMacaroonException("malformed macaroon: empty token", MALFORMED);
        }
        if (serialized.length() > MAX_TOKEN_CHARS) {
            throw new InvalidMacaroonException("malformed macaroon: token longer than " + MAX_TOKEN_CHARS
                    + " characters", MALFORMED);
        }
        if (!isBase64(serialized)) {
            throw new InvalidMacaroonException("malformed macaroon: not base64", MALFORMED);
        }
        Macaroon macaroon;
        try {
            macaroon = MacaroonsSerializer.V1.deserialize(serialized);
        } catch (RuntimeException e) {
            if (isV2(serialized)) {
                throw new InvalidMacaroonException(
                        "malformed macaroon: libmacaroons V2 serialisation is not supported, only V1", MALFORMED);
            }
            throw new InvalidMacaroonException("malformed macaroon: " + LogSafe.text(String.valueOf(e.getMessage())),
                    MALFORMED);
        }
        if (macaroon.identifier == null || macaroon.identifier.isEmpty()
                || LogSafe.hasControlCharacter(macaroon.identifier)
                || macaroon.identifier.indexOf(REPLACEMENT_CHARACTER) >= 0) {
            throw new InvalidMacaroonException("malformed macaroon: bad identifier", MALFORMED);
        }
        if (macaroon.signature == null || macaroon.signature.length() != SIGNATURE_HEX_CHARS) {
            throw new InvalidMacaroonException("malformed macaroon: bad signature length", MALFORMED);
        }
        return new DecodedMacaroon(macaroon, caveatsOf(macaroon));
    }

    String identifier() {
        return macaroon.identifier;
    }

    String location() {
        return macaroon.location == null ? "" : macaroon.location;
    }

    /** The signature's first six bytes, base64: dCache's way of telling tokens apart in logs without leaking them. */
    String signaturePrefix() {
        return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(macaroon.signature, 0, 12));
    }

    boolean hasThirdPartyCaveat() {
        for (PacketCaveat caveat : caveats) {
            if (caveat.thirdParty()) {
                return true;
            }
        }
        return false;
    }

    private static List<PacketCaveat> caveatsOf(Macaroon macaroon) throws InvalidMacaroonException {
        List<PacketCaveat> caveats = new ArrayList<>(macaroon.caveatPackets.length);
        for (CaveatPacket packet : macaroon.caveatPackets) {
            switch (packet.getType()) {
                case cid -> caveats.add(new PacketCaveat(utf8(packet), false));
                case vid -> {
                    if (caveats.isEmpty()) {
                        throw new InvalidMacaroonException("malformed macaroon: vid before any cid", MALFORMED);
                    }
                    PacketCaveat last = caveats.remove(caveats.size() - 1);
                    caveats.add(new PacketCaveat(last.text(), true));
                }
                case cl -> {
                    // Location hint of a third-party caveat: ignored, as by dCache.
                }
                default -> throw new InvalidMacaroonException("malformed macaroon: unexpected "
                        + packet.getType() + " packet", MALFORMED);
            }
        }
        return caveats;
    }

    /**
     * jmacaroons decodes caveat bytes to a String, replacing invalid UTF-8 with U+FFFD, and signs the re-encoded
     * text, so such a caveat could never verify anyway; refusing U+FFFD here names the real problem.
     */
    private static String utf8(CaveatPacket packet) throws InvalidMacaroonException {
        String text = packet.getValueAsText();
        if (text.indexOf(REPLACEMENT_CHARACTER) >= 0) {
            throw new InvalidMacaroonException("malformed macaroon: caveat is not valid UTF-8", MALFORMED);
        }
        return text;
    }

    /** Base64 in either alphabet (url-safe as minted, standard as some clients re-encode), optional padding. */
    private static boolean isBase64(String text) {
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == '=' && text.length() - end < 2) {
            end--;
        }
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '+' || c == '/';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean isV2(String text) {
        try {
            String urlSafe = text.replace('+', '-').replace('/', '_').replace("=", "");
            byte[] bytes = Base64.getUrlDecoder().decode(urlSafe);
            return bytes.length > 0 && bytes[0] == V2_FORMAT_BYTE;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
