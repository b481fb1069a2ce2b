package org.gridgate.gateway.webdav;

import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import org.gridgate.gateway.authz.Grant;
import org.gridgate.gateway.http.Exchange;
import org.gridgate.gateway.http.Responder;
import org.gridgate.storage.FileStat;
import org.gridgate.storage.Storage;

/**
 * GET and HEAD of a directory: an HTML listing, as the dCache door and XRootD give to browsers and curl. Like a
 * PROPFIND listing it needs LIST, and shows only the members the client may see (READ_METADATA on each).
 */
final class DirectoryPage implements Exchange {

    private final Storage storage;
    private final Grant grant;
    private final String requestPath;
    private final boolean headOnly;

    /** @param grant the request's, which has allowed LIST here and says which members the client may see */
    DirectoryPage(Storage storage, Grant grant, String requestPath, boolean headOnly) {
        this.storage = storage;
        this.grant = grant;
        this.requestPath = requestPath;
        this.headOnly = headOnly;
    }

    @Override
    public void finish(Responder responder) throws Exception {
        byte[] page = render().getBytes(StandardCharsets.UTF_8);
        if (headOnly) {
            FullHttpResponse response = Responder.response(HttpResponseStatus.OK);
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
            response.headers().set(HttpHeaderNames.CONTENT_LENGTH, page.length);
            responder.send(response);
        } else {
            responder.send(Responder.body(HttpResponseStatus.OK, "text/html; charset=utf-8", page));
        }
    }

    private String render() throws Exception {
        List<FileStat> members = storage.list(grant.storagePath()).stream()
                .filter(member -> grant.maySee(member.path()))
                .sorted(Comparator.comparing(FileStat::name))
                .toList();
        String title = DavXml.escape("Index of " + requestPath);
        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
                .append(title).append("</title></head>\n<body><h1>").append(title).append("</h1>\n<table>\n");
        String base = requestPath.equals("/") ? "" : requestPath;
        for (FileStat member : members) {
            String name = member.name() + (member.directory() ? "/" : "");
            html.append("<tr><td><a href=\"")
                    .append(DavXml.escape(DavXml.href(base + "/" + member.name(), member.directory())))
                    .append("\">").append(DavXml.escape(name)).append("</a></td><td>")
                    .append(member.directory() ? "-" : Long.toString(member.size())).append("</td><td>")
                    .append(DateFormatter.format(Date.from(member.lastModified()))).append("</td></tr>\n");
        }
        return html.append("</table></body></html>\n").toString();
    }
}
