package org.gridgate.gateway.webdav;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.gridgate.gateway.http.ErrorMapping;
import org.gridgate.gateway.http.Exchange;
import org.gridgate.gateway.http.HttpError;
import org.gridgate.gateway.http.Responder;
import org.gridgate.gateway.refusal.BodyTooLargeException;
import org.gridgate.gateway.refusal.MalformedRequestException;
import org.gridgate.storage.PropertyChange;
import org.gridgate.storage.PropertyName;
import org.gridgate.storage.PropertyUpdateException;
import org.gridgate.storage.Storage;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * PROPPATCH (RFC 4918 §9.2): sets and removes dead properties in document order, all or nothing. Each property is
 * answered in a 207 Multi-Status: 200 when the whole request was stored; otherwise the one that failed gets its
 * status (403 with cannot-modify-protected-property for the door's live properties, 507 when there is no room,
 * 403 where the storage keeps none) and every other 424 Failed Dependency, and nothing changed. A set property's
 * value is its whole XML element ({@link XmlFragment}), which PROPFIND gives back as it was.
 */
final class Proppatch implements Exchange {

    private static final String PROTECTED = "<d:error><d:cannot-modify-protected-property/></d:error>";

    private final Storage storage;
    private final String requestPath;
    private final String storagePath;
    private final BodyCollector body = new BodyCollector();

    Proppatch(Storage storage, String requestPath, String storagePath) {
        this.storage = storage;
        this.requestPath = requestPath;
        this.storagePath = storagePath;
    }

    /** One property of a set or remove, in document order; {@code value} is null for a remove. */
    record Instruction(PropertyName name, Element value) {
        PropertyChange toChange() {
            return value == null ? new PropertyChange.Remove(name)
                    : new PropertyChange.Set(name, XmlFragment.of(value).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** How one property fared: a status, and the {@code DAV:error} and description that explain it, if any. */
    private record Verdict(HttpResponseStatus status, String error, String description) {
    }

    @Override
    public void content(ByteBuf data) throws BodyTooLargeException {
        body.add(data);
    }

    @Override
    public void finish(Responder responder) throws Exception {
        boolean directory = storage.stat(storagePath).directory();
        if (body.isEmpty()) {
            throw new MalformedRequestException("PROPPATCH needs a DAV:propertyupdate body");
        }
        List<Instruction> instructions = parse(DavXml.parse(body.bytes()).getDocumentElement());
        List<Verdict> verdicts = protectedOnesRefused(instructions);
        if (verdicts == null) {
            verdicts = stored(instructions);
        }
        responder.send(Responder.body(HttpResponseStatus.MULTI_STATUS, "application/xml; charset=utf-8",
                multistatus(directory, instructions, verdicts).getBytes(StandardCharsets.UTF_8)));
    }

    static List<Instruction> parse(Element root) throws MalformedRequestException {
        if (!Propfind.isDav(root, "propertyupdate")) {
            throw new MalformedRequestException("PROPPATCH body must be a DAV:propertyupdate element");
        }
        List<Instruction> instructions = new ArrayList<>();
        for (Node action = root.getFirstChild(); action != null; action = action.getNextSibling()) {
            if (action instanceof Element element && (Propfind.isDav(element, "set")
                    || Propfind.isDav(element, "remove"))) {
                boolean set = Propfind.isDav(element, "set");
                for (Node prop = element.getFirstChild(); prop != null; prop = prop.getNextSibling()) {
                    if (prop instanceof Element propElement && Propfind.isDav(propElement, "prop")) {
                        for (Node p = propElement.getFirstChild(); p != null; p = p.getNextSibling()) {
                            if (p instanceof Element property) {
                                instructions.add(new Instruction(DavXml.nameOf(property), set ? property : null));
                            }
                        }
                    }
                }
            }
        }
        if (instructions.isEmpty()) {
            throw new MalformedRequestException("PROPPATCH names no property to set or remove");
        }
        return instructions;
    }

    /** Null when no instruction touches a live property; else 403 for those that do and 424 for the rest. */
    private static List<Verdict> protectedOnesRefused(List<Instruction> instructions) {
        if (instructions.stream().noneMatch(instruction -> LiveProperties.isProtected(instruction.name()))) {
            return null;
        }
        Verdict refused = new Verdict(HttpResponseStatus.FORBIDDEN, PROTECTED,
                "DAV: properties and dCache's Checksums are the door's own; they cannot be set or removed");
        return instructions.stream()
                .map(instruction -> LiveProperties.isProtected(instruction.name()) ? refused : failedDependency())
                .toList();
    }

    private List<Verdict> stored(List<Instruction> instructions) throws Exception {
        List<PropertyChange> changes = instructions.stream().map(Instruction::toChange).toList();
        try {
            storage.updateDeadProperties(storagePath, changes);
            return instructions.stream().map(i -> new Verdict(HttpResponseStatus.OK, null, null)).toList();
        } catch (PropertyUpdateException e) {
            HttpError error = ErrorMapping.toHttpError(e);
            Verdict failed = new Verdict(error.status(), null, error.getMessage());
            OptionalInt culprit = e.failedChange();
            List<Verdict> verdicts = new ArrayList<>();
            for (int i = 0; i < changes.size(); i++) {
                boolean blamed = culprit.isPresent() ? culprit.getAsInt() == i
                        : changes.get(i) instanceof PropertyChange.Set;
                verdicts.add(blamed ? failed : failedDependency());
            }
            return verdicts;
        }
    }

    private static Verdict failedDependency() {
        return new Verdict(HttpResponseStatus.FAILED_DEPENDENCY, null, null);
    }

    /** One propstat per distinct verdict, in the order they first occur, each naming its properties once. */
    private String multistatus(boolean directory, List<Instruction> instructions, List<Verdict> verdicts) {
        Map<Verdict, Set<PropertyName>> byVerdict = new LinkedHashMap<>();
        for (int i = 0; i < instructions.size(); i++) {
            byVerdict.computeIfAbsent(verdicts.get(i), v -> new LinkedHashSet<>()).add(instructions.get(i).name());
        }
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n")
                .append("<d:multistatus xmlns:d=\"DAV:\">\n <d:response>\n  <d:href>")
                .append(DavXml.escape(DavXml.href(requestPath, directory))).append("</d:href>\n");
        byVerdict.forEach((verdict, names) -> {
            xml.append("  <d:propstat><d:prop>");
            int i = 0;
            for (PropertyName name : names) {
                xml.append(DavXml.emptyElement(name, "ns" + i++));
            }
            xml.append("</d:prop><d:status>HTTP/1.1 ").append(verdict.status()).append("</d:status>");
            if (verdict.error() != null) {
                xml.append(verdict.error());
            }
            if (verdict.description() != null) {
                xml.append("<d:responsedescription>").append(DavXml.escape(verdict.description()))
                        .append("</d:responsedescription>");
            }
            xml.append("</d:propstat>\n");
        });
        return xml.append(" </d:response>\n</d:multistatus>\n").toString();
    }
}
