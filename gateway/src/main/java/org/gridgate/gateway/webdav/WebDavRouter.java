package org.gridgate.gateway.webdav;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.gridgate.caveat.Activity;
import io.netty.handler.codec.http.HttpRequest;
import org.gridgate.gateway.authz.AccessControl;
import org.gridgate.gateway.boinc.BoincReply;
import org.gridgate.gateway.boinc.BoincUploads;
import org.gridgate.gateway.http.HttpError;
import org.gridgate.gateway.authz.Grant;
import org.gridgate.gateway.authz.Operation;
import org.gridgate.gateway.http.Exchange;
import org.gridgate.gateway.http.RequestHead;
import org.gridgate.gateway.http.Responder;
import org.gridgate.gateway.http.Router;
import org.gridgate.gateway.macaroon.MacaroonRequests;
import org.gridgate.gateway.refusal.AccessDeniedException;
import org.gridgate.gateway.refusal.ConflictException;
import org.gridgate.gateway.refusal.LockedException;
import org.gridgate.gateway.refusal.MalformedRequestException;
import org.gridgate.gateway.refusal.PreconditionFailedException;
import org.gridgate.gateway.refusal.RefusedException;
import org.gridgate.gateway.refusal.UnsupportedMediaTypeException;
import org.gridgate.gateway.tpc.ThirdPartyCopy;
import org.gridgate.storage.ChecksumAlgorithm;
import org.gridgate.storage.FileStat;
import org.gridgate.storage.Storage;
import org.gridgate.storage.StorageException;

/**
 * Serves each WebDAV method in two phases ({@link Router}). {@link #decide} resolves the request into its
 * {@link Operation} (the table of what each method needs), gets the request's one {@link Grant} from
 * {@link AccessControl} and refuses what the grant does not cover, touching no storage. The decision's
 * {@code begin} then looks at storage, asks the same grant about what it finds (a collection needs LIST, replacing
 * a file needs DELETE), checks locks (only for an authorized client: 423 would tell others that a lock is there),
 * and starts the exchange that does the work.
 */
public final class WebDavRouter implements Router {

    static final String ALLOW = Operation.methods();

    private final Storage storage;
    private final AccessControl access;
    private final MacaroonRequests macaroons;
    private final ThirdPartyCopy thirdPartyCopy;
    private final LockManager locks;
    private final BoincUploads boincUploads;

    public WebDavRouter(Storage storage, AccessControl access, MacaroonRequests macaroons,
                        ThirdPartyCopy thirdPartyCopy, LockTable locks, Clock clock) {
        this.storage = storage;
        this.access = access;
        this.macaroons = macaroons;
        this.thirdPartyCopy = thirdPartyCopy;
        this.locks = new LockManager(locks, clock);
        this.boincUploads = new BoincUploads(storage);
    }

    @Override
    public Decision decide(RequestHead head) throws Exception {
        Optional<Operation> operation = Operation.of(head.request().method().name());
        if (operation.isEmpty()) {
            return () -> WebDavRouter::answerNotAllowed;
        }
        return switch (operation.get()) {
            case OPTIONS -> Router.inMemory(() -> WebDavRouter::answerOptions);
            case POST -> BoincUploads.isBoincRequest(head.request()) ? boinc(head)
                    : macaroons.decide(head, access.grant(head.client(), head.path()));
            case GET -> download(head, Operation.GET);
            case HEAD -> download(head, Operation.HEAD);
            case PUT -> upload(head);
            case DELETE -> delete(head);
            case MKCOL -> mkcol(head);
            case PROPFIND -> propfind(head);
            case PROPPATCH -> proppatch(head);
            case MOVE -> transfer(head, true);
            case COPY, COPY_PULL, COPY_PUSH -> ThirdPartyCopy.isThirdParty(head) ? thirdPartyCopy(head)
                    : transfer(head, false);
            case LOCK -> lock(head);
            case UNLOCK -> unlock(head);
        };
    }

    /** The grant for the request's own path, after {@code operation}'s table entry has been checked. */
    private Grant authorized(RequestHead head, Operation operation) throws RefusedException {
        Grant grant = access.grant(head.client(), head.path());
        grant.authorize(operation);
        return grant;
    }

