package org.gridgate.gateway;

import java.io.ByteArrayInputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * One resource of a 207 Multi-Status, parsed as a client parses it (namespace-aware): each property by
 * {@code {namespace}localName} with the status of its propstat, its element, and the propstat's error element.
 */
record Multistatus(Map<String, Property> properties) {

    record Property(int status, Element element, Element error) {
        String text() {
            return element.getTextContent();
        }
    }

    /** The answer about the only (or first) resource. */
    static Multistatus parse(byte[] body) throws Exception {
        return byHref(body).values().iterator().next();
    }

    /** The answer about each resource, by href, in the order they come. */
    static Map<String, Multistatus> byHref(byte[] body) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Element root = factory.newDocumentBuilder().parse(new ByteArrayInputStream(body)).getDocumentElement();
        Map<String, Multistatus> resources = new LinkedHashMap<>();
        NodeList responses = root.getElementsByTagNameNS("DAV:", "response");
        for (int r = 0; r < responses.getLength(); r++) {
            Element response = (Element) responses.item(r);
            Map<String, Property> properties = new LinkedHashMap<>();
            for (Node n = response.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element propstat && isDav(propstat, "propstat")) {
                    int status = Integer.parseInt(child(propstat, "status").getTextContent().split(" ")[1]);
                    Element error = child(propstat, "error");
                    for (Node p = child(propstat, "prop").getFirstChild(); p != null; p = p.getNextSibling()) {
                        if (p instanceof Element property) {
                            String ns = property.getNamespaceURI() == null ? "" : property.getNamespaceURI();
                            properties.put("{" + ns + "}" + property.getLocalName(),
                                    new Property(status, property, error));
                        }
                    }
                }
            }
            resources.put(child(response, "href").getTextContent(), new Multistatus(properties));
        }
        return resources;
    }

    Property get(String namespace, String localName) {
        return properties.get("{" + namespace + "}" + localName);
    }

    private static boolean isDav(Element element, String name) {
        return "DAV:".equals(element.getNamespaceURI()) && name.equals(element.getLocalName());
    }

    private static Element child(Element parent, String davName) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && isDav(e, davName)) {
                return e;
            }
        }
        return null;
    }
}
