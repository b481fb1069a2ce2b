package org.gridgate.gateway.boinc;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.gridgate.gateway.authz.Grant;
import org.gridgate.gateway.authz.Operation;
import org.gridgate.gateway.http.Exchange;
import org.gridgate.gateway.http.Responder;
import org.gridgate.gateway.refusal.AccessDeniedException;
import org.gridgate.gateway.refusal.BodyTooLargeException;
import org.gridgate.gateway.refusal.ConflictException;
import org.gridgate.gateway.refusal.MalformedRequestException;
import org.gridgate.gateway.refusal.UnsupportedMediaTypeException;
import org.gridgate.gateway.refusal.UploadTooLargeException;
import org.gridgate.storage.ChecksumAlgorithm;
import org.gridgate.storage.FileStat;
import org.gridgate.storage.PartialKey;
import org.gridgate.storage.Storage;
import org.gridgate.storage.StorageException;
import org.gridgate.storage.Upload;
import org.gridgate.storage.UploadOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One BOINC request, on the connection's lane. The envelope is collected (at most {@link BoincEnvelope#MAX_BYTES})
 * until its {@code <data>} line, or the end of the body for a size query; then a file upload is checked
 * ({@code <max_nbytes>}, {@code max-upload:}, replacing needs DELETE as for PUT, free space: all before a byte is
 * stored) and its bytes stream into the macaroon's staged file from {@code <offset>}. It commits when
 * {@code <nbytes>} have been staged and their MD5 is {@code <md5_cksum>}. A refusal is thrown (at the end of a body
 * of up to {@link #MAX_DISCARDED_BYTES}, the rest read and dropped), and answered in BOINC's form by the router
 * ({@link BoincReply#refusal}); the client going away keeps what was staged.
 */
final class BoincExchange implements Exchange {

    private static final Logger LOG = LoggerFactory.getLogger(BoincExchange.class);
    /**
     * A body refused part-way is read to its end (and dropped) up to this size, so that the client reads BOINC's
     * answer rather than a reset; a larger one is cut off at once.
     */
    static final long MAX_DISCARDED_BYTES = 64L * 1024 * 1024;

    private final Storage storage;
    private final Grant grant;
    private final PartialKey key;
    private final OptionalLong announcedLength;
    private final byte[] envelope = new byte[BoincEnvelope.MAX_BYTES];
    private int envelopeLength;
    private BoincEnvelope.FileUpload request;
    private Upload upload;
    /** The file is there already with these bytes, put by a request the client never got the answer to. */
    private boolean alreadyStored;
    /** A refusal met while the body was coming, answered at its end. */
    private Exception refused;

    BoincExchange(Storage storage, Grant grant, PartialKey key, OptionalLong announcedLength) {
        this.storage = storage;
        this.grant = grant;
        this.key = key;
        this.announcedLength = announcedLength;
    }

    @Override
    public void content(ByteBuf data) throws Exception {
        if (refused != null) {
            return;
        }
        try {
            receive(data);
        } catch (UnsupportedMediaTypeException notBoinc) {
            throw notBoinc;
        } catch (Exception e) {
            if (announcedLength.isEmpty() || announcedLength.getAsLong() > MAX_DISCARDED_BYTES) {
                throw e;
            }
            // Answered once the body is in: a refusal sent while the client still sends may reach it as a reset
            // connection, which it takes for a transient error and retries, however permanent the refusal.
            abort();
            refused = e;
        }
    }

    private void receive(ByteBuf data) throws Exception {
        if (alreadyStored) {
            return;
        }
        if (upload != null) {
            write(data);
            return;
        }
        if (request != null) {
            return;
        }
        int take = Math.min(data.readableBytes(), envelope.length - envelopeLength);
        data.getBytes(data.readerIndex(), envelope, envelopeLength, take);
        int searchFrom = Math.max(0, envelopeLength - BoincEnvelope.DATA.length() - 1);
        envelopeLength += take;
        if (!BoincEnvelope.mayStart(envelope, envelopeLength)) {
            throw notBoinc();
        }
        int dataStart = BoincEnvelope.dataStart(envelope, envelopeLength, searchFrom);
        if (dataStart < 0) {
            if (envelopeLength == envelope.length) {
                throw new BodyTooLargeException("The BOINC request's envelope is over " + BoincEnvelope.MAX_BYTES
                        + " bytes");
            }
            return;
        }
        start(parse(dataStart));
        if (alreadyStored) {
            return;
        }
        // What followed the <data> line in this chunk (and in the part of the chunk not copied) is file data.
        ByteBuf rest = data.slice(data.readerIndex() + (dataStart - (envelopeLength - take)),
                data.readableBytes() - (dataStart - (envelopeLength - take)));
        write(rest);
    }

    private BoincEnvelope.FileUpload parse(int envelopeEnd) throws MalformedRequestException {
        BoincEnvelope parsed = BoincEnvelope.parse(new String(envelope, 0, envelopeEnd, StandardCharsets.UTF_8));
        if (!(parsed instanceof BoincEnvelope.FileUpload fileUpload)) {
            throw new MalformedRequestException("<data> in a BOINC request without <file_upload>");
        }
        if (announcedLength.isPresent()
                && announcedLength.getAsLong() - envelopeEnd != fileUpload.nbytes() - fileUpload.offset()) {
            throw new MalformedRequestException("The request carries " + (announcedLength.getAsLong() - envelopeEnd)
                    + " bytes of data, but <nbytes> minus <offset> is "
                    + (fileUpload.nbytes() - fileUpload.offset()));
        }
        return fileUpload;
    }

    /** Every check that needs no bytes stored, then the staged file opened at the offset. */
    private void start(BoincEnvelope.FileUpload fileUpload) throws Exception {
        request = fileUpload;
        long nbytes = fileUpload.nbytes();
        if (fileUpload.maxBytes().isPresent() && nbytes > fileUpload.maxBytes().getAsLong()) {
            throw new UploadTooLargeException("The file's " + nbytes + " bytes exceed its <max_nbytes> of "
                    + fileUpload.maxBytes().getAsLong());
        }
        grant.requireWithinMaxUpload(nbytes);
        String path = grant.storagePath();
        FileStat existing = storage.find(path).orElse(null);
        if (existing != null && existing.directory()) {
            throw new ConflictException(path + " is a directory");
        }
        if (existing != null && !grant.mayReplace(Operation.PUT) && isTheSameFile(path, existing, fileUpload)) {
            // The client's retry of an upload that was committed but whose answer it never got: done already.
            alreadyStored = true;
            return;
        }
        if (existing != null) {
            grant.authorizeReplacing(Operation.PUT);
        }
        UploadOptions options = new UploadOptions(true, grant.mayReplace(Operation.PUT), grant.maxUpload(),
                EnumSet.of(ChecksumAlgorithm.MD5));
        try {
            upload = storage.resumeUpload(path, key, fileUpload.offset(), nbytes, options);
        } catch (StorageException e) {
            throw appearedMeanwhile(path, e);
        }
    }

    /** Same size and MD5 (read once, then recorded with the file's checksums). */
    private boolean isTheSameFile(String path, FileStat existing, BoincEnvelope.FileUpload fileUpload)
            throws StorageException {
        return existing.size() == fileUpload.nbytes() && fileUpload.md5().equals(
                storage.checksums(path, Set.of(ChecksumAlgorithm.MD5)).get(ChecksumAlgorithm.MD5));
    }

    private void write(ByteBuf data) throws StorageException {
        for (ByteBuffer buffer : data.nioBuffers()) {
            upload.write(buffer);
        }
    }

    @Override
    public void finish(Responder responder) throws Exception {
        if (refused != null) {
            throw refused;
        }
        if (alreadyStored) {
            LOG.info("BOINC upload of {} ({} bytes) was stored already", grant.storagePath(), request.nbytes());
            responder.send(BoincReply.done(null));
            return;
        }
        if (upload != null) {
            commit(responder);
            return;
        }
        if (request != null) {
            throw new IllegalStateException("a file upload was parsed but not started");
        }
        if (!BoincEnvelope.mayStart(envelope, envelopeLength) || envelopeLength < BoincEnvelope.START.length()) {
            throw notBoinc();
        }
        BoincEnvelope parsed = BoincEnvelope.parse(new String(envelope, 0, envelopeLength, StandardCharsets.UTF_8));
        if (!(parsed instanceof BoincEnvelope.SizeQuery)) {
            throw new MalformedRequestException("A BOINC <file_upload> needs a <data> line before its bytes");
        }
        // What this macaroon staged at this path: 0 when nothing (never -1, which would make the client give up).
        responder.send(BoincReply.done(storage.stagedBytes(grant.storagePath(), key)));
    }

    private void commit(Responder responder) throws Exception {
        long staged = upload.bytesWritten();
        if (staged != request.nbytes()) {
            // A body cut short (chunked, so no Content-Length held it): keep what came, let the client resume.
            upload.abort();
            responder.send(BoincReply.transientFailure("Received " + staged + " of " + request.nbytes()
                    + " bytes; the rest may be sent from offset " + staged));
            return;
        }
        try {
            upload.commit(Map.of(ChecksumAlgorithm.MD5, request.md5()));
        } catch (StorageException e) {
            upload.abort();
            if (e.reason() == StorageException.Reason.CHECKSUM_MISMATCH) {
                throw new MalformedRequestException("MD5 mismatch: the bytes received are not those of"
                        + " <md5_cksum>; nothing was stored");
            }
            throw appearedMeanwhile(grant.storagePath(), e);
        }
        LOG.info("BOINC upload of {} ({} bytes) committed", grant.storagePath(), staged);
        responder.send(BoincReply.done(null));
    }

    /** Idempotent: a resumable upload keeps what it staged, unless a refusal removed it already. */
    @Override
    public void abort() {
        if (upload != null) {
            upload.abort();
        }
    }

    private static UnsupportedMediaTypeException notBoinc() {
        return new UnsupportedMediaTypeException("POST is for macaroon requests (Content-Type: "
                + "application/macaroon-request) and BOINC uploads (a body starting with "
                + BoincEnvelope.START + ")");
    }

    /** As for PUT: a file that appeared after the check is replaced only by a client that may delete it. */
    private static Exception appearedMeanwhile(String path, StorageException e) {
        if (e.reason() == StorageException.Reason.ALREADY_EXISTS) {
            return new AccessDeniedException(path + " was created by someone else during this upload;"
                    + " replacing it needs DELETE");
        }
        return e;
    }
}
