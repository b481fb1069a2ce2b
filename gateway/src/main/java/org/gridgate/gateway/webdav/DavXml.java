package org.gridgate.gateway.webdav;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.gridgate.caveat.LogSafe;
import org.gridgate.gateway.refusal.BodyTooLargeException;
import org.gridgate.gateway.refusal.MalformedRequestException;
import org.gridgate.storage.PropertyName;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * WebDAV XML in and out. Parsing refuses any DOCTYPE, so external entities (XXE) and entity expansion bombs are
 * impossible rather than merely disabled; output is written by hand with escaping, namespace {@code DAV:} as
 * {@code d:}.
 */
final class DavXml {

    static final String DAV = "DAV:";
    /** WebDAV request bodies are small property lists; anything bigger is refused with 413. */
    static final int MAX_BODY_BYTES = 64 * 1024;
    /**
     * No WebDAV body nests deeper; a deeper one is refused, so nothing that walks a document (or a dead property's
     * value, {@link XmlFragment}) recursively can run out of stack on 64 KiB of {@code <a><a><a>…}.
     */
    static final int MAX_DEPTH = 100;

    private DavXml() {
    }

    static Document parse(byte[] body) throws MalformedRequestException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            Document document = builder.parse(new ByteArrayInputStream(body));
            checkNamesAndDepth(document.getDocumentElement());
            return document;
        } catch (SAXException | IOException e) {
            throw new MalformedRequestException("Malformed XML body: " + e.getMessage());
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("XML parser lacks secure features", e);
        }
    }

    /**
     * Refuses names that are well-formed XML but not namespace-well-formed ({@code :x}, {@code p:}: the parser keeps
     * them, without a namespace), and nesting deeper than {@link #MAX_DEPTH}. Walks the tree without recursion.
     */
    private static void checkNamesAndDepth(Element root) throws MalformedRequestException {
        Node node = root;
        int depth = 1;
        while (true) {
            if (node instanceof Element element) {
                requireQualifiedName(element);
                NamedNodeMap attributes = element.getAttributes();
                for (int i = 0; i < attributes.getLength(); i++) {
                    requireQualifiedName(attributes.item(i));
                }
            }
            Node child = node.getFirstChild();
            if (child != null) {
                if (++depth > MAX_DEPTH) {
                    throw new MalformedRequestException("XML body nested deeper than " + MAX_DEPTH);
                }
                node = child;
                continue;
            }
            while (node != root && node.getNextSibling() == null) {
                node = node.getParentNode();
                depth--;
            }
            if (node == root) {
                return;
            }
            node = node.getNextSibling();
        }
    }

    private static void requireQualifiedName(Node node) throws MalformedRequestException {
        if (node.getNodeName().indexOf(':') < 0) {
            return;
        }
        String prefix = node.getPrefix();
        String local = node.getLocalName();
        if (prefix == null || prefix.isEmpty() || local == null || local.isEmpty() || local.indexOf(':') >= 0
                || node.getNamespaceURI() == null) {
            throw new MalformedRequestException("Malformed XML body: '" + LogSafe.text(node.getNodeName())
                    + "' is not a qualified name");
        }
    }

    /** A property element's name; a property in no namespace has the namespace {@code ""}. */
    static PropertyName nameOf(Element property) {
        return new PropertyName(property.getNamespaceURI() == null ? "" : property.getNamespaceURI(),
                property.getLocalName());
    }

    /**
     * The property's name as an empty element, declaring its namespace on it with {@code prefix} ({@code d:} for
     * DAV:, and {@code xmlns=""} for no namespace, since a prefix cannot be bound to none).
     */
    static String emptyElement(PropertyName name, String prefix) {
        String localName = escape(name.localName());
        if (DAV.equals(name.namespace())) {
            return "<d:" + localName + "/>";
        }
        if (name.namespace().isEmpty()) {
            return "<" + localName + " xmlns=\"\"/>";
        }
        return "<" + prefix + ":" + localName + " xmlns:" + prefix + "=\"" + escape(name.namespace()) + "\"/>";
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** Percent-encodes each segment of a path for an href; slashes stay. */
    static String href(String path, boolean collection) {
        StringBuilder out = new StringBuilder();
        byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "/-._~!$'()*,;=:@".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        if (collection && !path.endsWith("/")) {
            out.append('/');
        }
        return out.toString();
    }

    static BodyTooLargeException tooLarge() {
        return new BodyTooLargeException("XML body too large (limit " + MAX_BODY_BYTES + " bytes)");
    }
}
