package org.gridgate.gateway.webdav;

import java.util.HashMap;
import java.util.Map;
import javax.xml.XMLConstants;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Writes a parsed element and everything in it as a standalone XML fragment, as a dead property's value is kept:
 * every element and attribute keeps its namespace, declared on the element that first needs it, so the fragment
 * means the same wherever a PROPFIND answer embeds it, whatever prefixes the answer uses around it. This keeps
 * what RFC 4918 §4.3 says a server must keep of a dead property: names, namespaces, attributes, child elements,
 * characters, and the {@code xml:lang} in scope. Namespace declarations the client wrote are kept as well (a
 * value may name types by prefix); comments and processing instructions are not.
 */
final class XmlFragment {

    private XmlFragment() {
    }

    static String of(Element element) {
        StringBuilder out = new StringBuilder();
        write(element, new HashMap<>(), inheritedLanguage(element), out);
        return out.toString();
    }

    /** The {@code xml:lang} an ancestor gives the element, if it has none of its own: it is part of the value. */
    private static String inheritedLanguage(Element element) {
        if (element.hasAttributeNS(XMLConstants.XML_NS_URI, "lang")) {
            return null;
        }
        for (Node up = element.getParentNode(); up instanceof Element ancestor; up = ancestor.getParentNode()) {
            if (ancestor.hasAttributeNS(XMLConstants.XML_NS_URI, "lang")) {
                return ancestor.getAttributeNS(XMLConstants.XML_NS_URI, "lang");
            }
        }
        return null;
    }

    /** @param inScope prefix ({@code ""} for the default namespace) to namespace, as declared by the output so far */
    private static void write(Element element, Map<String, String> inScope, String language, StringBuilder out) {
        Map<String, String> scope = new HashMap<>(inScope);
        StringBuilder declarations = new StringBuilder();
        StringBuilder attributes = new StringBuilder();
        NamedNodeMap all = element.getAttributes();
        for (int i = 0; i < all.getLength(); i++) {
            Attr attribute = (Attr) all.item(i);
            if (XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(attribute.getNamespaceURI())) {
                boolean defaultNamespace = XMLConstants.XMLNS_ATTRIBUTE.equals(attribute.getName());
                declare(defaultNamespace ? "" : attribute.getLocalName(), attribute.getValue(), scope, declarations);
            }
        }
        declare(prefixOf(element), namespaceOf(element), scope, declarations);
        for (int i = 0; i < all.getLength(); i++) {
            Attr attribute = (Attr) all.item(i);
            if (!XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(attribute.getNamespaceURI())) {
                if (attribute.getPrefix() != null) {
                    declare(attribute.getPrefix(), attribute.getNamespaceURI(), scope, declarations);
                }
                attributes.append(' ').append(attribute.getName()).append("=\"")
                        .append(escapeAttribute(attribute.getValue())).append('"');
            }
        }
        if (language != null) {
            attributes.append(" xml:lang=\"").append(escapeAttribute(language)).append('"');
        }
        String name = element.getTagName();
        out.append('<').append(name).append(declarations).append(attributes);
        if (!element.hasChildNodes()) {
            out.append("/>");
            return;
        }
        out.append('>');
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element childElement) {
                write(childElement, scope, null, out);
            } else if (child.getNodeType() == Node.TEXT_NODE || child.getNodeType() == Node.CDATA_SECTION_NODE) {
                out.append(escapeText(child.getNodeValue()));
            }
        }
        out.append("</").append(name).append('>');
    }

    /** Declares {@code prefix} unless the output already binds it so; {@code xml} is bound by XML itself. */
    private static void declare(String prefix, String namespace, Map<String, String> scope, StringBuilder out) {
        if (XMLConstants.XML_NS_PREFIX.equals(prefix) || namespace.equals(scope.get(prefix))) {
            return;
        }
        scope.put(prefix, namespace);
        out.append(prefix.isEmpty() ? " xmlns" : " xmlns:" + prefix).append("=\"").append(escapeAttribute(namespace))
                .append('"');
    }

    private static String prefixOf(Element element) {
        return element.getPrefix() == null ? "" : element.getPrefix();
    }

    private static String namespaceOf(Element element) {
        return element.getNamespaceURI() == null ? "" : element.getNamespaceURI();
    }

    /** A carriage return survives parsing only as {@code &#13;}, so it is written back as one. */
    private static String escapeText(String text) {
        return DavXml.escape(text).replace("\r", "&#13;");
    }

    /** Whitespace other than spaces would be normalised away by the next parser unless written as references. */
    private static String escapeAttribute(String value) {
        return DavXml.escape(value).replace("\t", "&#9;").replace("\n", "&#10;").replace("\r", "&#13;");
    }
}
