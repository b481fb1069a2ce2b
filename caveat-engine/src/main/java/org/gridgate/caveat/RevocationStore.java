package org.gridgate.caveat;

import java.io.IOException;
import java.util.function.UnaryOperator;

/**
 * Where a revocation list shared by several doors is kept when it is not a file beside the secrets: one value that
 * every door reads and that admins change (the gateway keeps it in a ZooKeeper node). It holds the list in the same
 * text as the file; {@link Revocations#shared} reads and writes that text, so a store only moves bytes.
 */
public interface RevocationStore {

    /** The stored bytes as they are now; empty if nothing was ever stored (an empty list). */
    byte[] read() throws IOException;

    /**
     * Replaces the stored bytes by {@code change} applied to them, atomically: if another writer changed them
     * meanwhile, {@code change} is applied again to what that writer stored (compare-and-set), so two admins
     * revoking at once both land. {@code change} may run more than once and must have no side effect; an unchecked
     * exception from it aborts the update and is passed on.
     *
     * @return the bytes stored
     */
    byte[] update(UnaryOperator<byte[]> change) throws IOException;

    /** Where the list is, for logs and error messages. */
    String describe();
}
