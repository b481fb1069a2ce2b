package org.gridgate.gateway.webdav;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.gridgate.gateway.http.Exchange;
import org.gridgate.gateway.http.HttpError;
import org.gridgate.gateway.http.Responder;
import org.gridgate.storage.Storage;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * PROPPATCH: this door keeps no dead properties and its live ones are computed, so every property in a
 * well-formed request is answered 403 in a 207 Multi-Status (RFC 4918 §9.2), and nothing changes.
 */
final class Proppatch implements Exchange {

    private final Storage storage;
    private final String requestPath;
    private final String storagePath;
    private final BodyCollector body = new BodyCollector();

    Proppatch(Storage storage, String requestPath, String storagePath) {
        this.storage = storage;
        this.requestPath = requestPath;
        this.storagePath = storagePath;
    }

    @Override
    public void content(ByteBuf data) throws HttpError {
        body.add(data);
    }

    @Override
    public void finish(Responder responder) throws Exception {
        boolean directory = storage.stat(storagePath).directory();
        if (body.isEmpty()) {
            throw HttpError.badRequest("PROPPATCH needs a DAV:propertyupdate body");
        }
        Element root = DavXml.parse(body.bytes()).getDocumentElement();
        if (!Propfind.isDav(root, "propertyupdate")) {
            throw HttpError.badRequest("PROPPATCH body must be a DAV:propertyupdate element");
        }
        List<String[]> names = new ArrayList<>();
        for (Node action = root.getFirstChild(); action != null; action = action.getNextSibling()) {
            if (action instanceof Element set && (Propfind.isDav(set, "set") || Propfind.isDav(set, "remove"))) {
                for (Node prop = set.getFirstChild(); prop != null; prop = prop.getNextSibling()) {
                    if (prop instanceof Element propElement && Propfind.isDav(propElement, "prop")) {
                        for (Node p = propElement.getFirstChild(); p != null; p = p.getNextSibling()) {
                            if (p instanceof Element property) {
                                String ns = property.getNamespaceURI() == null ? "" : property.getNamespaceURI();
                                names.add(new String[] {ns, property.getLocalName()});
                            }
                        }
                    }
                }
            }
        }
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n")
                .append("<d:multistatus xmlns:d=\"DAV:\">\n <d:response>\n  <d:href>")
                .append(DavXml.escape(DavXml.href(requestPath, directory))).append("</d:href>\n")
                .append("  <d:propstat><d:prop>");
        int i = 0;
        for (String[] name : names) {
            String prefix = "ns" + i++;
            xml.append('<').append(prefix).append(':').append(DavXml.escape(name[1])).append(" xmlns:")
                    .append(prefix).append("=\"").append(DavXml.escape(name[0])).append("\"/>");
        }
        xml.append("</d:prop><d:status>HTTP/1.1 403 Forbidden</d:status>")
                .append("<d:responsedescription>properties are read-only on this door</d:responsedescription>")
                .append("</d:propstat>\n </d:response>\n</d:multistatus>\n");
        responder.send(Responder.body(HttpResponseStatus.MULTI_STATUS, "application/xml; charset=utf-8",
                xml.toString().getBytes(StandardCharsets.UTF_8)));
    }
}
