package org.gridgate.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Small helpers the tests share: write and read whole (small) files through the SPI, look at the raw disk. */
final class StorageTestSupport {

    private StorageTestSupport() {
    }

    static FileStat put(Storage storage, String path, String content) throws StorageException {
        return put(storage, path, content, UploadOptions.defaults());
    }

    static FileStat put(Storage storage, String path, String content, UploadOptions options)
            throws StorageException {
        try (Upload upload = storage.beginUpload(path, options)) {
            upload.write(bytes(content));
            return upload.commit(Map.of());
        }
    }

    static String read(Storage storage, String path) throws StorageException, IOException {
        try (ReadableFile file = storage.openForRead(path)) {
            ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(file.channel().size()));
            while (buffer.hasRemaining() && file.channel().read(buffer) >= 0) {
                // keep reading until full
            }
            return new String(buffer.array(), StandardCharsets.UTF_8);
        }
    }

    static ByteBuffer bytes(String content) {
        return ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
    }

    /** Every name on disk under {@code directory}, recursively, internal files included. */
    static List<String> everythingOnDisk(Path directory) throws IOException {
        try (Stream<Path> walk = Files.walk(directory)) {
            return walk.filter(p -> !p.equals(directory)).map(p -> directory.relativize(p).toString()).sorted()
                    .toList();
        }
    }

    static List<String> names(List<FileStat> stats) {
        return stats.stream().map(FileStat::name).toList();
    }
}
