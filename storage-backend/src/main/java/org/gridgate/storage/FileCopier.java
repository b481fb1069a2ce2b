package org.gridgate.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Copies one regular file into a staged file, in constant memory. The copy's checksums are computed as it streams
 * and checked against those recorded for the source, so a copy is verified end to end; the copy is recorded with
 * every algorithm the source had, and those the storage gives every file. It gets the source's dead properties.
 */
final class FileCopier {
    private static final int CHUNK_BYTES = 256 * 1024;

    private final ChecksumAttributes checksumStore;
    private final DeadPropertyAttributes propertyStore;
    private final Set<ChecksumAlgorithm> everyFile;

    FileCopier(ChecksumAttributes checksumStore, DeadPropertyAttributes propertyStore,
               Set<ChecksumAlgorithm> everyFile) {
        this.checksumStore = checksumStore;
        this.propertyStore = propertyStore;
        this.everyFile = everyFile;
    }

    FinishedFile copyToStage(Path source, Path stagingDirectory) throws IOException {
        Map<ChecksumAlgorithm, String> recorded = checksumStore.validChecksums(source, PosixAttributes.read(source));
        StagedFile staged = StagedFile.createIn(stagingDirectory, ChecksumSets.union(everyFile, recorded.keySet()));
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES);
            while (in.read(chunk) >= 0) {
                chunk.flip();
                staged.write(chunk);
                chunk.clear();
            }
            Optional<String> mismatch = ChecksumComparison.firstMismatch(recorded, staged.checksums());
            if (mismatch.isPresent()) {
                throw new CorruptSourceException("the source does not match its recorded checksums ("
                        + mismatch.get() + "): corrupt or changed while copying");
            }
            // Before finish, whose fsync then makes the properties durable with the bytes.
            propertyStore.copy(source, staged.file());
            return staged.finish(checksumStore);
        } catch (IOException | RuntimeException e) {
            staged.discard();
            throw e;
        }
    }
}
