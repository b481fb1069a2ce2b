package org.gridgate.gateway;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.gridgate.storage.ChecksumAlgorithm;
import org.gridgate.storage.FileStat;
import org.gridgate.storage.ForwardingStorage;
import org.gridgate.storage.Storage;
import org.gridgate.storage.StorageException;
import org.gridgate.storage.Upload;
import org.gridgate.storage.UploadOptions;

/** A storage whose uploads take {@code pauseMillis} per write, counting the bytes that reached it. */
final class SlowDisk extends ForwardingStorage {
    private final long pauseMillis;
    private final AtomicLong written = new AtomicLong();

    SlowDisk(Storage storage, long pauseMillis) {
        super(storage);
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
}
