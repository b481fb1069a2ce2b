package org.gridgate.gateway;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.gridgate.storage.FileStat;
import org.gridgate.storage.ForwardingStorage;
import org.gridgate.storage.Storage;
import org.gridgate.storage.StorageException;
import org.gridgate.storage.Upload;
import org.gridgate.storage.UploadOptions;

/**
 * A storage on which a file appears right after the door has looked for it and found nothing: what another
 * client's upload, on this door or another, does between a request's checks and its work. Deterministic, because
 * the file is written inside the door's own lookup, before the lookup answers "not found".
 */
final class AppearsAfterLookup extends ForwardingStorage {
    private String armedPath;
    private String armedContent;

    AppearsAfterLookup(Storage storage) {
        super(storage);
    }

    /** The next lookup of {@code path} that finds nothing makes {@code content} appear there. */
    synchronized void arm(String path, String content) {
        armedPath = path;
        armedContent = content;
    }

    @Override
    public FileStat stat(String path) throws StorageException {
        try {
            return storage.stat(path);
        } catch (StorageException e) {
            if (e.reason() == StorageException.Reason.NOT_FOUND) {
                appearIfArmed(path);
            }
            throw e;
        }
    }

    private synchronized void appearIfArmed(String path) throws StorageException {
        if (!path.equals(armedPath)) {
            return;
        }
        armedPath = null;
        try (Upload upload = storage.beginUpload(path, UploadOptions.defaults())) {
            upload.write(ByteBuffer.wrap(armedContent.getBytes(StandardCharsets.UTF_8)));
            upload.commit(Map.of());
        }
    }
}
