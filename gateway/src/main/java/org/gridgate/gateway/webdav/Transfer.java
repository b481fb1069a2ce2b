package org.gridgate.gateway.webdav;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import org.gridgate.caveat.Activity;
import org.gridgate.gateway.authz.AccessControl;
import org.gridgate.gateway.http.Exchange;
import org.gridgate.gateway.http.HttpError;
import org.gridgate.gateway.http.RequestHead;
import org.gridgate.gateway.http.RequestPath;
import org.gridgate.gateway.http.Responder;
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

    private Transfer() {
    }

    static Exchange begin(RequestHead head, Storage storage, AccessControl access, boolean move) throws Exception {
        String source = access.storagePath(head.client(), head.path());
        RequestPath destinationPath = destination(head);
        String destination = access.storagePath(head.client(), destinationPath);
        boolean overwrite = overwrite(head);
        if (head.path().isRoot()) {
            throw HttpError.forbidden("The root cannot be moved or copied");
        }
        if (destination.equals(source)) {
            throw HttpError.forbidden("Source and destination are the same");
        }
        if (RequestPath.isWithin(destination, source)) {
            throw HttpError.forbidden("Cannot " + (move ? "move" : "copy") + " a collection into itself");
        }
        access.require(head.client(), move ? Activity.MANAGE : Activity.DOWNLOAD, source);
        access.require(head.client(), move ? Activity.MANAGE : Activity.UPLOAD, destination);
        if (!move) {
            requireCopyWithinMaxUpload(head, storage, access, source);
        }
        FileStat existing = storage.find(destination).orElse(null);
        if (existing != null) {
            if (!overwrite) {
                throw new HttpError(HttpResponseStatus.PRECONDITION_FAILED,
                        "Destination exists and Overwrite is F");
            }
            access.require(head.client(), Activity.DELETE, destination);
        }
        boolean replace = overwrite && access.mayReplace(head.client(), destination);
        boolean shallow = "0".equals(head.request().headers().get("Depth"));
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
     * A copy writes new bytes, so it counts against a macaroon's {@code max-upload:} like a PUT: a file by its size;
     * a collection's total is not known in advance, so a client with a limit may not copy one (413 either way).
     */
    private static void requireCopyWithinMaxUpload(RequestHead head, Storage storage, AccessControl access,
                                                   String source) throws HttpError, StorageException {
        if (access.maxUpload(head.client()).isEmpty()) {
            return;
        }
        FileStat stat = storage.stat(source);
        if (stat.directory()) {
            throw new HttpError(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                    "A macaroon with max-upload: may copy files, not collections");
        }
        access.requireWithinMaxUpload(head.client(), stat.size());
    }

    /**
     * The storage refuses to replace a destination only where the door did not allow it to (Overwrite: F, or no
     * DELETE), and one it finds was created by another client after this request was authorized: refused as the
     * request would have been a moment later.
     */
    private static HttpError destinationAppeared(String destination, boolean overwrite) {
        return overwrite
                ? HttpError.forbidden(destination + " was created by someone else meanwhile;"
                        + " replacing it needs DELETE")
                : new HttpError(HttpResponseStatus.PRECONDITION_FAILED, "Destination exists and Overwrite is F");
    }

    static RequestPath destination(RequestHead head) throws HttpError {
        String header = head.request().headers().get("Destination");
        if (header == null || header.isBlank()) {
            throw HttpError.badRequest("Destination header missing");
        }
        URI uri;
        try {
            uri = new URI(header.trim());
        } catch (URISyntaxException e) {
            throw HttpError.badRequest("Malformed Destination header");
        }
        if (uri.getRawAuthority() != null) {
            String host = head.request().headers().get("Host");
            if (host == null || !uri.getRawAuthority().toLowerCase(Locale.ROOT).equals(host.toLowerCase(Locale.ROOT))) {
                throw new HttpError(HttpResponseStatus.BAD_GATEWAY, "Destination is on another server");
            }
        }
        if (uri.getRawFragment() != null) {
            throw HttpError.badRequest("'#' must be percent-encoded (%23) in the Destination header");
        }
        if (uri.getRawPath() == null || uri.getRawPath().isEmpty()) {
            throw HttpError.badRequest("Destination has no path");
        }
        return RequestPath.fromRawPath(uri.getRawPath());
    }

    private static boolean overwrite(RequestHead head) throws HttpError {
        String value = head.request().headers().get("Overwrite");
        if (value == null || value.trim().equalsIgnoreCase("T")) {
            return true;
        }
        if (value.trim().equalsIgnoreCase("F")) {
            return false;
        }
        throw HttpError.badRequest("Overwrite must be T or F");
    }
}
