package org.gridgate.storage;

import java.io.Closeable;
import java.nio.channels.FileChannel;

/** An open file to stream from; the channel allows zero-copy transfer. Closing it closes the channel. */
public interface ReadableFile extends Closeable {
    FileStat stat();

    FileChannel channel();
}
