package org.gridgate.gateway.metrics;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.gridgate.storage.ChecksumAlgorithm;
import org.gridgate.storage.FileStat;
import org.gridgate.storage.PropertyChange;
import org.gridgate.storage.PropertyName;
import org.gridgate.storage.ReadableFile;
import org.gridgate.storage.Storage;
import org.gridgate.storage.StorageException;
import org.gridgate.storage.Upload;
import org.gridgate.storage.UploadOptions;

/**
 * A storage that counts the transfers in progress: uploads from begin until commit or abort, downloads while their
 * file is open. What an admin asks first ("is anyone moving data right now?"), for the status page and the
 * {@code gridgate_transfers_in_progress} gauge. Everything else passes straight through.
 */
public final class CountedStorage implements Storage {
    private final Storage storage;
    private final AtomicInteger uploads = new AtomicInteger();
    private final AtomicInteger downloads = new AtomicInteger();

    public CountedStorage(Storage storage) {
        this.storage = storage;
    }

    public int uploadsInProgress() {
        return uploads.get();
    }

    public int downloadsInProgress() {
        return downloads.get();
    }

    @Override
    public ReadableFile openForRead(String path) throws StorageException {
        ReadableFile file = storage.openForRead(path);
        downloads.incrementAndGet();
        AtomicBoolean open = new AtomicBoolean(true);
        return new ReadableFile() {
            @Override
            public FileStat stat() {
                return file.stat();
            }

            @Override
            public FileChannel channel() {
                return file.channel();
            }

            @Override
            public void close() throws IOException {
                if (open.compareAndSet(true, false)) {
                    downloads.decrementAndGet();
                }
                file.close();
            }
        };
    }

    @Override
    public Upload beginUpload(String path, UploadOptions options) throws StorageException {
        Upload upload = storage.beginUpload(path, options);
        uploads.incrementAndGet();
        return new CountedUpload(upload);
    }

    /** Counted until it is committed or aborted, whichever ends it first. */
    private final class CountedUpload implements Upload {
        private final Upload upload;
        private final AtomicBoolean open = new AtomicBoolean(true);

        CountedUpload(Upload upload) {
            this.upload = upload;
        }

        private void ended() {
            if (open.compareAndSet(true, false)) {
                uploads.decrementAndGet();
            }
        }

        @Override
        public void write(ByteBuffer data) throws StorageException {
            upload.write(data);
        }

        @Override
        public long bytesWritten() {
            return upload.bytesWritten();
        }

        @Override
        public FileStat commit(Map<ChecksumAlgorithm, String> expected) throws StorageException {
            try {
                return upload.commit(expected);
            } finally {
                ended();
            }
        }

        @Override
        public Map<ChecksumAlgorithm, String> checksums() {
            return upload.checksums();
        }

        @Override
        public void abort() {
            try {
                upload.abort();
            } finally {
                ended();
            }
        }

        @Override
        public void close() {
            try {
                upload.close();
            } finally {
                ended();
            }
        }
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
