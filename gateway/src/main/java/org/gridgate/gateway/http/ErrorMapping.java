package org.gridgate.gateway.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import org.gridgate.caveat.MintRefusedException;
import org.gridgate.gateway.tpc.RemoteRefusedException;
import org.gridgate.storage.StorageException;

/** The one place where the door's exceptions become HTTP statuses. */
public final class ErrorMapping {

    private ErrorMapping() {
    }

    /** Maps a failure to the error the client gets; {@code null} for a failure that is a bug in the door. */
    public static HttpError toHttpError(Throwable failure) {
        if (failure instanceof HttpError error) {
            return error;
        }
        if (failure instanceof StorageException storage) {
            return new HttpError(statusOf(storage.reason()), storage.getMessage());
        }
        if (failure instanceof MintRefusedException refused) {
            HttpResponseStatus status = refused.kind() == MintRefusedException.Kind.FORBIDDEN
                    ? HttpResponseStatus.FORBIDDEN : HttpResponseStatus.BAD_REQUEST;
            return new HttpError(status, refused.getMessage());
        }
        if (failure instanceof RemoteRefusedException refused) {
            return new HttpError(HttpResponseStatus.FORBIDDEN, refused.getMessage(), refused.logDetail());
        }
        return null;
    }

    static HttpResponseStatus statusOf(StorageException.Reason reason) {
        return switch (reason) {
            case NOT_FOUND -> HttpResponseStatus.NOT_FOUND;
            case ALREADY_EXISTS -> HttpResponseStatus.METHOD_NOT_ALLOWED;
            case NOT_EMPTY, PARENT_MISSING, NOT_DIRECTORY, IS_DIRECTORY -> HttpResponseStatus.CONFLICT;
            // RFC 4918 §9.2.1: 507 when the server has no room to record a property, whatever limit is hit.
            case NO_SPACE, PROPERTY_LIMIT -> HttpResponseStatus.INSUFFICIENT_STORAGE;
            // RFC 4918 §9.2.1: 403 when the client cannot alter a property, for reasons the server chooses.
            case FORBIDDEN_PATH, NOT_SUPPORTED -> HttpResponseStatus.FORBIDDEN;
            case CHECKSUM_MISMATCH -> HttpResponseStatus.BAD_REQUEST;
            case TOO_LARGE -> HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE;
            case IO_ERROR -> HttpResponseStatus.INTERNAL_SERVER_ERROR;
        };
    }
}
