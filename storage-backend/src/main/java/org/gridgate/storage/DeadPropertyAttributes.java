package org.gridgate.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.locks.ReentrantLock;

import org.gridgate.storage.StorageException.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a file's or directory's dead properties in one user extended attribute, {@code user.gridgate.properties},
 * holding a {@link DeadPropertyRecord}. One attribute for all of them, not one per property, because:
 * <ul>
 *   <li>one {@code setxattr} replaces the whole set, so a PROPPATCH is stored all or nothing, even if the door
 *       dies halfway;</li>
 *   <li>property names are client-chosen namespace URIs of any length, attribute names are at most 255 bytes;</li>
 *   <li>PROPFIND reads one attribute instead of listing and reading each.</li>
 * </ul>
 * The cost, rewriting the whole set (at most 64 KiB) for every change, is small. Like the checksum record the
 * attribute belongs to the inode: it moves with MOVE and disappears with DELETE.
 *
 * <p>Updates are read-modify-write, so updates of one path on this door are serialised (a lock per stripe of
 * paths); doors sharing a filesystem are not, so two doors patching one resource at once may lose one update.
 */
final class DeadPropertyAttributes {
    static final String ATTRIBUTE = "gridgate.properties";
    private static final Logger LOG = LoggerFactory.getLogger(DeadPropertyAttributes.class);
    private static final int LOCK_STRIPES = 64;

    /** An action on the filesystem that runs while a path's properties cannot change. */
    interface FileAction {
        void run() throws IOException;
    }

    private final UserAttributes attributes;
    private final DeadPropertyLimits limits;
    private final ReentrantLock[] stripes = new ReentrantLock[LOCK_STRIPES];

    DeadPropertyAttributes(UserAttributes attributes, DeadPropertyLimits limits) {
        this.attributes = attributes;
        this.limits = limits;
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    /** The entry's dead properties. A record this door cannot decode is logged and reads as none. */
    Map<PropertyName, byte[]> read(Path entry, NamespacePath path) throws StorageException {
        Optional<byte[]> raw = readRaw(entry, path);
        if (raw.isEmpty()) {
            return Map.of();
        }
        Optional<DeadPropertyRecord> record = DeadPropertyRecord.decode(raw.get());
        if (record.isEmpty()) {
            LOG.warn("the dead properties of {} are not in a form this door reads; showing none", path);
            return Map.of();
        }
        return record.get().properties();
    }

    /**
     * Applies {@code changes} in order and stores the result in one write, or nothing.
     *
     * @throws PropertyUpdateException PROPERTY_LIMIT naming the change that crossed a limit; NO_SPACE when the
     *                                 filesystem has no room for the result; NOT_SUPPORTED when it keeps no
     *                                 extended attributes (updates that only remove succeed there: nothing is kept)
     */
    void update(Path entry, NamespacePath path, List<PropertyChange> changes) throws StorageException {
        ReentrantLock lock = stripeOf(path);
        lock.lock();
        try {
            DeadPropertyRecord current = currentForUpdate(entry, path);
            DeadPropertyRecord updated = current.apply(changes, limits, path);
            byte[] encoded = updated.encode();
            if (Arrays.equals(encoded, current.encode())) {
                return;
            }
            store(entry, path, updated, encoded);
        } finally {
            lock.unlock();
        }
    }

    /** Refuses to update what it cannot read: overwriting it would destroy properties a newer door wrote. */
    private DeadPropertyRecord currentForUpdate(Path entry, NamespacePath path) throws StorageException {
        Optional<byte[]> raw = readRaw(entry, path);
        if (raw.isEmpty()) {
            return DeadPropertyRecord.EMPTY;
        }
        return DeadPropertyRecord.decode(raw.get()).orElseThrow(() -> new StorageException(Reason.IO_ERROR,
                "the dead properties of " + path + " are not in a form this door reads; left unchanged"));
    }

    private void store(Path entry, NamespacePath path, DeadPropertyRecord updated, byte[] encoded)
            throws StorageException {
        try {
            if (updated.isEmpty()) {
                attributes.delete(entry, ATTRIBUTE);
            } else {
                attributes.write(entry, ATTRIBUTE, encoded);
            }
        } catch (FileSystemException e) {
            if (UserAttributes.isUnsupported(e)) {
                throw new PropertyUpdateException(Reason.NOT_SUPPORTED, "dead properties cannot be kept for "
                        + path + ": its filesystem has no user extended attributes", OptionalInt.empty(), e);
            }
            if (UserAttributes.isNoRoom(e)) {
                throw new PropertyUpdateException(Reason.NO_SPACE, "the filesystem has no room for the "
                        + encoded.length + " bytes of dead properties of " + path, OptionalInt.empty(), e);
            }
            throw IoFailures.map(e, "storing dead properties of", path);
        } catch (IOException e) {
            throw IoFailures.map(e, "storing dead properties of", path);
        }
    }

    /**
     * Gives {@code copy}, a new entry nobody else sees yet, the dead properties of {@code source} (COPY). They are
     * copied as stored, so a record of a newer door survives too. Where the copy's filesystem keeps no extended
     * attributes they are left behind, as the checksums are.
     */
    void copy(Path source, Path copy) throws IOException {
        Optional<byte[]> raw = attributes.read(source, ATTRIBUTE);
        if (raw.isEmpty()) {
            return;
        }
        try {
            attributes.write(copy, ATTRIBUTE, raw.get());
        } catch (FileSystemException e) {
            if (!UserAttributes.isUnsupported(e)) {
                throw e;
            }
            LOG.debug("dead properties not copied, no extended attributes here: {}", e.getReason());
        }
    }

    /**
     * Runs {@code replace}, which puts {@code replacement} where {@code current} is (an upload's rename), after
     * giving the replacement the current file's dead properties: PUT replaces a resource's content, not what
     * clients said about it, as at Apache mod_dav. No update of the path on this door runs in between, so none is
     * lost with the old file. Carried properties are made durable before the rename.
     */
    void replaceKeepingProperties(NamespacePath path, Path current, Path replacement, FileAction replace)
            throws IOException {
        ReentrantLock lock = stripeOf(path);
        lock.lock();
        try {
            if (carryOver(current, replacement)) {
                try (FileChannel channel = FileChannel.open(replacement, StandardOpenOption.READ)) {
                    channel.force(true);
                }
            }
            replace.run();
        } finally {
            lock.unlock();
        }
    }

    private boolean carryOver(Path current, Path replacement) throws IOException {
        Optional<byte[]> raw;
        try {
            raw = attributes.read(current, ATTRIBUTE);
        } catch (NoSuchFileException e) {
            return false; // nothing there (any more) to keep properties of
        }
        if (raw.isEmpty()) {
            return false;
        }
        attributes.write(replacement, ATTRIBUTE, raw.get());
        return true;
    }

    private Optional<byte[]> readRaw(Path entry, NamespacePath path) throws StorageException {
        try {
            return attributes.read(entry, ATTRIBUTE);
        } catch (IOException e) {
            throw IoFailures.map(e, "reading dead properties of", path);
        }
    }

    private ReentrantLock stripeOf(NamespacePath path) {
        return stripes[Math.floorMod(path.hashCode(), stripes.length)];
    }
}
