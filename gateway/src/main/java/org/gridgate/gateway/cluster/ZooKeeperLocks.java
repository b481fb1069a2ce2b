package org.gridgate.gateway.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.gridgate.gateway.refusal.BusyException;
import org.gridgate.gateway.refusal.RefusedException;
import org.gridgate.gateway.webdav.LockTable;
import org.gridgate.gateway.webdav.WebDavLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebDAV lock table every door shares: one ZooKeeper node ({@code <path>/locks}) holding every lock as JSON,
 * changed by compare-and-set ({@link SharedNode}), so a LOCK at one door and a LOCK at another never both win.
 *
 * <p>Every check reads the node afresh, after a {@code sync} so that a lagging follower of the ensemble cannot answer
 * with an older table (two ZooKeeper round trips; the parsed table is kept while the node is unchanged), so a lock
 * taken through one door holds at the next request through any other, as litmus's lock tests across two doors
 * need. Grid clients never lock, and only writes check locks, so downloads never ask ZooKeeper.
 *
 * <p>ZooKeeper trouble never stops a transfer: without ZooKeeper, checks use the last table read, and LOCK and
 * UNLOCK are refused with 503 until it is back. A node that does not parse is logged once and ignored (the last good
 * table stands, and the next change replaces the node).
 */
final class ZooKeeperLocks implements LockTable {
    private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperLocks.class);
    /**
     * Largest table written: ZooKeeper refuses nodes over about 1 MiB ({@code jute.maxbuffer}), and the doors read
     * it on every write request. At the longest owner allowed that is still about 400 locks; typically thousands.
     */
    static final int MAX_BYTES = 512 * 1024;
    private static final int FORMAT = 1;
    /** Never a node's modification id: the table it stands for was written, not read, and is read again. */
    private static final long UNKNOWN_MODIFICATION = -1;

    private final SharedNode node;
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicReference<Parsed> last = new AtomicReference<>(new Parsed(0, Map.of()));
    /** The trouble last logged, so a long outage is one line and not one per request. */
    private final AtomicReference<String> reported = new AtomicReference<>("");

    ZooKeeperLocks(SharedNode node) {
        this.node = node;
    }

    private record Parsed(long modification, Map<String, WebDavLock> locks) {
    }

    /** The node's JSON: the format's version and the locks. */
    private record Table(int format, List<Entry> locks) {
    }

    private record Entry(String token, String path, boolean exclusive, boolean deep, String owner, String principal,
                         String expires) {
        static Entry of(WebDavLock lock) {
            return new Entry(lock.token(), lock.path(), lock.exclusive(), lock.deep(), lock.owner(), lock.principal(),
                    lock.expires().toString());
        }

        WebDavLock lock() {
            if (token == null || path == null || owner == null || principal == null || expires == null) {
                throw new IllegalArgumentException("a lock without token, path, owner, principal or expiry");
            }
            return new WebDavLock(token, path, exclusive, deep, owner, principal, Instant.parse(expires));
        }
    }

    @Override
    public Map<String, WebDavLock> read() {
        if (!node.reachable()) {
            report("ZooKeeper is not connected: checking writes against the WebDAV locks last seen");
            return last.get().locks();
        }
        try {
            return current(node.readLatest()).locks();
        } catch (IOException e) {
            report("Could not read the shared WebDAV locks, checking writes against those last seen: "
                    + e.getMessage());
            return last.get().locks();
        }
    }

    @Override
    public <T> T change(Change<T> change) throws RefusedException {
        if (!node.reachable()) {
            throw unreachable("ZooKeeper is not connected");
        }
        try {
            AtomicReference<Map<String, WebDavLock>> written = new AtomicReference<>();
            T answer = node.update(content -> {
                Parsed current = current(content);
                Map<String, WebDavLock> locks = new HashMap<>(current.locks());
                T result = change.apply(locks);
                if (locks.equals(current.locks())) {
                    written.set(null);
                    return new SharedNode.Outcome<>(null, result);
                }
                byte[] bytes = encode(locks);
                if (bytes.length > MAX_BYTES) {
                    throw new BusyException("Too many WebDAV locks are held; try again later",
                            "the shared lock table would be " + bytes.length + " bytes, over " + MAX_BYTES);
                }
                written.set(Map.copyOf(locks));
                return new SharedNode.Outcome<>(bytes, result);
            });
            if (written.get() != null) {
                // the last good table now, should the node be damaged before the next read (which parses it again)
                last.set(new Parsed(UNKNOWN_MODIFICATION, written.get()));
            }
            return answer;
        } catch (IOException e) {
            throw unreachable(e.getMessage());
        }
    }

    /** The table in {@code content}, parsed once per change of the node; the last good one if it does not parse. */
    private Parsed current(SharedNode.Content content) {
        Parsed known = last.get();
        if (content.modification() == known.modification()) {
            return known;
        }
        Parsed parsed;
        try {
            parsed = new Parsed(content.modification(), decode(content.data()));
        } catch (IOException | RuntimeException e) {
            report("Ignoring ZooKeeper node " + node.path() + ", which is not a WebDAV lock table: " + e.getMessage());
            return known;
        }
        last.set(parsed);
        if (reported.getAndSet("").length() > 0) {
            LOG.info("Reading the shared WebDAV locks from ZooKeeper again");
        }
        return parsed;
    }

    private Map<String, WebDavLock> decode(byte[] data) throws IOException {
        if (data.length == 0) {
            return Map.of();
        }
        Table table = json.readValue(data, Table.class);
        if (table.format() != FORMAT || table.locks() == null) {
            throw new IOException("format " + table.format() + ", this door reads format " + FORMAT);
        }
        Map<String, WebDavLock> locks = new LinkedHashMap<>();
        for (Entry entry : table.locks()) {
            WebDavLock lock = entry.lock();
            locks.put(lock.token(), lock);
        }
        return Map.copyOf(locks);
    }

    private byte[] encode(Map<String, WebDavLock> locks) {
        List<Entry> entries = new ArrayList<>();
        locks.values().forEach(lock -> entries.add(Entry.of(lock)));
        try {
            return json.writeValueAsBytes(new Table(FORMAT, entries));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a lock table that does not write as JSON", e);
        }
    }

    private BusyException unreachable(String why) {
        report("WebDAV locks cannot change now: " + why);
        return new BusyException("WebDAV locks are shared through ZooKeeper, which this door cannot reach now; "
                + "try again later", "lock table unreachable: " + why, java.time.Duration.ofSeconds(10));
    }

    private void report(String trouble) {
        if (!trouble.equals(reported.getAndSet(trouble))) {
            LOG.warn(trouble);
        }
    }
}
