package org.gridgate.gateway.webdav;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import java.time.Clock;
import java.util.Map;
import java.util.OptionalLong;
import org.gridgate.caveat.Activity;
import org.gridgate.gateway.authz.AccessControl;
import org.gridgate.gateway.http.Exchange;
import org.gridgate.gateway.http.HttpError;
import org.gridgate.gateway.http.RequestHead;
import org.gridgate.gateway.http.Responder;
import org.gridgate.gateway.http.Router;
import org.gridgate.gateway.macaroon.MacaroonRequests;
import org.gridgate.gateway.tpc.ThirdPartyCopy;
import org.gridgate.storage.ChecksumAlgorithm;
import org.gridgate.storage.FileStat;
import org.gridgate.storage.Storage;
import org.gridgate.storage.StorageException;

/**
 * Maps each HTTP method to the activity it needs, asks {@link AccessControl}, and starts the exchange that does
 * the work. The activity table follows dCache's user guide: HEAD READ_METADATA, GET DOWNLOAD (GET or HEAD of a
 * directory: LIST, for its HTML listing), PUT UPLOAD (plus DELETE when it replaces a file), DELETE DELETE, MKCOL
 * MANAGE (or UPLOAD: {@link AccessControl#requireCollectionCreation}).
 */
public final class WebDavRouter implements Router {

    static final String ALLOW =
            "OPTIONS, GET, HEAD, PUT, DELETE, MKCOL, PROPFIND, PROPPATCH, MOVE, COPY, LOCK, UNLOCK, POST";

    private final Storage storage;
    private final AccessControl access;
    private final MacaroonRequests macaroons;
    private final ThirdPartyCopy thirdPartyCopy;
    private final LockManager locks;

    public WebDavRouter(Storage storage, AccessControl access, MacaroonRequests macaroons,
                        ThirdPartyCopy thirdPartyCopy, Clock clock) {
        this.storage = storage;
        this.access = access;
        this.macaroons = macaroons;
        this.thirdPartyCopy = thirdPartyCopy;
        this.locks = new LockManager(clock);
    }

    @Override
    public Exchange begin(RequestHead head) throws Exception {
        String method = head.request().method().name();
        switch (method) {
            case "OPTIONS":
                return WebDavRouter::answerOptions;
            case "POST":
                return macaroons.begin(head);
            case "GET":
            case "HEAD":
                return download(head, method.equals("HEAD"));
            case "PUT":
                return upload(head);
            case "DELETE":
                return delete(head);
            case "MKCOL":
                return mkcol(head);
            case "PROPFIND":
                return propfind(head);
            case "PROPPATCH":
                return proppatch(head);
            case "MOVE":
                return transfer(head, true);
            case "COPY":
                return ThirdPartyCopy.isThirdParty(head) ? thirdPartyCopy(head) : transfer(head, false);
            case "LOCK":
                return lock(head);
            case "UNLOCK":
                return unlock(head);
            default:
                return WebDavRouter::answerNotAllowed;
        }
    }

    /**
     * MOVE and COPY inside the door. Locks are looked at only once the request is authorized (in
     * {@link Transfer#begin}), so a client without rights learns nothing about them (423 would tell it).
     */
    private Exchange transfer(RequestHead head, boolean move) throws Exception {
        Exchange transfer = Transfer.begin(head, storage, access, move);
        if (move) {
            requireUnlocked(head, access.storagePath(head.client(), head.path()), true);
        }
        requireUnlocked(head, access.storagePath(head.client(), Transfer.destination(head)), true);
        return transfer;
    }

    /** A third-party pull writes its local path like a PUT, so locks apply there (once it is authorized). */
    private Exchange thirdPartyCopy(RequestHead head) throws Exception {
        Exchange copy = thirdPartyCopy.begin(head);
        if (ThirdPartyCopy.isPull(head)) {
            requireUnlocked(head, access.storagePath(head.client(), head.path()), false);
        }
        return copy;
    }

    /**
     * A file streams; a directory answers with its listing, which needs LIST. Whether it is a directory is only
     * looked at for a client that may see its metadata, so the refusal tells nobody else what the path is.
     */
    private Exchange download(RequestHead head, boolean headOnly) throws HttpError, StorageException {
        String path = access.storagePath(head.client(), head.path());
        FileStat stat = access.permits(head.client(), Activity.READ_METADATA, path) ? storage.find(path).orElse(null) : null;
        if (stat != null && stat.directory()) {
            access.require(head.client(), Activity.LIST, path);
            return new DirectoryPage(storage, access, head.client(), head.path().path(), path, headOnly);
        }
        access.require(head.client(), headOnly ? Activity.READ_METADATA : Activity.DOWNLOAD, path);
        boolean mayRead = !headOnly || access.permits(head.client(), Activity.DOWNLOAD, path);
        return new Download(storage, path, head.request().headers(), headOnly, mayRead);
    }

