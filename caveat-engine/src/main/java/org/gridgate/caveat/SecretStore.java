package org.gridgate.caveat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Macaroon root keys, each with a public id that goes into the macaroon identifier. New macaroons are signed with
 * the newest key; older keys keep verifying until retired. Kept in a file readable by the owner only; key material
 * is never logged or printed.
 *
 * <p>STUB: the caveat-engine implementation replaces the body.
 */
public final class SecretStore {

    /** Opens the store in {@code file}, creating it (owner-only permissions) with one fresh key if absent. */
    public static SecretStore openOrCreate(Path file, Clock clock) throws IOException {
        throw new UnsupportedOperationException("stub");
    }
}
