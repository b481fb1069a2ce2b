package org.gridgate.gateway.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Duration;
import org.gridgate.caveat.MintRefusedException;
import org.gridgate.gateway.refusal.AccessDeniedException;
import org.gridgate.gateway.refusal.AuthenticationFailedException;
import org.gridgate.gateway.refusal.AuthenticationRequiredException;
import org.gridgate.gateway.refusal.BodyTooLargeException;
import org.gridgate.gateway.refusal.BusyException;
import org.gridgate.gateway.refusal.ConflictException;
import org.gridgate.gateway.refusal.HeadTooLargeException;
import org.gridgate.gateway.refusal.LockedException;
import org.gridgate.gateway.refusal.MalformedRequestException;
import org.gridgate.gateway.refusal.PreconditionFailedException;
import org.gridgate.gateway.refusal.RefusedException;
import org.gridgate.gateway.refusal.RemoteFailureException;
import org.gridgate.gateway.refusal.TooManyRequestsException;
import org.gridgate.gateway.refusal.UnsupportedMediaTypeException;
import org.gridgate.gateway.refusal.UploadTooLargeException;
import org.gridgate.storage.StorageException;

/**
 * The one place where the door's exceptions become HTTP statuses: the domain refusals of
 * {@code org.gridgate.gateway.refusal}, the storage's and the caveat engine's. Everything else is a bug (500).
 */
public final class ErrorMapping {

    private ErrorMapping() {
    }

    /** Maps a failure to the error the client gets; {@code null} for a failure that is a bug in the door. */
    public static HttpError toHttpError(Throwable failure) {
        if (failure instanceof HttpError error) {
            return error;
        }
        if (failure instanceof RefusedException refused) {
            HttpResponseStatus status = statusOf(refused);
            return status == null ? null
                    : new HttpError(status, refused.getMessage(), refused.logDetail(), retryAfter(refused));
        }
        if (failure instanceof StorageException storage) {
            return new HttpError(statusOf(storage.reason()), storage.getMessage());
        }
        if (failure instanceof MintRefusedException refused) {
            HttpResponseStatus status = refused.kind() == MintRefusedException.Kind.FORBIDDEN
                    ? HttpResponseStatus.FORBIDDEN : HttpResponseStatus.BAD_REQUEST;
            return new HttpError(status, refused.getMessage());
        }
        return null;
    }

    private static Duration retryAfter(RefusedException refused) {
        if (refused instanceof TooManyRequestsException throttled) {
            return throttled.retryAfter();
        }
        if (refused instanceof BusyException busy) {
            return busy.retryAfter().orElse(null);
        }
        return null;
    }

    /** The answer to a failure that is a bug in the door: it is logged, the client learns nothing of it. */
    public static HttpError internalError() {
        return new HttpError(HttpResponseStatus.INTERNAL_SERVER_ERROR, "Internal error");
    }

    /** {@code null} for a refusal nobody gave a status: a bug, answered with 500 and logged as one. */
    static HttpResponseStatus statusOf(RefusedException refused) {
        if (refused instanceof MalformedRequestException) {
            return HttpResponseStatus.BAD_REQUEST;
        }
        if (refused instanceof AuthenticationRequiredException || refused instanceof AuthenticationFailedException) {
            return HttpResponseStatus.UNAUTHORIZED;
        }
        if (refused instanceof AccessDeniedException) {
            return HttpResponseStatus.FORBIDDEN;
        }
        if (refused instanceof ConflictException) {
            return HttpResponseStatus.CONFLICT;
        }
        if (refused instanceof PreconditionFailedException) {
            return HttpResponseStatus.PRECONDITION_FAILED;
        }
        if (refused instanceof UploadTooLargeException || refused instanceof BodyTooLargeException) {
            return HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE;
        }
        if (refused instanceof UnsupportedMediaTypeException) {
            return HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE;
        }
        if (refused instanceof LockedException) {
            return HttpResponseStatus.LOCKED;
        }
        if (refused instanceof RemoteFailureException) {
            return HttpResponseStatus.BAD_GATEWAY;
        }
        if (refused instanceof BusyException) {
            return HttpResponseStatus.SERVICE_UNAVAILABLE;
        }
        if (refused instanceof TooManyRequestsException) {
            return HttpResponseStatus.TOO_MANY_REQUESTS;
        }
        if (refused instanceof HeadTooLargeException tooLarge) {
            return tooLarge.part() == HeadTooLargeException.Part.REQUEST_LINE
                    ? HttpResponseStatus.REQUEST_URI_TOO_LONG : HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
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
            // Another request holds what this one needs (a resumable upload's staged bytes): try again shortly.
            case BUSY -> HttpResponseStatus.SERVICE_UNAVAILABLE;
        };
    }
}
