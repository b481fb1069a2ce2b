package org.gridgate.gateway.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.stream.ChunkedInput;
import io.netty.handler.stream.ChunkedWriteHandler;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A response body read from a file by the I/O executor, ahead of the event loop that sends it. Netty's
 * {@code ChunkedWriteHandler} runs on the event loop and asks for chunks as the socket drains; a file read there
 * would stall every connection of that loop on the disk. This input hands out chunks already read; when none is
 * ready it answers null, which makes the handler wait until {@code resume} (its {@code resumeTransfer}) is called,
 * and meanwhile one task on the I/O executor reads up to {@link #DEPTH} chunks into pooled buffers. Memory per
 * download is bounded by {@code DEPTH} chunks, and the event loop meets the disk only through one hand-off per
 * batch of reads.
 */
public final class ReadAheadInput implements ChunkedInput<ByteBuf> {

    private static final Logger LOG = LoggerFactory.getLogger(ReadAheadInput.class);
    /** Chunks read ahead: enough to keep the socket busy while the next read is on its way. */
    static final int DEPTH = 2;

    private final ChunkedInput<ByteBuf> source;
    private final Executor io;
    private final Runnable resume;

    // Guarded by this: shared between the event loop (consumer) and an I/O thread (producer).
    private final ArrayDeque<ByteBuf> ready = new ArrayDeque<>(DEPTH);
    private boolean reading;
    private boolean sourceEnded;
    private boolean closed;
    private Exception failure;
    private long progress;

    /**
     * @param source a blocking input, read only on {@code io}
     * @param resume called (from an I/O thread) when chunks are ready after {@link #readChunk} answered null
     */
    private ReadAheadInput(ChunkedInput<ByteBuf> source, Executor io, Runnable resume) {
        this.source = source;
        this.io = io;
        this.resume = resume;
    }

    /** A read-ahead input for the {@code ChunkedWriteHandler} of {@code pipeline}, which it wakes when chunks are ready. */
    public static ReadAheadInput forWriterOf(ChannelPipeline pipeline, ChunkedInput<ByteBuf> source, Executor io) {
        return new ReadAheadInput(source, io, pipeline.get(ChunkedWriteHandler.class)::resumeTransfer);
    }

    @Override
    public ByteBuf readChunk(ByteBufAllocator allocator) throws Exception {
        ByteBuf chunk;
        boolean startReading = false;
        synchronized (this) {
            if (failure != null) {
                throw failure;
            }
            chunk = ready.poll();
            if (chunk != null) {
                progress += chunk.readableBytes();
            }
            if (!reading && !sourceEnded && !closed && ready.size() < DEPTH) {
                reading = true;
                startReading = true;
            }
        }
        if (startReading) {
            io.execute(() -> readAhead(allocator));
        }
        return chunk;
    }

    @Deprecated
    @Override
    public ByteBuf readChunk(ChannelHandlerContext ctx) throws Exception {
        return readChunk(ctx.alloc());
    }

    /** On the I/O executor: fills the queue, then wakes the writer. */
    private void readAhead(ByteBufAllocator allocator) {
        try {
            while (true) {
                synchronized (this) {
                    if (closed || ready.size() >= DEPTH) {
                        break;
                    }
                }
                ByteBuf chunk = source.readChunk(allocator);
                boolean ended = source.isEndOfInput();
                synchronized (this) {
                    if (closed) {
                        if (chunk != null) {
                            chunk.release();
                        }
                        break;
                    }
                    if (chunk != null) {
                        ready.add(chunk);
                    }
                    if (ended) {
                        sourceEnded = true;
                        break;
                    }
                }
            }
        } catch (Exception e) {
            synchronized (this) {
                failure = e;
            }
        }
        boolean closeSource;
        synchronized (this) {
            reading = false;
            closeSource = closed;
        }
        if (closeSource) {
            closeSource();
        } else {
            resume.run();
        }
    }

    @Override
    public synchronized boolean isEndOfInput() {
        return sourceEnded && ready.isEmpty();
    }

    /** Called on the event loop when the body is sent or abandoned; the file is closed on the I/O executor. */
    @Override
    public void close() {
        boolean closeNow;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            ready.forEach(ByteBuf::release);
            ready.clear();
            closeNow = !reading;
        }
        if (closeNow) {
            io.execute(this::closeSource);
        }
    }

    private void closeSource() {
        try {
            source.close();
        } catch (Exception e) {
            LOG.debug("Closing a response body's file failed: {}", e.toString());
        }
    }

    @Override
    public long length() {
        return source.length();
    }

    @Override
    public synchronized long progress() {
        return progress;
    }
}
