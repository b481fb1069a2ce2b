package org.gridgate.caveat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Objects;

/**
 * One macaroon secret as the doors share it (for example in ZooKeeper), key included: {@link #encode()} gives the
 * bytes to store and {@link #decode} checks them (the id must be the key's). Everything else about it is public;
 * the key bytes appear only in {@link #encode()}, never in {@link #toString()}.
 */
public final class SharedSecret {
    private static final String HEADER = "gridgate-secret 1";

    private final IdentifiedSecret secret;

    SharedSecret(IdentifiedSecret secret) {
        this.secret = Objects.requireNonNull(secret);
    }

    /** A fresh random key, created {@code now}, that may sign from {@code signsFrom}. */
    public static SharedSecret generate(Instant now, Instant signsFrom) {
        return new SharedSecret(IdentifiedSecret.generate(new SecureRandom(), now, signsFrom));
    }

    IdentifiedSecret secret() {
        return secret;
    }

    public String id() {
        return secret.id();
    }

    public Instant created() {
        return secret.created();
    }

    public Instant signsFrom() {
        return secret.signsFrom();
    }

    /** {@code gridgate-secret 1 <id> <created> <signs-from> <base64 key>}: secret, to be stored with care. */
    public byte[] encode() {
        return (HEADER + " " + secret.id() + " " + secret.created() + " " + secret.signsFrom() + " "
                + Base64.getEncoder().encodeToString(secret.key())).getBytes(StandardCharsets.US_ASCII);
    }

    /** The secret {@link #encode()} gave; an exception that says what is wrong (never the content) otherwise. */
    public static SharedSecret decode(byte[] encoded) throws IOException {
        String[] fields = new String(encoded, StandardCharsets.US_ASCII).strip().split(" ");
        if (fields.length != 6 || !(fields[0] + " " + fields[1]).equals(HEADER)) {
            throw new IOException("not a '" + HEADER + " <id> <created> <signs-from> <key>' record");
        }
        byte[] key;
        Instant created;
        Instant signsFrom;
        try {
            created = Instant.parse(fields[3]);
            signsFrom = Instant.parse(fields[4]);
            key = Base64.getDecoder().decode(fields[5]);
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new IOException("a bad instant or key in a secret record");
        }
        if (key.length != IdentifiedSecret.KEY_BYTES) {
            throw new IOException("the key of a secret record must have " + IdentifiedSecret.KEY_BYTES + " bytes");
        }
        if (!IdentifiedSecret.idOf(key).equals(fields[2])) {
            throw new IOException("the id of a secret record does not match its key");
        }
        return new SharedSecret(new IdentifiedSecret(fields[2], created, signsFrom, key));
    }

    @Override
    public String toString() {
        return secret.toString();
    }
}
