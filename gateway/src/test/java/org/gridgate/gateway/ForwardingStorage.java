package org.gridgate.gateway;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gridgate.storage.ChecksumAlgorithm;
import org.gridgate.storage.FileStat;
import org.gridgate.storage.PropertyChange;
import org.gridgate.storage.PropertyName;
import org.gridgate.storage.ReadableFile;
import org.gridgate.storage.Storage;
import org.gridgate.storage.StorageException;
import org.gridgate.storage.PartialKey;
import org.gridgate.storage.SweepReport;
import org.gridgate.storage.Upload;
import org.gridgate.storage.UploadOptions;

/**
 * A storage that hands every call to another one: test storages (a slow disk, a file that appears at the worst
 * moment) extend it and change only what they are about.
 */
abstract class ForwardingStorage implements Storage {
    protected final Storage storage;

    ForwardingStorage(Storage storage) {
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
    public SweepReport sweepExpiredPartials(java.time.Instant now) throws StorageException {
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
