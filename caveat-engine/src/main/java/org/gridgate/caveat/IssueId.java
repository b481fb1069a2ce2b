package org.gridgate.caveat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The value of an {@code iid:} caveat as this door writes it, built so that a revocation can be checked from the
 * token alone, with no record of what was minted:
 * <pre>
 * root  = base64url( issued-at seconds (4 bytes) | principal digest (6 bytes) | random (3 bytes) )   18 characters
 * child = parent "." base64url( random (3 bytes) )                                                    +5 each
 * </pre>
 * A macaroon minted from another one (attenuation at the door) gets a child of its parent's id, so revoking an id
 * covers the macaroons derived from it; one attenuated offline keeps its parent's id. The iid is the first caveat
 * and inside the signature, so a holder can neither change nor drop it.
 *
 * <p>An id of any other shape (minted before this format, as dCache's eight random characters) has no issue time
 * or principal: it counts as issued at the epoch, so every "issued before" revocation covers it, and it is never
 * matched by principal.
 */
record IssueId(String value) {
    /** Server-side attenuations of attenuations: beyond this the id would grow without purpose. */
    static final int MAX_DEPTH = 8;
    static final int ROOT_CHARS = 18;
    private static final int PRINCIPAL_BYTES = 6;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    static IssueId root(Instant issued, String principal, SecureRandom random) {
        byte[] randomBytes = new byte[3];
        random.nextBytes(randomBytes);
        ByteBuffer bytes = ByteBuffer.allocate(4 + PRINCIPAL_BYTES + randomBytes.length)
                .putInt((int) issued.getEpochSecond())
                .put(principalBytes(principal))
                .put(randomBytes);
        return new IssueId(ENCODER.encodeToString(bytes.array()));
    }

    /**
     * The id for a macaroon minted from the one holding this id.
     *
     * @throws IllegalStateException past {@value #MAX_DEPTH} generations
     */
    IssueId child(SecureRandom random) {
        if (depth() >= MAX_DEPTH) {
            throw new IllegalStateException("attenuated " + MAX_DEPTH + " times already");
        }
        byte[] randomBytes = new byte[3];
        random.nextBytes(randomBytes);
        return new IssueId(value + "." + ENCODER.encodeToString(randomBytes));
    }

    /**
     * Eight base64url characters naming a principal (a DN, or a token's issuer and subject) without spelling it
     * out in every token: 48 bits of SHA-256, ample to tell a site's users apart.
     */
    static String principalDigest(String principal) {
        return ENCODER.encodeToString(principalBytes(principal));
    }

    private static byte[] principalBytes(String principal) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
        return Arrays.copyOf(sha256.digest(("gridgate-principal\0" + principal).getBytes(StandardCharsets.UTF_8)),
                PRINCIPAL_BYTES);
    }

    /** When the first macaroon of this line was minted; the epoch for an id of another shape. */
    Instant issuedAt() {
        return rootBytes().map(b -> Instant.ofEpochSecond(Integer.toUnsignedLong(ByteBuffer.wrap(b).getInt(0))))
                .orElse(Instant.EPOCH);
    }

    /** The digest of the principal it was first minted for, if the id has this door's shape. */
    Optional<String> principal() {
        return rootBytes().map(b -> ENCODER.encodeToString(Arrays.copyOfRange(b, 4, 4 + PRINCIPAL_BYTES)));
    }

    /** This id and every ancestor, nearest first: what a revocation by id is matched against. */
    List<String> lineage() {
        List<String> ids = new ArrayList<>(depth() + 1);
        String id = value;
        while (true) {
            ids.add(id);
            int dot = id.lastIndexOf('.');
            if (dot < 0) {
                return ids;
            }
            id = id.substring(0, dot);
        }
    }

    private int depth() {
        int dots = 0;
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) == '.') {
                dots++;
            }
        }
        return dots;
    }

    private Optional<byte[]> rootBytes() {
        int dot = value.indexOf('.');
        String root = dot < 0 ? value : value.substring(0, dot);
        if (root.length() != ROOT_CHARS) {
            return Optional.empty();
        }
        try {
            return Optional.of(Base64.getUrlDecoder().decode(root));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
