package org.gridgate.storage;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The storage SPI the door writes through. Paths are absolute, normalised, slash-separated strings in the door's
 * namespace ({@code /atlas/out/file1}); an implementation still refuses anything that would leave its root.
 * All calls block: the gateway calls them off the network event loop.
 */
public interface Storage {

    FileStat stat(String path) throws StorageException;

    /** The entries directly inside {@code directory}, not including itself. */
    List<FileStat> list(String directory) throws StorageException;

    ReadableFile openForRead(String path) throws StorageException;

    /**
     * Starts writing {@code path}. Nothing is visible at {@code path} until {@link Upload#commit} succeeds; a file
     * already there stays intact until then.
     */
    Upload beginUpload(String path, UploadOptions options) throws StorageException;

    void mkdir(String path) throws StorageException;

    /** Deletes a file or an empty directory. */
    void delete(String path) throws StorageException;

    void move(String from, String to, boolean overwrite) throws StorageException;

    void copy(String from, String to, boolean overwrite) throws StorageException;

    /**
     * The file's checksums (lower-case hex; adler32 zero-padded to 8 digits): every one recorded for it (as it was
     * written, or since), plus each of {@code wanted} not recorded yet, which is computed by reading the file once,
     * in constant memory, and recorded for later. A file written some other way has nothing recorded at first.
     */
    Map<ChecksumAlgorithm, String> checksums(String path, Set<ChecksumAlgorithm> wanted) throws StorageException;

    /** The recorded checksums, with at least {@link ChecksumAlgorithm#ADLER32} (computed if need be). */
    default Map<ChecksumAlgorithm, String> checksums(String path) throws StorageException {
        return checksums(path, Set.of(ChecksumAlgorithm.ADLER32));
    }
}
