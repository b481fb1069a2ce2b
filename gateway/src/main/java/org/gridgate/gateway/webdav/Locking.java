package org.gridgate.gateway.webdav;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.gridgate.gateway.http.Exchange;
import org.gridgate.gateway.http.Responder;
import org.gridgate.gateway.refusal.BodyTooLargeException;
import org.gridgate.gateway.refusal.MalformedRequestException;
import org.gridgate.gateway.refusal.PreconditionFailedException;
import org.gridgate.storage.Storage;
import org.gridgate.storage.StorageException;
import org.gridgate.storage.Upload;
import org.gridgate.storage.UploadOptions;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** LOCK (new lock or refresh) and UNLOCK, answered in RFC 4918's terms. */
final class Locking {

    private Locking() {
    }

    /** @param principal who the lock will belong to ({@link org.gridgate.gateway.auth.Client#principal()}) */
    static Exchange lock(Storage storage, LockManager locks, String requestPath, String storagePath,
                         HttpHeaders headers, String principal) {
        boolean deep = !"0".equals(headers.get("Depth"));
        Duration timeout = timeout(headers.get("Timeout"));
        BodyCollector body = new BodyCollector();
        return new Exchange() {
            @Override
            public void content(ByteBuf data) throws BodyTooLargeException {
                body.add(data);
            }

            @Override
            public void finish(Responder responder) throws Exception {
                if (body.isEmpty()) {
                    Optional<WebDavLock> refreshed = locks.refresh(storagePath, headers, timeout, principal);
                    if (refreshed.isEmpty()) {
                        throw new PreconditionFailedException("No lock of yours to refresh on " + requestPath);
                    }
                    responder.send(answer(HttpResponseStatus.OK, refreshed.get(), requestPath, locks.now()));
                    return;
                }
                LockInfo info = LockInfo.parse(body.bytes());
                WebDavLock lock = locks.lock(storagePath, info.exclusive(), deep, info.owner(), principal,
                        timeout);
                boolean created = false;
                if (storage.find(storagePath).isEmpty()) {
                    // Never overwrite: a file created since the lookup is another client's, and a lock needs no DELETE.
                    try (Upload empty = storage.beginUpload(storagePath,
                            new UploadOptions(true, false, OptionalLong.empty(), Set.of()))) {
                        empty.commit(Map.of());
                        created = true;
                    } catch (StorageException e) {
                        locks.forget(lock);
                        throw e;
                    }
                }
                responder.send(answer(created ? HttpResponseStatus.CREATED : HttpResponseStatus.OK, lock,
                        requestPath, locks.now()));
            }
        };
    }

    static Exchange unlock(LockManager locks, String storagePath, HttpHeaders headers, String principal)
            throws MalformedRequestException {
        String header = headers.get("Lock-Token");
        if (header == null) {
            throw new MalformedRequestException("UNLOCK needs a Lock-Token header");
        }
        String token = header.trim().replaceAll("^<|>$", "");
        return responder -> {
            locks.unlock(storagePath, token, principal);
            responder.send(Responder.response(HttpResponseStatus.NO_CONTENT));
        };
    }

    /** The {@code lockdiscovery} property value for {@code locks}. */
    static String discovery(List<WebDavLock> locks, String requestPath, java.time.Instant now) {
        StringBuilder xml = new StringBuilder();
        for (WebDavLock lock : locks) {
            long seconds = Math.max(0, Duration.between(now, lock.expires()).getSeconds());
            xml.append("<d:activelock><d:locktype><d:write/></d:locktype><d:lockscope>")
                    .append(lock.exclusive() ? "<d:exclusive/>" : "<d:shared/>").append("</d:lockscope>")
                    .append("<d:depth>").append(lock.deep() ? "infinity" : "0").append("</d:depth>")
                    .append("<d:owner>").append(DavXml.escape(lock.owner())).append("</d:owner>")
                    .append("<d:timeout>Second-").append(seconds).append("</d:timeout>")
                    .append("<d:locktoken><d:href>").append(lock.token()).append("</d:href></d:locktoken>")
                    .append("<d:lockroot><d:href>").append(DavXml.escape(DavXml.href(requestPath, false)))
                    .append("</d:href></d:lockroot></d:activelock>");
        }
        return xml.toString();
    }

    static final String SUPPORTED_LOCKS = "<d:lockentry><d:lockscope><d:exclusive/></d:lockscope><d:locktype>"
            + "<d:write/></d:locktype></d:lockentry><d:lockentry><d:lockscope><d:shared/></d:lockscope>"
            + "<d:locktype><d:write/></d:locktype></d:lockentry>";

    private static FullHttpResponse answer(HttpResponseStatus status, WebDavLock lock, String requestPath,
                                           java.time.Instant now) {
        String xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<d:prop xmlns:d=\"DAV:\"><d:lockdiscovery>"
                + discovery(List.of(lock), requestPath, now) + "</d:lockdiscovery></d:prop>\n";
        FullHttpResponse response = Responder.body(status, "application/xml; charset=utf-8",
                xml.getBytes(StandardCharsets.UTF_8));
        response.headers().set("Lock-Token", "<" + lock.token() + ">");
        return response;
    }

    /** What a LOCK body asks for: an exclusive or shared lock, for an owner as the client describes it. */
    record LockInfo(boolean exclusive, String owner) {
        static LockInfo parse(byte[] body) throws MalformedRequestException {
            Element info = DavXml.parse(body).getDocumentElement();
            if (!Propfind.isDav(info, "lockinfo")) {
                throw new MalformedRequestException("LOCK body must be a DAV:lockinfo element");
            }
            boolean exclusive = child(info, "lockscope").map(s -> child(s, "exclusive").isPresent())
                    .orElseThrow(() -> new MalformedRequestException("lockinfo needs a lockscope"));
            return new LockInfo(exclusive, child(info, "owner").map(Node::getTextContent).orElse(""));
        }
    }

    private static Optional<Element> child(Element parent, String name) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && Propfind.isDav(element, name)) {
                return Optional.of(element);
            }
        }
        return Optional.empty();
    }

    /** {@code Timeout: Second-600} or {@code Infinite}; capped by {@link LockManager#MAX_TIMEOUT}. */
    static Duration timeout(String header) {
        if (header != null) {
            for (String option : header.split(",")) {
                String value = option.trim();
                if (value.regionMatches(true, 0, "Second-", 0, 7)) {
                    try {
                        return Duration.ofSeconds(Long.parseLong(value.substring(7)));
                    } catch (NumberFormatException ignored) {
                        // try the next option
                    }
                }
            }
        }
        return LockManager.MAX_TIMEOUT;
    }
}
