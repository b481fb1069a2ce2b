package org.gridgate.gateway.tpc;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.gridgate.gateway.authz.Grant;
import org.gridgate.gateway.authz.Operation;
import org.gridgate.gateway.http.ErrorMapping;
import org.gridgate.gateway.http.HttpError;
import org.gridgate.gateway.http.RequestHead;
import org.gridgate.gateway.http.Responder;
import org.gridgate.gateway.http.Router;
import org.gridgate.gateway.refusal.BusyException;
import org.gridgate.gateway.refusal.MalformedRequestException;
import org.gridgate.gateway.refusal.RefusedException;
import org.gridgate.gateway.refusal.RemoteFailureException;
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
 * line. Only https URLs are followed, and only where the {@link RemotePolicy} allows: a remote it refuses is
 * answered with 403 before anything is contacted. A pull follows redirects, each hop checked like the first; a
 * push follows none.
 */
public final class ThirdPartyCopy {

    private static final Logger LOG = LoggerFactory.getLogger(ThirdPartyCopy.class);
    private static final String PREFIX = "transferheader";
    private static final Duration MARKER_INTERVAL = Duration.ofSeconds(5);
    /** As RFC 2068 advised; a door redirecting to its pool is one hop. */
    static final int MAX_REDIRECTS = 5;
    /** Copies running at once per door; more are refused with 503 so FTS retries later or elsewhere. */
    static final int MAX_CONCURRENT_COPIES = 64;

    private final Storage storage;
    private final RemoteClient remotes;
    private final Clock clock;
    private final Executor fileReads;
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

