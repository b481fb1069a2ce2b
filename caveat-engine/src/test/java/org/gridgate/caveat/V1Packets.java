package org.gridgate.caveat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Edits a libmacaroons V1 token at the packet level, the way an attacker would: without the secret, so the
 * signature is left as it was. Each packet is 4 hex digits of length (header and newline included),
 * {@code key value\n}.
 */
final class V1Packets {
    record Packet(String key, byte[] value) {
        static Packet of(String key, String value) {
            return new Packet(key, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    private V1Packets() {
    }

    static List<Packet> read(String token) {
        byte[] bytes = Base64.getUrlDecoder().decode(token);
        List<Packet> packets = new ArrayList<>();
        int at = 0;
        while (at < bytes.length) {
            int length = Integer.parseInt(new String(bytes, at, 4, StandardCharsets.US_ASCII), 16);
            int space = at + 4;
            while (bytes[space] != ' ') {
                space++;
            }
            String key = new String(bytes, at + 4, space - at - 4, StandardCharsets.US_ASCII);
            packets.add(new Packet(key, Arrays.copyOfRange(bytes, space + 1, at + length - 1)));
            at += length;
        }
        return packets;
    }

    static String write(List<Packet> packets) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Packet packet : packets) {
            byte[] key = packet.key().getBytes(StandardCharsets.US_ASCII);
            int length = 4 + key.length + 1 + packet.value().length + 1;
            out.writeBytes(String.format("%04x", length).getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(key);
            out.write(' ');
            out.writeBytes(packet.value());
            out.write('\n');
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(out.toByteArray());
    }
}
