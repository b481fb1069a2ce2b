package org.gridgate.gateway.webdav;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.gridgate.gateway.http.Exchange;
import org.gridgate.gateway.http.Responder;
import org.gridgate.gateway.refusal.AccessDeniedException;
import org.gridgate.gateway.refusal.PreconditionFailedException;
import org.gridgate.gateway.refusal.MalformedRequestException;
import org.gridgate.storage.ChecksumAlgorithm;
import org.gridgate.storage.FileStat;
import org.gridgate.storage.Storage;
import org.gridgate.storage.StorageException;
import org.gridgate.storage.UploadOptions;

/**
 * PUT: the body streams chunk by chunk into a storage upload, which keeps it invisible until it is complete,
 * matches the announced length and any {@code Digest} the client sent. A {@code Want-Digest} is answered with the
 * {@code Digest} of what was stored.
 */
final class StreamingUpload implements Exchange {

    private final String path;
    private final org.gridgate.storage.Upload upload;
    private final OptionalLong announcedLength;
    private final Map<ChecksumAlgorithm, String> expectedDigests;
    private final String wantDigest;
    private final boolean replacing;
    private final boolean onlyIfAbsent;

    private StreamingUpload(String path, org.gridgate.storage.Upload upload, OptionalLong announcedLength,
                            Map<ChecksumAlgorithm, String> expectedDigests, String wantDigest, boolean replacing,
                            boolean onlyIfAbsent) {
        this.path = path;
        this.upload = upload;
        this.announcedLength = announcedLength;
        this.expectedDigests = expectedDigests;
        this.wantDigest = wantDigest;
        this.replacing = replacing;
        this.onlyIfAbsent = onlyIfAbsent;
    }

    /**
     * Opens the upload; throws (409...) before a single body byte is read. Besides what the storage computes
     * for every file (adler32, and what the site configured), the upload computes the digests the client sent, to
     * verify them, and those it wants back: MD5 and SHA-256 are far too costly to compute for every upload.
     *
     * @param maxBytes   a limit from the macaroon's {@code max-upload:} caveat, if any; the router has checked the
     *                   announced length against it, this stops a body that grows beyond it
     * @param wantDigest the request's {@code Want-Digest}, answered with a {@code Digest} header; null if none
     * @param replacing  whether a file was there when the request was authorized (answered 204, not 201)
     * @param mayReplace whether the client may replace a file there, also one that appears during the upload
     * @param onlyIfAbsent {@code If-None-Match: *}: a file that appears during the upload is a failed precondition
     */
    static StreamingUpload begin(Storage storage, String path, OptionalLong announcedLength, OptionalLong maxBytes,
                                 Map<ChecksumAlgorithm, String> expectedDigests, String wantDigest,
                                 boolean replacing, boolean mayReplace, boolean onlyIfAbsent) throws Exception {
        Set<ChecksumAlgorithm> computed = EnumSet.noneOf(ChecksumAlgorithm.class);
        computed.addAll(expectedDigests.keySet());
        computed.addAll(Digests.wanted(wantDigest));
        try {
            org.gridgate.storage.Upload upload = storage.beginUpload(path,
                    new UploadOptions(true, mayReplace, maxBytes, computed));
            return new StreamingUpload(path, upload, announcedLength, expectedDigests, wantDigest, replacing,
                    onlyIfAbsent);
        } catch (StorageException e) {
            throw appearedMeanwhile(path, e, onlyIfAbsent);
        }
    }

    @Override
    public void content(ByteBuf data) throws Exception {
        for (ByteBuffer buffer : data.nioBuffers()) {
            upload.write(buffer);
        }
    }

    @Override
    public void finish(Responder responder) throws Exception {
        if (announcedLength.isPresent() && upload.bytesWritten() != announcedLength.getAsLong()) {
            upload.abort();
            throw new MalformedRequestException("Received " + upload.bytesWritten() + " bytes but Content-Length was "
                    + announcedLength.getAsLong());
        }
        FileStat stored;
        try {
            stored = upload.commit(expectedDigests);
        } catch (StorageException e) {
            upload.abort();
            throw appearedMeanwhile(path, e, onlyIfAbsent);
        }
        FullHttpResponse response = Responder.response(replacing ? HttpResponseStatus.NO_CONTENT
                : HttpResponseStatus.CREATED);
        Validators.describe(stored, response.headers());
        String digest = Digests.digestHeaderFor(wantDigest, upload.checksums());
        if (digest != null) {
            response.headers().set("Digest", digest);
        }
        responder.send(response);
    }

    @Override
    public void abort() {
        upload.abort();
    }

    /**
     * The storage refuses to overwrite only for a client that may not replace the file (no DELETE), and a file it
     * finds there appeared after the request was authorized: refused as the request would have been a moment later.
     */
    private static Exception appearedMeanwhile(String path, StorageException e, boolean onlyIfAbsent) {
        if (e.reason() == StorageException.Reason.ALREADY_EXISTS && onlyIfAbsent) {
            return new PreconditionFailedException(path + " was created by someone else during this upload"
                    + " (If-None-Match: *)");
        }
        if (e.reason() == StorageException.Reason.ALREADY_EXISTS) {
            return new AccessDeniedException(path + " was created by someone else during this upload;"
                    + " replacing it needs DELETE");
        }
        return e;
    }
}