    /**
     * @param caDirectory the CAs a remote's host certificate must come from
     * @param policy      which remotes may be reached
     * @param loops       event loops for the connections to remotes
     * @param fileReads   where a pushed file is read, ahead of the event loop that sends it
     */
    public ThirdPartyCopy(Storage storage, Path caDirectory, RemotePolicy policy,
                          EventLoopGroup loops, Executor fileReads, Clock clock)
            throws IOException, GeneralSecurityException {
        this.storage = storage;
        this.fileReads = fileReads;
        this.clock = clock;
        this.remotes = new RemoteClient(new RemoteResolver(policy), RemoteTrust.clientContext(caDirectory), loops);
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

    /** Whether a third-party COPY pulls into this door ({@code Source:}) rather than pushing a file out. */
    public static boolean isPull(RequestHead head) {
        return head.request().headers().contains("Source");
    }

    /**
     * Reads the request and authorizes it with the request's {@code grant}: UPLOAD here for a pull, DOWNLOAD for a
     * push. The decision's {@code begin} looks whether a pull replaces a file (DELETE as well); only the copy itself
     * resolves and contacts the remote.
     */
    public Router.Decision decide(RequestHead head, Grant grant) throws RefusedException {
        HttpHeaders headers = head.request().headers();
        String localPath = grant.storagePath();
        Map<String, String> forwarded = forwardedHeaders(headers);
        String requester = head.connection().peer().getHostAddress() + " \"" + head.client().describe()
                + "\" COPY " + head.path().path();
        if (isPull(head)) {
            URI source = remote(headers.get("Source"));
            grant.authorize(Operation.COPY_PULL);
            return () -> {
                if (storage.find(localPath).isPresent()) {
                    grant.authorizeReplacing(Operation.COPY_PULL);
                }
                UploadOptions options = new UploadOptions(true, grant.mayReplace(Operation.COPY_PULL),
                        grant.maxUpload(), Set.of());
                return responder -> inBackground(responder, requester,
                        () -> pull(responder, source, forwarded, localPath, grant, options));
            };
        }
        URI destination = remote(headers.get("Destination"));
        grant.authorize(Operation.COPY_PUSH);
        return () -> responder -> inBackground(responder, requester,
                () -> push(responder, localPath, destination, forwarded));
    }

    private interface Copy {
        void run() throws Exception;
    }

    /**
     * Runs a copy on the transfer pool. A failure before the 202 was sent becomes an ordinary error answer (mapped
     * like every other); after it, the copy itself reports {@code failure:} in the body.
     */
    private void inBackground(Responder responder, String requester, Copy copy) throws BusyException {
        try {
            transfers.execute(() -> {
                try {
                    copy.run();
                } catch (Exception | Error e) {
                    HttpError error = ErrorMapping.toHttpError(e);
                    if (error == null) {
                        LOG.error("Bug detected in third-party copy", e);
                        error = ErrorMapping.internalError();
                    } else {
                        LOG.info("{} third-party copy not started ({}): {}", requester, error.status().code(),
                                error.logDetail());
                    }
                    if (!responder.isStarted()) {
                        responder.send(Responder.text(error.status(), error.getMessage() + "\n"));
                    }
                }
            });
        } catch (RejectedExecutionException busy) {
            throw new BusyException("Too many third-party copies running; try again later");
        }
    }

    private void pull(Responder responder, URI source, Map<String, String> forwarded, String localPath,
                      Grant grant, UploadOptions options) throws Exception {
        try (RemoteConnection connection = get(source, forwarded)) {
            HttpResponse answer = connection.head();
            if (answer.status().code() != 200) {
                throw new RemoteFailureException("The source answered " + answer.status().code() + " to GET "
                        + withoutQuery(source));
            }
            long expected = HttpUtil.getContentLength(answer, -1L);
            if (expected >= 0) {
                grant.requireWithinMaxUpload(expected);
            }
            Responder.ProgressStream progress = responder.startProgress(HttpResponseStatus.ACCEPTED, "text/plain");
            try (Upload upload = storage.beginUpload(localPath, options)) {
                long copied = copy(connection, upload, progress);
                if (expected >= 0 && expected != copied) {
                    progress.write(PerformanceMarker.failure("short read: " + copied + " of " + expected
                            + " bytes"));
                } else {
                    upload.commit(Map.of());
                    progress.write(PerformanceMarker.marker(clock.instant(), copied));
                    progress.write(PerformanceMarker.success());
                    LOG.info("pulled {} bytes from {} into {}", copied, withoutQuery(source), localPath);
                }
            } catch (StorageException | IOException e) {
                progress.write(PerformanceMarker.failure(e.getMessage()));
            }
            progress.end();
        }
    }

    /**
     * GETs {@code source}, following redirects: each hop is resolved and checked by the policy before it is
     * contacted, so a remote the client may reach cannot hand the door on to one it may not. The client's forwarded
     * headers (its credentials for the source) go only to the host it named; a storage that redirects to its pools
     * puts what they need into the URL.
     *
     * @return the connection whose answer is not a redirect; its head has arrived
     */
    private RemoteConnection get(URI source, Map<String, String> forwarded) throws Exception {
        URI location = source;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            Map<String, String> headers = RemoteRequests.sameOrigin(location, source) ? forwarded : Map.of();
            RemoteConnection connection = connect(location, "source");
            HttpResponse answer;
            try {
                connection.send(RemoteRequests.get(location, headers));
                answer = connection.head();
            } catch (IOException e) {
                connection.close();
                throw new RemoteFailureException("Cannot reach the source: " + e.getMessage());
            }
            if (!isRedirect(answer.status().code())) {
                return connection;
            }
            connection.close();
            location = redirectTarget(location, answer);
        }
        throw new RemoteFailureException("The source redirected more than " + MAX_REDIRECTS + " times");
    }

    private RemoteConnection connect(URI uri, String role) throws RemoteRefusedException, RemoteFailureException {
        try {
            return remotes.connect(uri);
        } catch (IOException e) {
            throw new RemoteFailureException("Cannot reach the " + role + ": " + e.getMessage());
        }
    }

    private long copy(RemoteConnection from, Upload to, Responder.ProgressStream progress)
            throws IOException, StorageException, InterruptedException {
        long copied = 0;
        Instant nextMarker = clock.instant().plus(MARKER_INTERVAL);
        for (ByteBuf chunk = from.nextChunk(); chunk != null; chunk = from.nextChunk()) {
            try {
                copied += chunk.readableBytes();
                to.write(chunk.nioBuffer());
            } finally {
                chunk.release();
            }
            if (clock.instant().isAfter(nextMarker)) {
                progress.write(PerformanceMarker.marker(clock.instant(), copied));
                nextMarker = clock.instant().plus(MARKER_INTERVAL);
            }
        }
        return copied;
    }

