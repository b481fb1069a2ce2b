package org.gridgate.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.stream.Stream;
import org.gridgate.gateway.refusal.AccessDeniedException;
import org.gridgate.gateway.refusal.AuthenticationFailedException;
import org.gridgate.gateway.refusal.AuthenticationRequiredException;
import org.gridgate.gateway.refusal.BodyTooLargeException;
import org.gridgate.gateway.refusal.BusyException;
import org.gridgate.gateway.refusal.ConflictException;
import org.gridgate.gateway.refusal.LockedException;
import org.gridgate.gateway.refusal.MalformedRequestException;
import org.gridgate.gateway.refusal.PreconditionFailedException;
import org.gridgate.gateway.refusal.RefusedException;
import org.gridgate.gateway.refusal.RemoteFailureException;
import org.gridgate.gateway.refusal.UnsupportedMediaTypeException;
import org.gridgate.gateway.refusal.UploadTooLargeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ErrorMappingTest {

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of(new MalformedRequestException("m", "d"), HttpResponseStatus.BAD_REQUEST),
                Arguments.of(new AuthenticationRequiredException("m", "d"), HttpResponseStatus.UNAUTHORIZED),
                Arguments.of(new AuthenticationFailedException("m", "d"), HttpResponseStatus.UNAUTHORIZED),
                Arguments.of(new AccessDeniedException("m", "d"), HttpResponseStatus.FORBIDDEN),
                Arguments.of(new ConflictException("m", "d"), HttpResponseStatus.CONFLICT),
                Arguments.of(new PreconditionFailedException("m", "d"), HttpResponseStatus.PRECONDITION_FAILED),
                Arguments.of(new UploadTooLargeException("m", "d"), HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE),
                Arguments.of(new BodyTooLargeException("m", "d"), HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE),
                Arguments.of(new UnsupportedMediaTypeException("m", "d"), HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE),
                Arguments.of(new LockedException("m", "d"), HttpResponseStatus.LOCKED),
                Arguments.of(new RemoteFailureException("m", "d"), HttpResponseStatus.BAD_GATEWAY),
                Arguments.of(new BusyException("m", "d"), HttpResponseStatus.SERVICE_UNAVAILABLE));
    }

    @ParameterizedTest
    @MethodSource("refusals")
    void everyRefusalHasItsStatusAndKeepsItsMessageAndLogDetail(RefusedException refused,
                                                                 HttpResponseStatus status) {
        HttpError error = ErrorMapping.toHttpError(refused);
        assertThat(error.status()).isEqualTo(status);
        assertThat(error.getMessage()).isEqualTo("m");
        assertThat(error.logDetail()).isEqualTo("d");
    }

    @Test
    void aRefusalNobodyGaveAStatusIsABug() {
        RefusedException unmapped = new RefusedException("m", "d") {
            private static final long serialVersionUID = 1L;
        };
        assertThat(ErrorMapping.toHttpError(unmapped)).isNull();
    }

    @Test
    void anythingElseIsABug() {
        assertThat(ErrorMapping.toHttpError(new IllegalStateException("x"))).isNull();
    }
}
