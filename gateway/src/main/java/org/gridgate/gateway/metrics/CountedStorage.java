package org.gridgate.gateway.metrics;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.gridgate.storage.ChecksumAlgorithm;
import org.gridgate.storage.FileStat;
import org.gridgate.storage.ForwardingStorage;
import org.gridgate.storage.PartialKey;
import org.gridgate.storage.ReadableFile;
import org.gridgate.storage.Storage;
import org.gridgate.storage.StorageException;
import org.gridgate.storage.Upload;
import org.gridgate.storage.UploadOptions;

/**
 * A storage that counts the transfers in progress: uploads from begin until commit or abort, downloads while their
 * file is open. What an admin asks first ("is anyone moving data right now?"), for the status page and the
 * {@code gridgate_transfers_in_progress} gauge (a resumed BOINC upload counts while its request lasts). Every other
 * call passes straight through ({@link ForwardingStorage}).
 */
public final class CountedStorage extends ForwardingStorage {
    private final AtomicInteger uploads = new AtomicInteger();
    private final AtomicInteger downloads = new AtomicInteger();

    public CountedStorage(Storage storage) {
        super(storage);
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

    /** A resumable (BOINC) upload counts as an upload in progress while a request writes it. */
    @Override
    public Upload resumeUpload(String path, PartialKey key, long offset, long totalBytes, UploadOptions options)
            throws StorageException {
        Upload upload = storage.resumeUpload(path, key, offset, totalBytes, options);
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
}
