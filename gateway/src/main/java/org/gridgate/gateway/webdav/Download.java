package org.gridgate.gateway.webdav;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.stream.ChunkedNioFile;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.gridgate.gateway.http.Exchange;
import org.gridgate.gateway.http.Responder;
import org.gridgate.storage.ChecksumAlgorithm;
import org.gridgate.storage.FileStat;
import org.gridgate.storage.ReadableFile;
import org.gridgate.storage.Storage;
import org.gridgate.storage.StorageException;

/**
 * GET and HEAD of a file: conditional requests, a single byte range, and {@code Want-Digest}. The body streams
 * from the file channel in fixed-size chunks as the socket drains, so memory stays constant whatever the size.
 */
final class Download implements Exchange {

    private static final int CHUNK_SIZE = 256 * 1024;
    /** More ranges than this are served as the whole file (RFC 7233 lets a server ignore Range). */
    private static final int MAX_RANGES = 64;

    private final Storage storage;
    private final String path;
    private final HttpHeaders requestHeaders;
    private final boolean headOnly;
    private final boolean mayRead;
    private final FileStat stat;
    /** Null for a HEAD; closed by {@link #abort}, or handed to the response by {@link #finish}. */
    private final ReadableFile file;

    private Download(Storage storage, String path, HttpHeaders requestHeaders, boolean headOnly, boolean mayRead,
                     FileStat stat, ReadableFile file) {
        this.storage = storage;
        this.path = path;
        this.requestHeaders = requestHeaders;
        this.headOnly = headOnly;
        this.mayRead = mayRead;
        this.stat = stat;
        this.file = file;
    }

    /**
     * A GET opens the file now and answers from what the open file says, so the path is looked up once and the
     * headers always describe the bytes sent, even while another client replaces the file. A HEAD only looks.
     *
     * @param mayRead whether the client may download the file: only then is a checksum not recorded yet computed
     *                for its {@code Want-Digest}, since that reads the whole file (a HEAD needs READ_METADATA only)
     * @throws StorageException {@code IS_DIRECTORY} for a collection, {@code NOT_FOUND} for nothing
     */
    static Download begin(Storage storage, String path, HttpHeaders requestHeaders, boolean headOnly, boolean mayRead)
            throws StorageException {
        if (headOnly) {
            FileStat stat = storage.stat(path);
            if (stat.directory()) {
                throw new StorageException(StorageException.Reason.IS_DIRECTORY, path + " is a directory");
            }
            return new Download(storage, path, requestHeaders, true, mayRead, stat, null);
        }
        ReadableFile file = storage.openForRead(path);
        return new Download(storage, path, requestHeaders, false, mayRead, file.stat(), file);
    }

    @Override
    public void finish(Responder responder) throws Exception {
        boolean handedOver = false;
        try {
            handedOver = answer(responder);
        } finally {
            if (!handedOver) {
                abort();
            }
        }
    }

    @Override
    public void abort() {
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                // only read from: nothing to lose
            }
        }
    }

    /** @return whether the response took {@code file} over */
    private boolean answer(Responder responder) throws Exception {
        if (!Validators.ifMatchHolds(requestHeaders, stat)) {
            responder.send(Responder.text(HttpResponseStatus.PRECONDITION_FAILED, "Precondition failed\n"));
            return false;
        }
        if (Validators.notModified(requestHeaders, stat)) {
            FullHttpResponse notModified = Responder.response(HttpResponseStatus.NOT_MODIFIED);
            Validators.describe(stat, notModified.headers());
            responder.send(notModified);
            return false;
        }
        Optional<List<ByteRange>> ranges;
        try {
            ranges = ByteRange.parse(rangeHeaderIfCurrent(), stat.size());
        } catch (ByteRange.UnsatisfiableException e) {
            FullHttpResponse unsatisfiable = Responder.text(HttpResponseStatus.REQUESTED_RANGE_NOT_SATISFIABLE,
                    "Range not satisfiable for a file of " + stat.size() + " bytes\n");
            unsatisfiable.headers().set(HttpHeaderNames.CONTENT_RANGE, "bytes */" + stat.size());
            responder.send(unsatisfiable);
            return false;
        }
        if (ranges.isPresent() && ranges.get().size() > 1 && ranges.get().size() <= MAX_RANGES && !headOnly) {
            sendParts(responder, ranges.get());
            return true;
        }
        ByteRange range = ranges.filter(list -> list.size() == 1).map(list -> list.get(0))
                .orElse(new ByteRange(0, stat.size()));
        boolean partial = ranges.isPresent() && ranges.get().size() == 1;
        HttpResponse head = Responder.head(partial ? HttpResponseStatus.PARTIAL_CONTENT : HttpResponseStatus.OK);
        describe(head.headers());
        if (partial) {
            head.headers().set(HttpHeaderNames.CONTENT_RANGE, range.contentRange(stat.size()));
        }
        if (headOnly) {
            FullHttpResponse response = Responder.response(head.status());
            response.headers().set(head.headers());
            response.headers().set(HttpHeaderNames.CONTENT_LENGTH, stat.size());
            responder.send(response);
            return false;
        }
        long length = partial ? range.length() : stat.size();
        responder.stream(head, new ChunkedNioFile(file.channel(), range.first(), length, CHUNK_SIZE), length);
        return true;
    }

    /** Several ranges: one 206 with a multipart/byteranges body. */
    private void sendParts(Responder responder, List<ByteRange> ranges) throws Exception {
        MultiRangeBody body = new MultiRangeBody(file.channel(), ranges, stat.size(),
                HttpHeaderValues.APPLICATION_OCTET_STREAM.toString(), CHUNK_SIZE);
        HttpResponse head = Responder.head(HttpResponseStatus.PARTIAL_CONTENT);
        describe(head.headers());
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, body.contentType());
        responder.stream(head, body, body.length());
    }

    private void describe(HttpHeaders headers) throws StorageException {
        Validators.describe(stat, headers);
        headers.set(HttpHeaderNames.ACCEPT_RANGES, HttpHeaderValues.BYTES);
        headers.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_OCTET_STREAM);
        String wantDigest = requestHeaders.get("Want-Digest");
        Set<ChecksumAlgorithm> wanted = Digests.wanted(wantDigest);
        if (!wanted.isEmpty()) {
            // A digest not recorded yet (the upload computed only adler32) is computed now and recorded, for a client
            // that could read the file anyway; others get what is recorded, not a full read of the file per HEAD.
            Set<ChecksumAlgorithm> computable = mayRead ? wanted : Set.of();
            String digest = Digests.digestHeaderFor(wantDigest, storage.checksums(path, computable));
            if (digest != null) {
                headers.set("Digest", digest);
            }
        }
    }

    /** If-Range: a range applies only while the client's validator is current (RFC 7233 §3.2). */
    private String rangeHeaderIfCurrent() {
        String range = requestHeaders.get(HttpHeaderNames.RANGE);
        String ifRange = requestHeaders.get(HttpHeaderNames.IF_RANGE);
        if (range != null && ifRange != null && !ifRange.trim().equals(Validators.etag(stat))) {
            return null;
        }
        return range;
    }
}
