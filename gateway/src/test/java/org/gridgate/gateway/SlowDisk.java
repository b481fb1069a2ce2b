package org.gridgate.gateway;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.gridgate.storage.ChecksumAlgorithm;
import org.gridgate.storage.FileStat;
import org.gridgate.storage.PropertyChange;
import org.gridgate.storage.PropertyName;
import org.gridgate.storage.ReadableFile;
import org.gridgate.storage.Storage;
import org.gridgate.storage.StorageException;
import org.gridgate.storage.Upload;
import org.gridgate.storage.UploadOptions;

/** A storage whose uploads take {@code pauseMillis} per write, counting the bytes that reached it. */
final class SlowDisk implements Storage {
    private final Storage storage;
    private final long pauseMillis;
    private final AtomicLong written = new AtomicLong();

    SlowDisk(Storage storage, long pauseMillis) {
        this.storage = storage;
        this.pauseMillis = pauseMillis;
    }

    /** Bytes written by all uploads so far. */
    long written() {
        return written.get();
    }

    @Override
    public Upload beginUpload(String path, UploadOptions options) throws StorageException {
        Upload upload = storage.beginUpload(path, options);
        return new Upload() {
            @Override
            public void write(ByteBuffer data) throws StorageException {
                try {
                    Thread.sleep(pauseMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                int bytes = data.remaining();
                upload.write(data);
                written.addAndGet(bytes);
            }

            @Override
            public long bytesWritten() {
                return upload.bytesWritten();
            }

            @Override
            public FileStat commit(Map<ChecksumAlgorithm, String> expected) throws StorageException {
                return upload.commit(expected);
            }

            @Override
            public Map<ChecksumAlgorithm, String> checksums() {
                return upload.checksums();
            }

            @Override
            public void abort() {
                upload.abort();
            }

            @Override
            public void close() {
                upload.close();
            }
        };
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
