package org.gridgate.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.gridgate.storage.StorageException.Reason;

/** {@link Storage} over a directory tree, confined to it by {@link ConfinedRoot}. Stateless, so thread-safe. */
final class ConfinedPosixStorage implements Storage {
    private static final int MAX_OPEN_ATTEMPTS = 3;
    private static final int COMPUTE_BUFFER_BYTES = 1024 * 1024;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ConfinedPosixStorage.class);

    private final ConfinedRoot root;
    private final ChecksumAttributes checksumStore;
    private final DeadPropertyAttributes propertyStore;
    private final Set<ChecksumAlgorithm> everyFile;
    private final AtomicPlacement placement;
    private final TreeRemover remover;
    private final Relocation relocation;

    /**
     * @param attributes where checksums and dead properties are kept
     * @param everyFile  computed and recorded for every file written; adler32 is added if missing
     */
    ConfinedPosixStorage(ConfinedRoot root, UserAttributes attributes, DeadPropertyLimits propertyLimits,
                         Set<ChecksumAlgorithm> everyFile) {
        this.root = root;
        this.checksumStore = new ChecksumAttributes(attributes);
        this.propertyStore = new DeadPropertyAttributes(attributes, propertyLimits);
        this.everyFile = ChecksumSets.union(Set.of(ChecksumAlgorithm.ADLER32), everyFile);
        this.remover = new TreeRemover();
        this.placement = new AtomicPlacement(remover);
        FileCopier fileCopier = new FileCopier(checksumStore, propertyStore, this.everyFile);
        this.relocation = new Relocation(root, placement, fileCopier,
                new TreeCopier(fileCopier, propertyStore, remover), remover);
    }

    @Override
    public FileStat stat(String path) throws StorageException {
        NamespacePath namespacePath = NamespacePath.parse(path);
        return root.locate(namespacePath).requireExisting().toStat(namespacePath);
    }

    /** Sorted by name; internal files, links, special files and names the namespace cannot address are left out. */
    @Override
    public List<FileStat> list(String directory) throws StorageException {
        List<FileStat> entries = new ArrayList<>();
        visitMembers(directory, (local, attributes, path) -> entries.add(attributes.toStat(path)));
        entries.sort(Comparator.comparing(FileStat::name));
        return entries;
    }

    /** What {@link #list} shows of a directory, each with its local path, attributes and namespace path. */
    private interface MemberVisitor {
        void visit(Path local, PosixAttributes attributes, NamespacePath path) throws StorageException;
    }

    private void visitMembers(String directory, MemberVisitor visitor) throws StorageException {
        NamespacePath namespacePath = NamespacePath.parse(directory);
        Location location = root.locate(namespacePath);
        if (!location.requireExisting().isDirectory()) {
            throw new StorageException(Reason.NOT_DIRECTORY, directory + " is not a directory");
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(location.local())) {
            for (Path entry : stream) {
                String name = entry.getFileName().toString();
                if (!NamespacePath.isAddressableName(name)) {
                    continue;
                }
                Optional<PosixAttributes> attributes = PosixAttributes.readIfExists(entry);
                if (attributes.isPresent() && (attributes.get().isFile() || attributes.get().isDirectory())) {
                    visitor.visit(entry, attributes.get(), childOf(namespacePath, name));
                }
            }
        } catch (IOException e) {
            throw IoFailures.map(e, "listing", namespacePath);
        }
    }

    /**
     * The stat must describe the file the channel reads, or the gateway would announce the wrong length. Another
     * door may replace the file between looking it up and opening it, so the attributes seen before and after
     * opening are compared, and the lookup repeated if they differ.
     */
    @Override
    public ReadableFile openForRead(String path) throws StorageException {
        NamespacePath namespacePath = NamespacePath.parse(path);
        for (int attempt = 1; ; attempt++) {
            Location location = root.locate(namespacePath);
            PosixAttributes before = requireFile(location);
            OpenedFile opened = open(location, namespacePath);
            if (opened.stat().etag().equals(before.etag()) || attempt == MAX_OPEN_ATTEMPTS) {
                return opened;
            }
            closeQuietly(opened);
        }
    }

    private static OpenedFile open(Location location, NamespacePath namespacePath) throws StorageException {
        try {
            // O_NOFOLLOW: a link swapped in after the lookup is refused by the kernel, not followed.
            FileChannel channel = FileChannel.open(location.local(), StandardOpenOption.READ,
                    LinkOption.NOFOLLOW_LINKS);
            try {
                return new OpenedFile(PosixAttributes.read(location.local()).toStat(namespacePath), channel);
            } catch (IOException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            throw IoFailures.map(e, "opening", namespacePath);
        }
    }

    private static void closeQuietly(OpenedFile opened) {
        try {
            opened.close();
        } catch (IOException e) {
            // only read from, nothing to lose
        }
    }

    @Override
    public Upload beginUpload(String path, UploadOptions options) throws StorageException {
        return PosixUpload.begin(NamespacePath.parse(path), options, everyFile, root, checksumStore, propertyStore,
                placement);
    }

    @Override
    public long stagedBytes(String path, PartialKey key) throws StorageException {
        return PosixUpload.stagedBytes(NamespacePath.parse(path), key, root);
    }

    @Override
    public Upload resumeUpload(String path, PartialKey key, long offset, long totalBytes, UploadOptions options)
            throws StorageException {
        return PosixUpload.resume(NamespacePath.parse(path), key, offset, totalBytes, options, everyFile, root,
                checksumStore, propertyStore, placement);
    }

    @Override
    public SweepReport sweepExpiredPartials(Instant now) throws StorageException {
        try {
            return new StaleUploadSweeper(remover).sweep(root.root(), Instant.MIN, now);
        } catch (IOException e) {
            throw IoFailures.map(e, "sweeping expired partial uploads under", NamespacePath.ROOT);
        }
    }

    @Override
    public void mkdir(String path) throws StorageException {
        NamespacePath namespacePath = NamespacePath.parse(path);
        Location location = root.locate(namespacePath);
        if (location.exists()) {
            throw new StorageException(Reason.ALREADY_EXISTS, namespacePath + " already exists");
        }
        location.requireCreatable(false);
        try {
            Files.createDirectory(location.local());
        } catch (IOException e) {
            throw IoFailures.map(e, "creating directory", namespacePath);
        }
        placement.syncDirectory(location.deepestExistingDirectory());
    }

    /**
     * A directory holding only internal files (uploads in progress or abandoned) counts as empty: the client sees
     * nothing in it, so refusing would be unexplainable. Those uploads then fail at commit.
     */
    @Override
    public void delete(String path) throws StorageException {
        NamespacePath namespacePath = NamespacePath.parse(path);
        if (namespacePath.isRoot()) {
            throw new StorageException(Reason.FORBIDDEN_PATH, "the root cannot be deleted");
        }
        Location location = root.locate(namespacePath);
        PosixAttributes attributes = location.requireExisting();
        try {
            if (attributes.isDirectory()) {
                removeInternalEntriesOfEmptyDirectory(location.local(), namespacePath);
            }
            Files.delete(location.local());
        } catch (IOException e) {
            throw IoFailures.map(e, "deleting", namespacePath);
        }
        placement.syncDirectory(location.deepestExistingDirectory());
    }

    private void removeInternalEntriesOfEmptyDirectory(Path directory, NamespacePath namespacePath)
            throws IOException, StorageException {
        List<Path> internal = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            for (Path entry : stream) {
                if (!InternalNames.isInternal(entry.getFileName().toString())) {
                    throw new StorageException(Reason.NOT_EMPTY, namespacePath + " is not empty");
                }
                internal.add(entry);
            }
        }
        for (Path entry : internal) {
            remover.deleteTree(entry);
        }
    }

    @Override
    public void move(String from, String to, boolean overwrite) throws StorageException {
        relocation.move(NamespacePath.parse(from), NamespacePath.parse(to), overwrite);
    }

    @Override
    public void copy(String from, String to, boolean overwrite) throws StorageException {
        relocation.copy(NamespacePath.parse(from), NamespacePath.parse(to), overwrite);
    }

    /**
     * What is recorded for the file, plus whatever of {@code wanted} is missing, computed in one pass over the file
     * and added to the record, so later requests never read it again. A record that no longer describes the file
     * (written by something other than a door, or modified since) counts as none. Two doors adding different
     * algorithms to one record at once may lose one addition: it is computed again when next asked for. On a
     * filesystem without extended attributes nothing can be recorded and the file is read each time.
     */
    @Override
    public Map<ChecksumAlgorithm, String> checksums(String path, Set<ChecksumAlgorithm> wanted)
            throws StorageException {
        NamespacePath namespacePath = NamespacePath.parse(path);
        Location location = root.locate(namespacePath);
        PosixAttributes before = requireFile(location);
        Map<ChecksumAlgorithm, String> recorded = checksumStore.validChecksums(location.local(), before);
        Set<ChecksumAlgorithm> missing = ChecksumSets.difference(wanted, recorded.keySet());
        if (missing.isEmpty()) {
            return recorded;
        }
        Map<ChecksumAlgorithm, String> all = new EnumMap<>(ChecksumAlgorithm.class);
        all.putAll(recorded);
        all.putAll(compute(location, namespacePath, missing));
        recordIfUnchanged(location, namespacePath, before, all);
        return Collections.unmodifiableMap(all);
    }

    private static Map<ChecksumAlgorithm, String> compute(Location location, NamespacePath namespacePath,
                                                         Set<ChecksumAlgorithm> algorithms)
            throws StorageException {
        StreamingChecksums checksums = new StreamingChecksums(algorithms);
        try (OpenedFile file = open(location, namespacePath)) {
            ByteBuffer buffer = ByteBuffer.allocate(COMPUTE_BUFFER_BYTES);
            FileChannel channel = file.channel();
            while (channel.read(buffer) >= 0) {
                buffer.flip();
                checksums.update(buffer);
                buffer.clear();
            }
        } catch (IOException e) {
            throw IoFailures.map(e, "checksumming", namespacePath);
        }
        return checksums.current();
    }

    /**
     * Records only if the same file (inode, size, mtime) is still there after reading it: values computed from a
     * file replaced or rewritten meanwhile are right for this answer but must not be attached to another file.
     */
    private void recordIfUnchanged(Location location, NamespacePath namespacePath, PosixAttributes before,
                                   Map<ChecksumAlgorithm, String> checksums) throws StorageException {
        PosixAttributes after = requireFile(root.locate(namespacePath));
        if (!after.equals(before)) {
            return;
        }
        try {
            checksumStore.write(location.local(), new ChecksumRecord(after.size(), after.lastModified(), checksums));
        } catch (IOException e) {
            // The values are right for this answer; only the record for later is lost.
            LOG.debug("could not record computed checksums of {}: {}", namespacePath, e.toString());
        }
    }

    @Override
    public Map<PropertyName, byte[]> deadProperties(String path) throws StorageException {
        NamespacePath namespacePath = NamespacePath.parse(path);
        Location location = root.locate(namespacePath);
        location.requireExisting();
        return propertyStore.read(location.local(), namespacePath);
    }

    /**
     * One pass over the directory, like {@link #list}: the directory is located once, not the whole path again for
     * every member, so each member costs one {@code lstat} and one attribute lookup.
     */
    @Override
    public Map<String, Map<PropertyName, byte[]>> deadPropertiesOfMembers(String directory)
            throws StorageException {
        Map<String, Map<PropertyName, byte[]>> byName = new HashMap<>();
        visitMembers(directory, (local, attributes, path) -> {
            Map<PropertyName, byte[]> properties = propertyStore.read(local, path);
            if (!properties.isEmpty()) {
                byName.put(path.name(), properties);
            }
        });
        return byName;
    }

    @Override
    public void updateDeadProperties(String path, List<PropertyChange> changes) throws StorageException {
        NamespacePath namespacePath = NamespacePath.parse(path);
        Location location = root.locate(namespacePath);
        location.requireExisting();
        propertyStore.update(location.local(), namespacePath, List.copyOf(changes));
    }

    private static PosixAttributes requireFile(Location location) throws StorageException {
        PosixAttributes attributes = location.requireExisting();
        if (attributes.isDirectory()) {
            throw new StorageException(Reason.IS_DIRECTORY, location.path() + " is a directory");
        }
        return attributes;
    }

    private static NamespacePath childOf(NamespacePath directory, String name) {
        List<String> segments = new ArrayList<>(directory.segments());
        segments.add(name);
        return new NamespacePath(segments);
    }
}