    /**
     * A file streams; a collection answers with its listing, which needs LIST instead. Whether it is a collection
     * is only looked at for a client that may see its metadata, so the refusal tells nobody else what the path is;
     * anyone else is refused now, or may have the file without a look. The file is opened (a HEAD: looked at) once,
     * and what that finds tells a file from a collection: no separate lookup first.
     */
    private Decision download(RequestHead head, Operation operation) throws RefusedException {
        Grant grant = access.grant(head.client(), head.path());
        boolean looks = grant.holds(Activity.READ_METADATA);
        if (!looks) {
            grant.authorize(operation);
        }
        boolean headOnly = operation == Operation.HEAD;
        return () -> {
            Download download;
            try {
                download = Download.begin(storage, grant.storagePath(), head.request().headers(), headOnly,
                        grant.holds(Activity.DOWNLOAD));
            } catch (StorageException e) {
                if (looks && e.reason() == StorageException.Reason.IS_DIRECTORY) {
                    grant.authorizeCollection(operation);
                    return new DirectoryPage(storage, grant, head.path().path(), headOnly);
                }
                grant.authorize(operation);   // one who may not have the file learns nothing of what is not there
                throw e;
            }
            try {
                grant.authorize(operation);
            } catch (RefusedException e) {
                download.abort();
                throw e;
            }
            return download;
        };
    }

    /**
     * The announced length is held against {@code max-upload:} with the rest of the authorization; what is there
     * now decides whether the upload replaces a file (DELETE as well), and whether locks and preconditions hold.
     */
    private Decision upload(RequestHead head) throws RefusedException {
        Grant grant = authorized(head, Operation.PUT);
        OptionalLong length = HttpUtil.isTransferEncodingChunked(head.request()) ? OptionalLong.empty()
                : OptionalLong.of(HttpUtil.getContentLength(head.request(), 0L));
        if (length.isPresent()) {
            grant.requireWithinMaxUpload(length.getAsLong());
        }
        return () -> {
            String path = grant.storagePath();
            FileStat existing = storage.find(path).orElse(null);
            if (existing != null && existing.directory()) {
                throw new ConflictException(path + " is a directory");
            }
            if (existing != null) {
                grant.authorizeReplacing(Operation.PUT);
            }
            HttpHeaders headers = head.request().headers();
            locks.checkWritable(path, false, headers, existing == null ? null : Validators.etag(existing),
                    head.client().principal());
            if (!Validators.ifMatchHolds(headers, existing)
                    || !Validators.ifNoneMatchAllowsWrite(headers, existing)) {
                throw new PreconditionFailedException("Precondition failed");
            }
            Map<ChecksumAlgorithm, String> digests = Digests.parseDigestHeader(headers.getAll("Digest"));
            // If-None-Match: * holds at commit too: a file another request or door creates meanwhile is not replaced.
            boolean onlyIfAbsent = Validators.onlyIfAbsent(headers);
            StreamingUpload upload = StreamingUpload.begin(storage, path, length, grant.maxUpload(), digests,
                    headers.get("Want-Digest"), existing != null, grant.mayReplace(Operation.PUT) && !onlyIfAbsent,
                    onlyIfAbsent);
            head.continuation().run();
            return upload;
        };
    }

    /** A BOINC upload or size query: authorized like a PUT; locks apply to it as to a PUT (once authorized). */
    private Decision boinc(RequestHead head) throws RefusedException {
        Grant grant = boincUploads.authorize(head, access.grant(head.client(), head.path()));
        return () -> {
            requireUnlocked(head, grant.storagePath(), false);
            return boincUploads.begin(head, grant);
        };
    }

    /** BOINC's requests are refused in BOINC's form, which its client acts on; all others plainly. */
    @Override
    public FullHttpResponse refusal(HttpRequest request, HttpError error) {
        if (BoincUploads.isBoincRequest(request)) {
            FullHttpResponse reply = BoincReply.refusal(error);
            if (reply != null) {
                return reply;
            }
        }
        return Router.super.refusal(request, error);
    }

