package org.gridgate.gateway.webdav;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gridgate.gateway.authz.Grant;
import org.gridgate.gateway.authz.Operation;
import org.gridgate.gateway.http.Exchange;
import org.gridgate.gateway.http.Responder;
import org.gridgate.gateway.refusal.BodyTooLargeException;
import org.gridgate.gateway.refusal.MalformedRequestException;
import org.gridgate.storage.FileStat;
import org.gridgate.storage.PropertyName;
import org.gridgate.storage.Storage;
import org.gridgate.storage.StorageException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * PROPFIND with Depth 0 or 1 (infinity is refused with 403, as dCache does): the door's live properties and the
 * dead ones clients stored with PROPPATCH, each dead one exactly as it was set (its XML element, namespaces
 * included). A listing never shows a name the client may not see: each child needs READ_METADATA of its own, so a
 * macaroon for {@code /data/a} listing {@code /data} sees only {@code a}. Dead properties are read from storage
 * only when allprop, propname or a name that is not live asks for them, and for a listing in one pass over the
 * directory (davix asks for LCGDM:mode, so every gfal2 listing reads them).
 */
final class Propfind implements Exchange {

    private final Storage storage;
    private final LiveProperties live;
    private final Grant grant;
    private final String requestPath;
    private final String storagePath;
    private final boolean depthOne;
    private final BodyCollector body = new BodyCollector();

    /** @param grant the request's: it has allowed PROPFIND here, and decides the listing and its members */
    Propfind(Storage storage, LockManager locks, Grant grant, String requestPath, boolean depthOne) {
        this.storage = storage;
        this.live = new LiveProperties(storage, locks);
        this.grant = grant;
        this.requestPath = requestPath;
        this.storagePath = grant.storagePath();
        this.depthOne = depthOne;
    }

    /** What the client asked for: every property, only their names, or a list of names. */
    private record Wanted(boolean allProps, boolean namesOnly, List<PropertyName> names) {
        boolean deadProperties() {
            return allProps || namesOnly || names.stream().anyMatch(name -> !LiveProperties.isProtected(name));
        }
    }

    @Override
    public void content(ByteBuf data) throws BodyTooLargeException {
        body.add(data);
    }

    @Override
    public void finish(Responder responder) throws Exception {
        Wanted wanted = body.isEmpty() ? new Wanted(true, false, List.of()) : parse(DavXml.parse(body.bytes()));
        FileStat target = storage.stat(storagePath);
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n")
                .append("<d:multistatus xmlns:d=\"DAV:\" xmlns:dc=\"").append(LiveProperties.DCACHE)
                .append("\">\n");
        appendResponse(xml, requestPath, target, wanted,
                wanted.deadProperties() ? storage.deadProperties(storagePath) : Map.of());
        if (depthOne && target.directory()) {
            grant.authorizeCollection(Operation.PROPFIND);
            List<FileStat> members = storage.list(storagePath);
            Map<String, Map<PropertyName, byte[]>> dead = wanted.deadProperties()
                    ? storage.deadPropertiesOfMembers(storagePath) : Map.of();
            for (FileStat child : members) {
                if (grant.maySee(child.path())) {
                    String childRequestPath = (requestPath.equals("/") ? "" : requestPath) + "/" + child.name();
                    appendResponse(xml, childRequestPath, child, wanted, dead.getOrDefault(child.name(), Map.of()));
                }
            }
        }
        xml.append("</d:multistatus>\n");
        responder.send(Responder.body(HttpResponseStatus.MULTI_STATUS, "application/xml; charset=utf-8",
                xml.toString().getBytes(StandardCharsets.UTF_8)));
    }

    static Wanted parse(Document document) throws MalformedRequestException {
        Element root = document.getDocumentElement();
        if (!isDav(root, "propfind")) {
            throw new MalformedRequestException("PROPFIND body must be a DAV:propfind element");
        }
        for (Node child = root.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element) {
                if (isDav(element, "allprop")) {
                    return new Wanted(true, false, List.of());
                }
                if (isDav(element, "propname")) {
                    return new Wanted(false, true, List.of());
                }
                if (isDav(element, "prop")) {
                    List<PropertyName> names = new ArrayList<>();
                    for (Node p = element.getFirstChild(); p != null; p = p.getNextSibling()) {
                        if (p instanceof Element property) {
                            names.add(DavXml.nameOf(property));
                        }
                    }
                    return new Wanted(false, false, names);
                }
            }
        }
        throw new MalformedRequestException("PROPFIND body names no allprop, propname or prop");
    }

    static boolean isDav(Element element, String name) {
        return DavXml.DAV.equals(element.getNamespaceURI()) && name.equals(element.getLocalName());
    }

    private void appendResponse(StringBuilder xml, String href, FileStat stat, Wanted wanted,
                                Map<PropertyName, byte[]> dead) throws StorageException {
        List<String> found = new ArrayList<>();
        List<PropertyName> missing = new ArrayList<>();
        if (wanted.allProps()) {
            found.addAll(live.all(href, stat));
            dead.values().forEach(value -> found.add(utf8(value)));
        } else if (wanted.namesOnly()) {
            found.addAll(live.names(href, stat));
            dead.keySet().forEach(name -> found.add(DavXml.emptyElement(name, "p")));
        } else {
            for (PropertyName name : wanted.names()) {
                Optional<String> liveElement = live.element(name, href, stat);
                byte[] value = dead.get(name);
                if (liveElement.isPresent()) {
                    found.add(liveElement.get());
                } else if (value != null) {
                    found.add(utf8(value));
                } else {
                    missing.add(name);
                }
            }
        }
        xml.append(" <d:response>\n  <d:href>").append(DavXml.escape(DavXml.href(href, stat.directory())))
                .append("</d:href>\n");
        if (!found.isEmpty() || missing.isEmpty()) {
            xml.append("  <d:propstat><d:prop>");
            found.forEach(xml::append);
            xml.append("</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat>\n");
        }
        if (!missing.isEmpty()) {
            xml.append("  <d:propstat><d:prop>");
            int i = 0;
            for (PropertyName name : missing) {
                xml.append(DavXml.emptyElement(name, "ns" + i++));
            }
            xml.append("</d:prop><d:status>HTTP/1.1 404 Not Found</d:status></d:propstat>\n");
        }
        xml.append(" </d:response>\n");
    }

    /** A dead property's value is the XML element PROPPATCH stored, in UTF-8. */
    private static String utf8(byte[] value) {
        return new String(value, StandardCharsets.UTF_8);
    }
}
