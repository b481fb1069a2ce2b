package org.gridgate.gateway.tpc;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.gridgate.caveat.Activity;
import org.gridgate.gateway.authz.AccessControl;
import org.gridgate.gateway.http.Exchange;
import org.gridgate.gateway.http.HttpError;
import org.gridgate.gateway.http.RequestHead;
import org.gridgate.gateway.http.Responder;
import org.gridgate.storage.ReadableFile;
import org.gridgate.storage.Storage;
import org.gridgate.storage.StorageException;
import org.gridgate.storage.Upload;
import org.gridgate.storage.UploadOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP third-party copy (the WLCG protocol FTS and gfal2 speak to dCache and XRootD): {@code COPY} with a
 * {@code Source:} header pulls a remote file into this door, {@code COPY} with a {@code Destination:} on another
 * host pushes a local file there. Headers named {@code TransferHeader<Name>} are sent to the remote as
 * {@code <Name>} (that is how the client hands over the remote's macaroon); the door adds no credential of its
 * own. The answer is {@code 202} followed by performance markers and a final {@code success:} or {@code failure:}
 * line. Only https URLs are followed, and no redirects.
 */
public final class ThirdPartyCopy {

    private static final Logger LOG = LoggerFactory.getLogger(ThirdPartyCopy.class);
    private static final String PREFIX = "transferheader";
    private static final Duration MARKER_INTERVAL = Duration.ofSeconds(5);
    private static final int BUFFER_BYTES = 1024 * 1024;
    /** Copies running at once per door; more are refused with 503 so FTS retries later or elsewhere. */
    static final int MAX_CONCURRENT_COPIES = 64;

    private final Storage storage;
    private final AccessControl access;
    private final HttpClient client;
    private final Clock clock;
    /**
     * A copy takes minutes; it must not hold the connection's request thread, which other connections share.
     * Idle threads end after a minute, so an idle door keeps none.
     */
    private final ThreadPoolExecutor transfers = new ThreadPoolExecutor(0, MAX_CONCURRENT_COPIES, 60,
            TimeUnit.SECONDS, new SynchronousQueue<>(), runnable -> {
                Thread thread = new Thread(runnable, "third-party-copy");
                thread.setDaemon(true);
                return thread;
            });

    public ThirdPartyCopy(Storage storage, AccessControl access, Path caDirectory, Clock clock)
            throws IOException, GeneralSecurityException {
        this.storage = storage;
        this.access = access;
        this.clock = clock;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(30))
                .sslContext(RemoteTrust.sslContext(caDirectory))
                .build();
    }

    /** Whether a COPY names a remote end: a {@code Source} header, or a {@code Destination} on another host. */
    public static boolean isThirdParty(RequestHead head) {
        HttpHeaders headers = head.request().headers();
        if (headers.contains("Source")) {
            return true;
        }
        String destination = headers.get("Destination");
        if (destination == null) {
            return false;
        }
        try {
            URI uri = new URI(destination.trim());
            String host = headers.get("Host");
            return uri.getRawAuthority() != null && host != null
                    && !uri.getRawAuthority().equalsIgnoreCase(host);
        } catch (URISyntaxException e) {
            return false;
        }
    }

    public Exchange begin(RequestHead head) throws HttpError, StorageException {
        HttpHeaders headers = head.request().headers();
        String localPath = access.storagePath(head.client(), head.path());
        Map<String, String> forwarded = forwardedHeaders(headers);
        if (headers.contains("Source")) {
            URI source = remote(headers.get("Source"));
            access.require(head.client(), Activity.UPLOAD, localPath);
            if (exists(localPath)) {
                access.require(head.client(), Activity.DELETE, localPath);
            }
            return responder -> inBackground(responder, () -> pull(responder, source, forwarded, localPath));
        }
        URI destination = remote(headers.get("Destination"));
        access.require(head.client(), Activity.DOWNLOAD, localPath);
        return responder -> inBackground(responder, () -> push(responder, localPath, destination, forwarded));
    }

    private interface Copy {
        void run() throws Exception;
    }

    /**
     * Runs a copy on the transfer pool. A failure before the 202 was sent becomes an ordinary error answer; after
     * it, the copy itself reports {@code failure:} in the body.
     */
    private void inBackground(Responder responder, Copy copy) throws HttpError {
        try {
            transfers.execute(() -> {
                try {
                    copy.run();
                } catch (HttpError e) {
                    LOG.info("third-party copy refused: {}", e.logDetail());
                    responder.send(Responder.text(e.status(), e.getMessage() + "\n"));
                } catch (Exception | Error e) {
                    LOG.error("Bug detected in third-party copy", e);
                    if (!responder.isStarted()) {
                        responder.send(Responder.text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "Internal error\n"));
                    }
                }
            });
        } catch (RejectedExecutionException busy) {
            throw new HttpError(HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "Too many third-party copies running; try again later");
        }
    }

    private void pull(Responder responder, URI source, Map<String, String> forwarded, String localPath)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(source).GET();
        forwarded.forEach(request::header);
        HttpResponse<InputStream> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new HttpError(HttpResponseStatus.BAD_GATEWAY, "Cannot reach the source: " + e.getMessage());
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new HttpError(HttpResponseStatus.BAD_GATEWAY,
                        "The source answered " + response.statusCode() + " to GET " + source);
            }
            Responder.ProgressStream progress = responder.startProgress(HttpResponseStatus.ACCEPTED, "text/plain");
            try (Upload upload = storage.beginUpload(localPath, UploadOptions.defaults())) {
                long copied = copy(body, upload, progress);
                Optional<Long> expected = response.headers().firstValueAsLong("Content-Length").stream().boxed()
                        .findFirst();
                if (expected.isPresent() && expected.get() != copied) {
                    progress.write(PerformanceMarker.failure("short read: " + copied + " of " + expected.get()
                            + " bytes"));
                } else {
                    upload.commit(Map.of());
                    progress.write(PerformanceMarker.marker(clock.instant(), copied));
                    progress.write(PerformanceMarker.success());
                    LOG.info("pulled {} bytes from {} into {}", copied, source, localPath);
                }
            } catch (StorageException | IOException e) {
                progress.write(PerformanceMarker.failure(e.getMessage()));
            }
            progress.end();
        }
    }

    private long copy(InputStream from, Upload to, Responder.ProgressStream progress)
            throws IOException, StorageException {
        byte[] buffer = new byte[BUFFER_BYTES];
        long copied = 0;
        Instant nextMarker = clock.instant().plus(MARKER_INTERVAL);
        int n;
        while ((n = from.read(buffer)) >= 0) {
            to.write(ByteBuffer.wrap(buffer, 0, n));
            copied += n;
            if (clock.instant().isAfter(nextMarker)) {
                progress.write(PerformanceMarker.marker(clock.instant(), copied));
                nextMarker = clock.instant().plus(MARKER_INTERVAL);
            }
        }
        return copied;
    }

    private void push(Responder responder, String localPath, URI destination, Map<String, String> forwarded)
            throws Exception {
        ReadableFile file = storage.openForRead(localPath);
        AtomicLong sent = new AtomicLong();
        long size = file.stat().size();
        HttpRequest.Builder request = HttpRequest.newBuilder(destination)
                .PUT(HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(() -> new CountingInputStream(
                                Channels.newInputStream(file.channel()), sent)), size));
        forwarded.forEach(request::header);
        CompletableFuture<HttpResponse<String>> answer =
                client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
        Responder.ProgressStream progress = responder.startProgress(HttpResponseStatus.ACCEPTED, "text/plain");
        try {
            while (true) {
                try {
                    HttpResponse<String> response = answer.get(MARKER_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
                    progress.write(PerformanceMarker.marker(clock.instant(), sent.get()));
                    if (response.statusCode() == 201 || response.statusCode() == 204
                            || response.statusCode() == 200) {
                        progress.write(PerformanceMarker.success());
                        LOG.info("pushed {} bytes of {} to {}", sent.get(), localPath, destination);
                    } else {
                        progress.write(PerformanceMarker.failure("the destination answered "
                                + response.statusCode() + " to PUT " + destination));
                    }
                    break;
                } catch (TimeoutException stillRunning) {
                    progress.write(PerformanceMarker.marker(clock.instant(), sent.get()));
                } catch (ExecutionException e) {
                    progress.write(PerformanceMarker.failure("cannot reach the destination: "
                            + e.getCause().getMessage()));
                    break;
                }
            }
        } finally {
            file.close();
            progress.end();
        }
    }

    private boolean exists(String path) throws StorageException {
        try {
            storage.stat(path);
            return true;
        } catch (StorageException e) {
            if (e.reason() == StorageException.Reason.NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }

    private static URI remote(String header) throws HttpError {
        URI uri;
        try {
            uri = new URI(header.trim());
        } catch (URISyntaxException e) {
            throw HttpError.badRequest("Malformed remote URL in third-party copy");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("davs")) {
            try {
                uri = new URI("https", uri.getRawAuthority(), uri.getRawPath(), uri.getRawQuery(), null);
            } catch (URISyntaxException e) {
                throw HttpError.badRequest("Malformed remote URL in third-party copy");
            }
        } else if (!scheme.equals("https")) {
            throw HttpError.badRequest("Third-party copy needs an https (or davs) URL");
        }
        if (uri.getHost() == null) {
            throw HttpError.badRequest("Third-party copy URL has no host");
        }
        return uri;
    }

    /** {@code TransferHeaderAuthorization: Bearer x} becomes {@code Authorization: Bearer x} to the remote. */
    private static Map<String, String> forwardedHeaders(HttpHeaders headers) {
        Map<String, String> forwarded = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Map.Entry<String, String> header : headers) {
            String name = header.getKey();
            if (name.toLowerCase(Locale.ROOT).startsWith(PREFIX) && name.length() > PREFIX.length()) {
                String remoteName = name.substring(PREFIX.length());
                if (!isRestricted(remoteName)) {
                    forwarded.put(remoteName, header.getValue());
                }
            }
        }
        return forwarded;
    }

    /** Headers the JDK client sets itself and refuses to take from callers. */
    private static boolean isRestricted(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "connection", "content-length", "expect", "host", "upgrade" -> true;
            default -> false;
        };
    }

    /** Counts the bytes the HTTP client has read from the file, for the performance markers. */
    private static final class CountingInputStream extends java.io.FilterInputStream {
        private final AtomicLong count;

        CountingInputStream(InputStream in, AtomicLong count) {
            super(in);
            this.count = count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count.incrementAndGet();
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count.addAndGet(n);
            }
            return n;
        }
    }
}
