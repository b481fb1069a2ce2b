package org.gridgate.gateway.webdav;

import java.util.Base64;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.gridgate.gateway.refusal.MalformedRequestException;
import org.gridgate.storage.ChecksumAlgorithm;

/**
 * RFC 3230 instance digests: {@code Digest: adler32=0a1b2c3d, md5=<base64>, sha-256=<base64>} and
 * {@code Want-Digest}. adler32 travels as 8 hex digits (as dCache and XRootD send it); md5 and sha-256 as
 * base64 (RFC 3230 / RFC 5843). Storage keeps all of them as lower-case hex.
 */
final class Digests {

    private Digests() {
    }

    /** The digests a client sent with an upload, as hex; unknown algorithms are ignored (RFC 3230 allows it). */
    static Map<ChecksumAlgorithm, String> parseDigestHeader(List<String> headers) throws MalformedRequestException {
        Map<ChecksumAlgorithm, String> digests = new EnumMap<>(ChecksumAlgorithm.class);
        for (String header : headers) {
            for (String item : header.split(",")) {
                int eq = item.indexOf('=');
                if (eq <= 0) {
                    throw new MalformedRequestException("Malformed Digest header");
                }
                Optional<ChecksumAlgorithm> algorithm = ChecksumAlgorithm.named(item.substring(0, eq));
                if (algorithm.isPresent()) {
                    digests.put(algorithm.get(), toHex(algorithm.get(), item.substring(eq + 1).trim()));
                }
            }
        }
        return digests;
    }

    /**
     * The known algorithms a {@code Want-Digest} value asks for, in the order asked; one with {@code q=0} is
     * "not acceptable" (RFC 3230 §4.3.1) and left out. Null (no header) asks for nothing.
     */
    static Set<ChecksumAlgorithm> wanted(String wantDigest) {
        if (wantDigest == null) {
            return Set.of();
        }
        Set<ChecksumAlgorithm> wanted = new LinkedHashSet<>();
        for (String item : wantDigest.split(",")) {
            // -1: an item of only ";" is two empty strings, not none (found by HeadersFuzzTest: it was a 500)
            String[] parameters = item.split(";", -1);
            Optional<ChecksumAlgorithm> algorithm = ChecksumAlgorithm.named(parameters[0]);
            if (algorithm.isPresent() && !refused(parameters)) {
                wanted.add(algorithm.get());
            }
        }
        return Collections.unmodifiableSet(wanted);
    }

    private static boolean refused(String[] parameters) {
        for (int i = 1; i < parameters.length; i++) {
            String parameter = parameters[i].strip().toLowerCase(Locale.ROOT);
            if (parameter.matches("q\\s*=\\s*0(\\.0*)?")) {
                return true;
            }
        }
        return false;
    }

    /** The {@code Digest} header value for the algorithms a client wants, or null if none is known. */
    static String digestHeaderFor(String wantDigest, Map<ChecksumAlgorithm, String> stored) {
        StringBuilder answer = new StringBuilder();
        for (ChecksumAlgorithm algorithm : wanted(wantDigest)) {
            String hex = stored.get(algorithm);
            if (hex != null) {
                if (answer.length() > 0) {
                    answer.append(',');
                }
                answer.append(algorithm.digestName()).append('=').append(toWire(algorithm, hex));
            }
        }
        return answer.length() == 0 ? null : answer.toString();
    }

    private static String toHex(ChecksumAlgorithm algorithm, String wire) throws MalformedRequestException {
        try {
            if (algorithm == ChecksumAlgorithm.ADLER32) {
                HexFormat.of().parseHex(wire);
                if (wire.length() != 8) {
                    throw new IllegalArgumentException("adler32 needs 8 hex digits");
                }
                return wire.toLowerCase(Locale.ROOT);
            }
            return HexFormat.of().formatHex(Base64.getDecoder().decode(wire));
        } catch (IllegalArgumentException e) {
            throw new MalformedRequestException("Malformed " + algorithm.digestName() + " digest");
        }
    }

    static String toWire(ChecksumAlgorithm algorithm, String hex) {
        if (algorithm == ChecksumAlgorithm.ADLER32) {
            return hex;
        }
        return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
    }
}
