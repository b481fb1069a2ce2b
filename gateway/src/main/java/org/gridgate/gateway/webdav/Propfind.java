package org.gridgate.gateway.webdav;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.gridgate.caveat.Activity;
import org.gridgate.gateway.auth.Client;
import org.gridgate.gateway.authz.AccessControl;
import org.gridgate.gateway.http.Exchange;
import org.gridgate.gateway.http.HttpError;
import org.gridgate.gateway.http.Responder;
import org.gridgate.storage.ChecksumAlgorithm;
import org.gridgate.storage.FileStat;
import org.gridgate.storage.Storage;
import org.gridgate.storage.StorageException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * PROPFIND with Depth 0 or 1 (infinity is refused with 403, as dCache does). Live properties only; a listing never
 * shows a name the client may not see: each child needs READ_METADATA of its own, so a macaroon for
 * {@code /data/a} listing {@code /data} sees only {@code a}.
 */
final class Propfind implements Exchange {

    /** dCache's namespace for its extra properties; gfal2 and dCache clients know its Checksums property. */
    static final String DCACHE = "http://www.dcache.org/2013/webdav";

    private static final List<String> LIVE = List.of("resourcetype", "getcontentlength", "getlastmodified",
            "getetag", "getcontenttype", "displayname", "creationdate", "supportedlock", "lockdiscovery");

    private final Storage storage;
    private final AccessControl access;
    private final LockManager locks;
    private final Client client;
    private final String requestPath;
    private final String storagePath;
    private final boolean depthOne;
    private final BodyCollector body = new BodyCollector();

    Propfind(Storage storage, AccessControl access, LockManager locks, Client client, String requestPath,
             String storagePath, boolean depthOne) {
        this.storage = storage;
        this.access = access;
        this.locks = locks;
        this.client = client;
        this.requestPath = requestPath;
        this.storagePath = storagePath;
        this.depthOne = depthOne;
    }

    /** What the client asked for: every property, only their names, or a list of (namespace, name). */
    private record Wanted(boolean allProps, boolean namesOnly, List<String[]> names) {
    }

    @Override
    public void content(ByteBuf data) throws HttpError {
        body.add(data);
    }

    @Override
    public void finish(Responder responder) throws Exception {
        Wanted wanted = body.isEmpty() ? new Wanted(true, false, List.of()) : parse(DavXml.parse(body.bytes()));
        FileStat target = storage.stat(storagePath);
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n")
                .append("<d:multistatus xmlns:d=\"DAV:\" xmlns:dc=\"").append(DCACHE).append("\">\n");
        appendResponse(xml, requestPath, target, wanted);
        if (depthOne && target.directory()) {
            access.require(client, Activity.LIST, storagePath);
            for (FileStat child : storage.list(storagePath)) {
                if (access.permits(client, Activity.READ_METADATA, child.path())) {
                    String childRequestPath = (requestPath.equals("/") ? "" : requestPath) + "/" + child.name();
                    appendResponse(xml, childRequestPath, child, wanted);
                }
            }
        }
        xml.append("</d:multistatus>\n");
        responder.send(Responder.body(HttpResponseStatus.MULTI_STATUS, "application/xml; charset=utf-8",
                xml.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static Wanted parse(Document document) throws HttpError {
        Element root = document.getDocumentElement();
        if (!isDav(root, "propfind")) {
            throw HttpError.badRequest("PROPFIND body must be a DAV:propfind element");
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
                    List<String[]> names = new ArrayList<>();
                    for (Node p = element.getFirstChild(); p != null; p = p.getNextSibling()) {
                        if (p instanceof Element property) {
                            String ns = property.getNamespaceURI() == null ? "" : property.getNamespaceURI();
                            names.add(new String[] {ns, property.getLocalName()});
                        }
                    }
                    return new Wanted(false, false, names);
                }
            }
        }
        throw HttpError.badRequest("PROPFIND body names no allprop, propname or prop");
    }

    static boolean isDav(Element element, String name) {
        return DavXml.DAV.equals(element.getNamespaceURI()) && name.equals(element.getLocalName());
    }

    private void appendResponse(StringBuilder xml, String href, FileStat stat, Wanted wanted)
            throws StorageException {
        Map<String, String> found = new LinkedHashMap<>();
        List<String[]> missing = new ArrayList<>();
        if (wanted.allProps() || wanted.namesOnly()) {
            for (String name : LIVE) {
                String value = liveProperty(name, href, stat);
                if (value != null) {
                    found.put("d:" + name, wanted.namesOnly() ? "" : value);
                }
            }
        } else {
            for (String[] name : wanted.names()) {
                String value = DavXml.DAV.equals(name[0]) ? liveProperty(name[1], href, stat)
                        : DCACHE.equals(name[0]) && name[1].equals("Checksums") ? checksums(stat) : null;
                if (value != null) {
                    found.put((DavXml.DAV.equals(name[0]) ? "d:" : "dc:") + name[1], value);
                } else {
                    missing.add(name);
                }
            }
        }
        xml.append(" <d:response>\n  <d:href>").append(DavXml.escape(DavXml.href(href, stat.directory())))
                .append("</d:href>\n");
        if (!found.isEmpty() || missing.isEmpty()) {
            xml.append("  <d:propstat><d:prop>");
            found.forEach((name, value) -> {
                if (value.isEmpty()) {
                    xml.append('<').append(name).append("/>");
                } else {
                    xml.append('<').append(name).append('>').append(value).append("</").append(name).append('>');
                }
            });
            xml.append("</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat>\n");
        }
        if (!missing.isEmpty()) {
            xml.append("  <d:propstat><d:prop>");
            int i = 0;
            for (String[] name : missing) {
                String prefix = "ns" + i++;
                xml.append('<').append(prefix).append(':').append(DavXml.escape(name[1])).append(" xmlns:")
                        .append(prefix).append("=\"").append(DavXml.escape(name[0])).append("\"/>");
            }
            xml.append("</d:prop><d:status>HTTP/1.1 404 Not Found</d:status></d:propstat>\n");
        }
        xml.append(" </d:response>\n");
    }

    /** The escaped XML content of a live DAV: property, or null if the resource does not have it. */
    private String liveProperty(String name, String href, FileStat stat) {
        return switch (name) {
            case "supportedlock" -> Locking.SUPPORTED_LOCKS;
            case "lockdiscovery" -> Locking.discovery(locks.locksCovering(stat.path()), href,
                    locks.now());
            case "resourcetype" -> stat.directory() ? "<d:collection/>" : "";
            case "getcontentlength" -> stat.directory() ? null : Long.toString(stat.size());
            case "getlastmodified" -> DateFormatter.format(Date.from(stat.lastModified()));
            case "creationdate" -> stat.lastModified().toString();
            case "getetag" -> stat.directory() ? null : DavXml.escape(Validators.etag(stat));
            case "getcontenttype" -> stat.directory() ? null : "application/octet-stream";
            case "displayname" -> DavXml.escape(stat.name());
            default -> null;
        };
    }

    private String checksums(FileStat stat) throws StorageException {
        if (stat.directory()) {
            return null;
        }
        Map<ChecksumAlgorithm, String> stored = storage.checksums(stat.path());
        if (stored.isEmpty()) {
            return null;
        }
        // As dCache writes it: RFC 3230 values, so md5 and sha-256 in base64 like the Digest header.
        return stored.entrySet().stream()
                .map(e -> e.getKey().digestName() + "=" + Digests.toWire(e.getKey(), e.getValue()))
                .collect(Collectors.joining(","));
    }
}
