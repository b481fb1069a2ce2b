package org.gridgate.gateway.webdav;

import java.util.HashMap;
import java.util.Map;
import org.gridgate.gateway.refusal.BusyException;
import org.gridgate.gateway.refusal.RefusedException;

/**
 * Where a door's WebDAV locks are kept: in its own memory ({@link #inMemory()}), or in a table that every door of
 * the service shares ({@code cluster/ZooKeeperLocks}), so that a lock taken at one door holds at all of them.
 * {@link LockManager} holds the rules; a table only keeps the locks and changes them one change at a time.
 */
public interface LockTable {

    /**
     * The locks as they stand now, by token; expired ones may be among them. A shared table answers from its last
     * good copy when it cannot reach the others: writes then go on under the locks known, rather than stop.
     */
    Map<String, WebDavLock> read();

    /**
     * Applies {@code change} to the table as one step that no other door's change interleaves with. A shared table
     * may run {@code change} more than once (when another door changed the table meanwhile), each time on the
     * table as it then is; what the last run returned is the answer.
     *
     * @throws BusyException when the table cannot be changed now (a shared table whose store is unreachable, or
     *                       full): the client may try again later
     */
    <T> T change(Change<T> change) throws RefusedException;

    /** A change to the table, made on a mutable copy of it. */
    @FunctionalInterface
    interface Change<T> {
        T apply(Map<String, WebDavLock> locks) throws RefusedException;
    }

    /** This door's own table: locks hold against this door's clients only. */
    static LockTable inMemory() {
        return new LockTable() {
            /** Replaced whole on each change, so that the many reads (every write request) take no lock. */
            private volatile Map<String, WebDavLock> locks = Map.of();

            @Override
            public Map<String, WebDavLock> read() {
                return locks;
            }

            @Override
            public synchronized <T> T change(Change<T> change) throws RefusedException {
                Map<String, WebDavLock> copy = new HashMap<>(locks);
                T answer = change.apply(copy);
                locks = Map.copyOf(copy);
                return answer;
            }
        };
    }
}
