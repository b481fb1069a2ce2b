package org.gridgate.gateway.webdav;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.stream.ChunkedInput;
import io.netty.handler.stream.ChunkedNioFile;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.UUID;

/**
 * A {@code multipart/byteranges} body (RFC 7233 §4.1) streamed part by part from the file: each part's header,
 * then its bytes read chunk by chunk as the socket drains, then the closing boundary. Memory stays constant
 * however many bytes the ranges cover.
 */
final class MultiRangeBody implements ChunkedInput<ByteBuf> {

    private final FileChannel file;
    private final Deque<Object> pieces = new ArrayDeque<>();
    private final String boundary = UUID.randomUUID().toString().replace("-", "");
    private final long length;
    private final int chunkSize;
    private ChunkedNioFile current;
    private long progress;

    MultiRangeBody(FileChannel file, List<ByteRange> ranges, long size, String contentType, int chunkSize) {
        this.file = file;
        this.chunkSize = chunkSize;
        long total = 0;
        for (ByteRange range : ranges) {
            String head = "\r\n--" + boundary + "\r\nContent-Type: " + contentType + "\r\nContent-Range: "
                    + range.contentRange(size) + "\r\n\r\n";
            pieces.add(head);
            pieces.add(range);
            total += head.getBytes(StandardCharsets.US_ASCII).length + range.length();
        }
        String closing = "\r\n--" + boundary + "--\r\n";
        pieces.add(closing);
        this.length = total + closing.length();
    }

    String contentType() {
        return "multipart/byteranges; boundary=" + boundary;
    }

    @Override
    public boolean isEndOfInput() throws Exception {
        return current == null && pieces.isEmpty();
    }

    @Override
    public void close() throws Exception {
        file.close();
    }

    @Deprecated
    @Override
    public ByteBuf readChunk(io.netty.channel.ChannelHandlerContext ctx) throws Exception {
        return readChunk(ctx.alloc());
    }

    @Override
    public ByteBuf readChunk(ByteBufAllocator allocator) throws Exception {
        while (true) {
            if (current != null) {
                if (!current.isEndOfInput()) {
                    ByteBuf chunk = current.readChunk(allocator);
                    progress += chunk.readableBytes();
                    return chunk;
                }
                current = null;
            }
            Object next = pieces.poll();
            if (next == null) {
                return null;
            }
            if (next instanceof String text) {
                ByteBuf chunk = Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
                progress += chunk.readableBytes();
                return chunk;
            }
            ByteRange range = (ByteRange) next;
            current = new SharedChannelSlice(file, range.first(), range.length(), chunkSize);
        }
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public long progress() {
        return progress;
    }

    /** A slice of the shared channel whose close leaves the channel open for the next part. */
    private static final class SharedChannelSlice extends ChunkedNioFile {
        SharedChannelSlice(FileChannel channel, long offset, long length, int chunkSize) throws IOException {
            super(channel, offset, length, chunkSize);
        }

        @Override
        public void close() {
            // the channel belongs to the whole body
        }
    }
}