    private Decision delete(RequestHead head) throws RefusedException {
        Grant grant = authorized(head, Operation.DELETE);
        if (head.path().isRoot()) {
            throw new AccessDeniedException("The root cannot be deleted");
        }
        return () -> {
            requireUnlocked(head, grant.storagePath(), true);
            return responder -> {
                Removal.deleteRecursively(storage, grant.storagePath());
                responder.send(Responder.response(HttpResponseStatus.NO_CONTENT));
            };
        };
    }

    private Decision mkcol(RequestHead head) throws RefusedException {
        Grant grant = authorized(head, Operation.MKCOL);
        return () -> {
            requireUnlocked(head, grant.storagePath(), false);
            if (HttpUtil.getContentLength(head.request(), 0L) > 0
                    || HttpUtil.isTransferEncodingChunked(head.request())) {
                throw new UnsupportedMediaTypeException("MKCOL with a body is not supported");
            }
            return responder -> {
                storage.mkdir(grant.storagePath());
                responder.send(Responder.response(HttpResponseStatus.CREATED));
            };
        };
    }

    /**
     * Depth 0 needs READ_METADATA on the resource; Depth 1 on a collection also needs LIST there, and each
     * member shown needs READ_METADATA of its own ({@link Propfind}). Depth infinity is refused (403), as at
     * dCache; a missing Depth is taken as 1, which is what every grid client means.
     */
    private Decision propfind(RequestHead head) throws RefusedException {
        String depth = head.request().headers().get("Depth");
        boolean depthOne;
        if (depth == null || depth.trim().equals("1")) {
            depthOne = true;
        } else if (depth.trim().equals("0")) {
            depthOne = false;
        } else if (depth.trim().equalsIgnoreCase("infinity")) {
            throw new AccessDeniedException("PROPFIND with Depth: infinity is not supported (propfind-finite-depth)");
        } else {
            throw new MalformedRequestException("Depth must be 0, 1 or infinity");
        }
        Grant grant = authorized(head, Operation.PROPFIND);
        return () -> {
            head.continuation().run();
            return new Propfind(storage, locks, grant, head.path().path(), depthOne);
        };
    }

    private Decision proppatch(RequestHead head) throws RefusedException {
        Grant grant = authorized(head, Operation.PROPPATCH);
        return () -> {
            requireUnlocked(head, grant.storagePath(), false);
            head.continuation().run();
            return new Proppatch(storage, head.path().path(), grant.storagePath());
        };
    }

    /**
     * MOVE and COPY inside the door. Locks are looked at only once both ends are authorized, so a client without
     * rights learns nothing about them (423 would tell it).
     */
    private Decision transfer(RequestHead head, boolean move) throws RefusedException {
        Transfer transfer = Transfer.decide(head, access, move);
        return () -> {
            Exchange exchange = transfer.begin(storage);
            if (move) {
                requireUnlocked(head, transfer.grant().storagePath(), true);
            }
            requireUnlocked(head, transfer.grant().destinationPath(), true);
            return exchange;
        };
    }

    /** A third-party pull writes its local path like a PUT, so locks apply there (once it is authorized). */
    private Decision thirdPartyCopy(RequestHead head) throws RefusedException {
        boolean pull = ThirdPartyCopy.isPull(head);
        Grant grant = access.grant(head.client(), head.path());
        Router.Decision copy = thirdPartyCopy.decide(head, grant);
        return () -> {
            Exchange exchange = copy.begin();
            if (pull) {
                requireUnlocked(head, grant.storagePath(), false);
            }
            return exchange;
        };
    }

    private Decision lock(RequestHead head) throws RefusedException {
        Grant grant = authorized(head, Operation.LOCK);
        return () -> {
            head.continuation().run();
            return Locking.lock(storage, locks, head.path().path(), grant.storagePath(), head.request().headers(),
                    head.client().principal());
        };
    }

    private Decision unlock(RequestHead head) throws RefusedException {
        Grant grant = authorized(head, Operation.UNLOCK);
        return () -> Locking.unlock(locks, grant.storagePath(), head.request().headers(), head.client().principal());
    }

    private void requireUnlocked(RequestHead head, String path, boolean withDescendants)
            throws LockedException, PreconditionFailedException {
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