    /**
     * PUTs the local file to {@code destination}. The remote is checked and connected before the 202, so a refused
     * or unreachable destination gets an ordinary error answer; a redirect is not followed (it would mean sending
     * the body again, to a host the client did not name) and is reported as a failure.
     */
    private void push(Responder responder, String localPath, URI destination, Map<String, String> forwarded)
            throws Exception {
        try (ReadableFile file = storage.openForRead(localPath);
             RemoteConnection connection = connect(destination, "destination")) {
            long size = file.stat().size();
            AtomicLong sent = new AtomicLong();
            ChannelFuture body = connection.send(RemoteRequests.put(destination, forwarded, size),
                    file.channel(), size, sent::set, fileReads);
            Responder.ProgressStream progress = responder.startProgress(HttpResponseStatus.ACCEPTED, "text/plain");
            try {
                int status = answerStatus(connection, progress, sent);
                progress.write(PerformanceMarker.marker(clock.instant(), sent.get()));
                if ((status == 201 || status == 204 || status == 200)
                        && body.awaitUninterruptibly(MARKER_INTERVAL.toMillis()) && body.isSuccess()) {
                    progress.write(PerformanceMarker.success());
                    LOG.info("pushed {} bytes of {} to {}", sent.get(), localPath, withoutQuery(destination));
                } else {
                    progress.write(PerformanceMarker.failure("the destination answered " + status + " to PUT "
                            + withoutQuery(destination) + " after " + sent.get() + " of " + size + " bytes"));
                }
            } catch (IOException e) {
                progress.write(PerformanceMarker.failure("cannot reach the destination: " + e.getMessage()));
            } finally {
                progress.end();
            }
        }
    }

    /**
     * Waits for the destination's answer, writing a performance marker every few seconds meanwhile; a connection
     * that stalls is closed by {@link RemoteConnection#IDLE}, which ends the wait.
     */
    private int answerStatus(RemoteConnection connection, Responder.ProgressStream progress, AtomicLong sent)
            throws IOException, InterruptedException {
        while (true) {
            try {
                return connection.head(MARKER_INTERVAL).status().code();
            } catch (TimeoutException stillRunning) {
                progress.write(PerformanceMarker.marker(clock.instant(), sent.get()));
            }
        }
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static URI redirectTarget(URI from, HttpResponse answer) throws RemoteFailureException {
        String location = answer.headers().get(HttpHeaderNames.LOCATION);
        if (location == null) {
            throw new RemoteFailureException("The source answered " + answer.status().code() + " without a Location");
        }
        try {
            return httpsOnly(from.resolve(new URI(location.trim())));
        } catch (URISyntaxException e) {
            throw new RemoteFailureException("The source redirected to a malformed URL");
        } catch (IllegalArgumentException e) {
            throw new RemoteFailureException("The source redirected elsewhere: " + e.getMessage());
        }
    }

    /** The URL for logs and messages without its query and user info: either may hold a credential. */
    private static String withoutQuery(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }


    private static URI remote(String header) throws MalformedRequestException {
        URI uri;
        try {
            uri = new URI(header.trim());
        } catch (URISyntaxException e) {
            throw new MalformedRequestException("Malformed remote URL in third-party copy");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("davs")) {
            try {
                uri = new URI("https", uri.getRawAuthority(), uri.getRawPath(), uri.getRawQuery(), null);
            } catch (URISyntaxException e) {
                throw new MalformedRequestException("Malformed remote URL in third-party copy");
            }
        }
        try {
            return httpsOnly(uri);
        } catch (IllegalArgumentException e) {
            throw new MalformedRequestException(e.getMessage());
        }
    }

    /** @throws IllegalArgumentException unless {@code uri} is an https URL with a host */
    private static URI httpsOnly(URI uri) {
        if (uri.getScheme() == null || !uri.getScheme().equalsIgnoreCase("https")) {
            throw new IllegalArgumentException("Third-party copy needs an https (or davs) URL");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("Third-party copy URL has no host");
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

    /**
     * Headers that frame the message or steer the connection: the door sets them itself, and one taken from a
     * client could make the remote read the body differently from how the door sends it.
     */
    private static boolean isRestricted(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "connection", "content-length", "expect", "host", "upgrade", "transfer-encoding", "te", "trailer",
                 "keep-alive", "proxy-connection" -> true;
            default -> false;
        };
    }
}
