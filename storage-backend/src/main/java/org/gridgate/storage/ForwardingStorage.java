package org.gridgate.storage;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A storage that hands every call to another one: a wrapper (the door's count of transfers in progress, a test's
 * slow disk) extends it and changes only what it is about, and a method added to {@link Storage} is passed through
 * here once for all of them.
 */
public abstract class ForwardingStorage implements Storage {
    protected final Storage storage;

    protected ForwardingStorage(Storage storage) {
        this.storage = storage;
    }

    @Override
    public FileStat stat(String path) throws StorageException {
        return storage.stat(path);
    }

    @Override
    public List<FileStat> list(String directory) throws StorageException {
        return storage.list(directory);
    }

    @Override
    public ReadableFile openForRead(String path) throws StorageException {
        return storage.openForRead(path);
    }

    @Override
    public Upload beginUpload(String path, UploadOptions options) throws StorageException {
        return storage.beginUpload(path, options);
    }

    @Override
    public SweepReport sweepExpiredPartials(Instant now) throws StorageException {
        return storage.sweepExpiredPartials(now);
    }

    @Override
    public long stagedBytes(String path, PartialKey key) throws StorageException {
        return storage.stagedBytes(path, key);
    }

    @Override
    public Upload resumeUpload(String path, PartialKey key, long offset, long totalBytes, UploadOptions options)
            throws StorageException {
        return storage.resumeUpload(path, key, offset, totalBytes, options);
    }

    @Override
    public void mkdir(String path) throws StorageException {
        storage.mkdir(path);
    }

    @Override
    public void delete(String path) throws StorageException {
        storage.delete(path);
    }

    @Override
    public void move(String from, String to, boolean overwrite) throws StorageException {
        storage.move(from, to, overwrite);
    }

    @Override
    public void copy(String from, String to, boolean overwrite) throws StorageException {
        storage.copy(from, to, overwrite);
    }

    @Override
    public Map<ChecksumAlgorithm, String> checksums(String path, Set<ChecksumAlgorithm> wanted)
            throws StorageException {
        return storage.checksums(path, wanted);
    }

    @Override
    public Map<PropertyName, byte[]> deadProperties(String path) throws StorageException {
        return storage.deadProperties(path);
    }

    @Override
    public Map<String, Map<PropertyName, byte[]>> deadPropertiesOfMembers(String directory)
            throws StorageException {
        return storage.deadPropertiesOfMembers(directory);
    }

    @Override
    public void updateDeadProperties(String path, List<PropertyChange> changes) throws StorageException {
        storage.updateDeadProperties(path, changes);
    }
}
