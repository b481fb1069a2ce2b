package org.gridgate.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;

/** A file opened for reading, with its stat taken after opening. */
record OpenedFile(FileStat stat, FileChannel channel) implements ReadableFile {
    @Override
    public void close() throws IOException {
        channel.close();
    }
}