    private Exchange upload(RequestHead head) throws Exception {
        String path = access.storagePath(head.client(), head.path());
        access.require(head.client(), Activity.UPLOAD, path);
        FileStat existing = storage.find(path).orElse(null);
        if (existing != null && existing.directory()) {
            throw new HttpError(HttpResponseStatus.CONFLICT, path + " is a directory");
        }
        if (existing != null) {
            // Replacing a file destroys what was there: dCache asks for DELETE as well.
            access.require(head.client(), Activity.DELETE, path);
        }
        HttpHeaders headers = head.request().headers();
        locks.checkWritable(path, false, headers, existing == null ? null : Validators.etag(existing),
                head.client().principal());
        if (!Validators.ifMatchHolds(headers, existing) || !Validators.ifNoneMatchAllowsWrite(headers, existing)) {
            throw new HttpError(HttpResponseStatus.PRECONDITION_FAILED, "Precondition failed");
        }
        Map<ChecksumAlgorithm, String> digests = Digests.parseDigestHeader(headers.getAll("Digest"));
        OptionalLong length = HttpUtil.isTransferEncodingChunked(head.request()) ? OptionalLong.empty()
                : OptionalLong.of(HttpUtil.getContentLength(head.request(), 0L));
        if (length.isPresent()) {
            access.requireWithinMaxUpload(head.client(), length.getAsLong());
        }
        StreamingUpload upload = StreamingUpload.begin(storage, path, length, access.maxUpload(head.client()), digests,
                headers.get("Want-Digest"), existing != null, access.mayReplace(head.client(), path));
        head.continuation().run();
        return upload;
    }

    private Exchange delete(RequestHead head) throws Exception {
        String path = access.storagePath(head.client(), head.path());
        access.require(head.client(), Activity.DELETE, path);
        if (head.path().isRoot()) {
            throw HttpError.forbidden("The root cannot be deleted");
        }
        requireUnlocked(head, path, true);
        return responder -> {
            Removal.deleteRecursively(storage, path);
            responder.send(Responder.response(HttpResponseStatus.NO_CONTENT));
        };
    }

    private Exchange mkcol(RequestHead head) throws Exception {
        String path = access.storagePath(head.client(), head.path());
        access.requireCollectionCreation(head.client(), path);
        requireUnlocked(head, path, false);
        if (HttpUtil.getContentLength(head.request(), 0L) > 0 || HttpUtil.isTransferEncodingChunked(head.request())) {
            throw new HttpError(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "MKCOL with a body is not supported");
        }
        return responder -> {
            storage.mkdir(path);
            responder.send(Responder.response(HttpResponseStatus.CREATED));
        };
    }

    /**
     * Depth 0 needs READ_METADATA on the resource; Depth 1 on a collection also needs LIST there, and each
     * member shown needs READ_METADATA of its own. Depth infinity is refused (403), as at dCache; a missing Depth
     * is taken as 1, which is what every grid client means.
     */
    private Exchange propfind(RequestHead head) throws HttpError {
        String depth = head.request().headers().get("Depth");
        boolean depthOne;
        if (depth == null || depth.trim().equals("1")) {
            depthOne = true;
        } else if (depth.trim().equals("0")) {
            depthOne = false;
        } else if (depth.trim().equalsIgnoreCase("infinity")) {
            throw HttpError.forbidden("PROPFIND with Depth: infinity is not supported (propfind-finite-depth)");
        } else {
            throw HttpError.badRequest("Depth must be 0, 1 or infinity");
        }
        String path = access.storagePath(head.client(), head.path());
        access.require(head.client(), Activity.READ_METADATA, path);
        head.continuation().run();
        return new Propfind(storage, access, locks, head.client(), head.path().path(), path, depthOne);
    }

    private Exchange proppatch(RequestHead head) throws HttpError {
        String path = access.storagePath(head.client(), head.path());
        access.require(head.client(), Activity.UPDATE_METADATA, path);
        requireUnlocked(head, path, false);
        head.continuation().run();
        return new Proppatch(storage, head.path().path(), path);
    }

    /** Locking is for writers: it needs UPLOAD (or MANAGE) where the lock goes. */
    private Exchange lock(RequestHead head) throws HttpError {
        String path = access.storagePath(head.client(), head.path());
        if (!access.permits(head.client(), Activity.UPLOAD, path)) {
            access.require(head.client(), Activity.MANAGE, path);
        }
        head.continuation().run();
        return Locking.lock(storage, locks, head.path().path(), path, head.request().headers(),
                head.client().principal());
    }

    private Exchange unlock(RequestHead head) throws HttpError {
        String path = access.storagePath(head.client(), head.path());
        if (!access.permits(head.client(), Activity.UPLOAD, path)) {
            access.require(head.client(), Activity.MANAGE, path);
        }
        return Locking.unlock(locks, path, head.request().headers(), head.client().principal());
    }

    private void requireUnlocked(RequestHead head, String path, boolean withDescendants) throws HttpError {
        locks.checkWritable(path, withDescendants, head.request().headers(), head.client().principal());
    }


    private static void answerOptions(Responder responder) {
        FullHttpResponse response = Responder.response(HttpResponseStatus.OK);
        response.headers().set("DAV", "1, 2");
        response.headers().set(HttpHeaderNames.ALLOW, ALLOW);
        response.headers().set("MS-Author-Via", "DAV");
        responder.send(response);
    }

    private static void answerNotAllowed(Responder responder) {
        FullHttpResponse response = Responder.text(HttpResponseStatus.METHOD_NOT_ALLOWED, "Method not allowed\n");
        response.headers().set(HttpHeaderNames.ALLOW, ALLOW);
        responder.send(response);
    }
}
