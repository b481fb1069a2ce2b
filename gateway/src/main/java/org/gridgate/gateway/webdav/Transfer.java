package org.gridgate.gateway.webdav;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import org.gridgate.gateway.authz.AccessControl;
import org.gridgate.gateway.authz.Grant;
import org.gridgate.gateway.authz.Operation;
import org.gridgate.gateway.http.Exchange;
import org.gridgate.gateway.http.RequestHead;
import org.gridgate.gateway.http.RequestPath;
import org.gridgate.gateway.http.Responder;
import org.gridgate.gateway.refusal.AccessDeniedException;
import org.gridgate.gateway.refusal.MalformedRequestException;
import org.gridgate.gateway.refusal.PreconditionFailedException;
import org.gridgate.gateway.refusal.RefusedException;
import org.gridgate.gateway.refusal.RemoteFailureException;
import org.gridgate.storage.FileStat;
import org.gridgate.storage.PropertyChange;
import org.gridgate.storage.Storage;
import org.gridgate.storage.StorageException;

/**
 * MOVE and COPY inside this door. Both ends are authorized: MOVE needs MANAGE on the source and the destination,
 * COPY needs DOWNLOAD on the source and UPLOAD on the destination (and stays within a {@code max-upload:}), and
 * replacing an existing destination needs DELETE there too. A destination on another host is not ours to write
 * (502). Dead properties go with the resource: MOVE keeps them, COPY copies them, with Depth 0 too (RFC 4918
 * §9.8.3: the collection and its properties, not its members).
 */
final class Transfer {

    private final Grant grant;
    private final Operation operation;
    private final boolean overwrite;
    private final boolean shallow;

    private Transfer(Grant grant, Operation operation, boolean overwrite, boolean shallow) {
        this.grant = grant;
        this.operation = operation;
        this.overwrite = overwrite;
        this.shallow = shallow;
    }

    /**
     * Reads the request and authorizes both ends; touches no storage.
     *
     * @throws MalformedRequestException for a Destination or Overwrite the door cannot read
     * @throws RemoteFailureException    for a Destination on another server
     * @throws AccessDeniedException     for the root, the source itself or a collection into itself, or an end
     *                                   the client has no rights at
     */
    static Transfer decide(RequestHead head, AccessControl access, boolean move) throws RefusedException {
        RequestPath destinationPath = destination(head);
        boolean overwrite = overwrite(head);
        Grant grant = access.grant(head.client(), head.path(), destinationPath);
        String source = grant.storagePath();
        String destination = grant.destinationPath();
        if (head.path().isRoot()) {
            throw new AccessDeniedException("The root cannot be moved or copied");
        }
        if (destination.equals(source)) {
            throw new AccessDeniedException("Source and destination are the same");
        }
        if (RequestPath.isWithin(destination, source)) {
            throw new AccessDeniedException("Cannot " + (move ? "move" : "copy") + " a collection into itself");
        }
        Operation operation = move ? Operation.MOVE : Operation.COPY;
        grant.authorize(operation);
        return new Transfer(grant, operation, overwrite, "0".equals(head.request().headers().get("Depth")));
    }

    Grant grant() {
        return grant;
    }

    /** Looks at both ends in storage (a copy's size, an existing destination) and starts the work. */
    Exchange begin(Storage storage) throws RefusedException, StorageException {
        String source = grant.storagePath();
        String destination = grant.destinationPath();
        if (operation == Operation.COPY && grant.maxUpload().isPresent()) {
            FileStat stat = storage.stat(source);
            grant.requireCopyWithinMaxUpload(stat.directory(), stat.size());
        }
        FileStat existing = storage.find(destination).orElse(null);
        if (existing != null) {
            if (!overwrite) {
                throw new PreconditionFailedException("Destination exists and Overwrite is F");
            }
            grant.authorizeReplacing(operation);
        }
        boolean replace = overwrite && grant.mayReplace(operation);
        boolean move = operation == Operation.MOVE;
        return responder -> {
            FileStat sourceStat = storage.stat(source);
            try {
                if (move) {
                    storage.move(source, destination, replace);
                } else if (shallow && sourceStat.directory()) {
                    List<PropertyChange> properties = storage.deadProperties(source).entrySet().stream()
                            .map(p -> (PropertyChange) new PropertyChange.Set(p.getKey(), p.getValue())).toList();
                    if (existing != null) {
                        Removal.deleteRecursively(storage, destination);
                    }
                    storage.mkdir(destination);
                    if (!properties.isEmpty()) {
                        storage.updateDeadProperties(destination, properties);
                    }
                } else {
                    storage.copy(source, destination, replace);
                }
            } catch (StorageException e) {
                throw e.reason() == StorageException.Reason.ALREADY_EXISTS
                        ? destinationAppeared(destination, overwrite) : e;
            }
            responder.send(Responder.response(existing == null ? HttpResponseStatus.CREATED
                    : HttpResponseStatus.NO_CONTENT));
        };
    }

    /**
     * The storage refuses to replace a destination only where the door did not allow it to (Overwrite: F, or no
     * DELETE), and one it finds was created by another client after this request was authorized: refused as the
     * request would have been a moment later.
     */
    private static RefusedException destinationAppeared(String destination, boolean overwrite) {
        return overwrite
                ? new AccessDeniedException(destination + " was created by someone else meanwhile;"
                        + " replacing it needs DELETE")
                : new PreconditionFailedException("Destination exists and Overwrite is F");
    }

    /** The Destination's path, parsed and normalised like a request path: once per request. */
    private static RequestPath destination(RequestHead head) throws RefusedException {
        return destination(head.request().headers().get("Destination"), head.request().headers().get("Host"));
    }

    /** The Destination header's path, if it names this server ({@code host}, the request's Host). */
    static RequestPath destination(String header, String host) throws RefusedException {
        if (header == null || header.isBlank()) {
            throw new MalformedRequestException("Destination header missing");
        }
        URI uri;
        try {
            uri = new URI(header.trim());
        } catch (URISyntaxException e) {
            throw new MalformedRequestException("Malformed Destination header");
        }
        if (uri.getRawAuthority() != null) {
            if (host == null || !uri.getRawAuthority().toLowerCase(Locale.ROOT).equals(host.toLowerCase(Locale.ROOT))) {
                throw new RemoteFailureException("Destination is on another server");
            }
        }
        if (uri.getRawFragment() != null) {
            throw new MalformedRequestException("'#' must be percent-encoded (%23) in the Destination header");
        }
        if (uri.getRawPath() == null || uri.getRawPath().isEmpty()) {
            throw new MalformedRequestException("Destination has no path");
        }
        return RequestPath.fromRawPath(uri.getRawPath());
    }

    private static boolean overwrite(RequestHead head) throws MalformedRequestException {
        String value = head.request().headers().get("Overwrite");
        if (value == null || value.trim().equalsIgnoreCase("T")) {
            return true;
        }
        if (value.trim().equalsIgnoreCase("F")) {
            return false;
        }
        throw new MalformedRequestException("Overwrite must be T or F");
    }
}
