package org.gridgate.gateway.webdav;

import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import org.gridgate.gateway.refusal.BodyTooLargeException;

/** Collects a small request body (an XML property list), refusing more than {@link DavXml#MAX_BODY_BYTES}. */
final class BodyCollector {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    void add(ByteBuf data) throws BodyTooLargeException {
        if (bytes.size() + data.readableBytes() > DavXml.MAX_BODY_BYTES) {
            throw DavXml.tooLarge();
        }
        byte[] chunk = new byte[data.readableBytes()];
        data.getBytes(data.readerIndex(), chunk);
        bytes.write(chunk, 0, chunk.length);
    }

    byte[] bytes() {
        return bytes.toByteArray();
    }

    boolean isEmpty() {
        return bytes.size() == 0;
    }
}
