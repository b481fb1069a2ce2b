package org.gridgate.gateway.webdav;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

class XmlFragmentTest {

    /** The first property of the first DAV:prop in {@code body}, as PROPPATCH finds it. */
    private static Element property(String body) throws Exception {
        Element prop = (Element) DavXml.parse(body.getBytes(StandardCharsets.UTF_8))
                .getElementsByTagNameNS("DAV:", "prop").item(0);
        for (Node n = prop.getFirstChild(); ; n = n.getNextSibling()) {
            if (n instanceof Element element) {
                return element;
            }
        }
    }

    private static String fragment(String properties) throws Exception {
        return XmlFragment.of(property("<D:propertyupdate xmlns:D=\"DAV:\"><D:set><D:prop>" + properties
                + "</D:prop></D:set></D:propertyupdate>"));
    }

    @Test
    void aNamespaceDeclaredAboveThePropertyIsDeclaredOnIt() throws Exception {
        assertThat(XmlFragment.of(property("<D:propertyupdate xmlns:D=\"DAV:\" xmlns:z=\"urn:z\"><D:set><D:prop>"
                + "<z:a>1</z:a></D:prop></D:set></D:propertyupdate>")))
                .isEqualTo("<z:a xmlns:z=\"urn:z\">1</z:a>");
    }

    @Test
    void aPropertyInNoNamespaceSaysSoWhateverSurroundsIt() throws Exception {
        assertThat(XmlFragment.of(property("<propertyupdate xmlns=\"DAV:\"><set><prop>"
                + "<plain xmlns=\"\">v</plain></prop></set></propertyupdate>")))
                .isEqualTo("<plain xmlns=\"\">v</plain>");
    }

    /** Attributes come in the parser's order; their order means nothing in XML. */
    @Test
    void childrenKeepTheirNamespacesAndTheClientsDeclarationsStay() throws Exception {
        assertThat(fragment("<t:v xmlns:t=\"urn:t\" xmlns:x=\"urn:x\"><foo xmlns=\"http://bar\"/>"
                + "<x:y plain=\"2\" x:attr=\"1\">t</x:y><t:z/></t:v>"))
                .isEqualTo("<t:v xmlns:t=\"urn:t\" xmlns:x=\"urn:x\"><foo xmlns=\"http://bar\"/>"
                        + "<x:y plain=\"2\" x:attr=\"1\">t</x:y><t:z/></t:v>");
    }

    @Test
    void aPrefixTheAnswerUsesForDavIsRedeclaredWhereTheValueUsesItForSomethingElse() throws Exception {
        assertThat(fragment("<d:shadow xmlns:d=\"urn:not-dav\"><d:inner/></d:shadow>"))
                .isEqualTo("<d:shadow xmlns:d=\"urn:not-dav\"><d:inner/></d:shadow>");
    }

    @Test
    void theXmlLangInScopeIsKeptOnTheProperty() throws Exception {
        assertThat(XmlFragment.of(property("<D:propertyupdate xmlns:D=\"DAV:\" xml:lang=\"de\"><D:set><D:prop>"
                + "<z:a xmlns:z=\"urn:z\">Hallo</z:a></D:prop></D:set></D:propertyupdate>")))
                .isEqualTo("<z:a xmlns:z=\"urn:z\" xml:lang=\"de\">Hallo</z:a>");
        assertThat(fragment("<z:a xmlns:z=\"urn:z\" xml:lang=\"fr\">Salut</z:a>"))
                .isEqualTo("<z:a xmlns:z=\"urn:z\" xml:lang=\"fr\">Salut</z:a>");
    }

    @Test
    void charactersThatAParserWouldChangeAreWrittenAsReferences() throws Exception {
        assertThat(fragment("<z:a xmlns:z=\"urn:z\" z:v=\"tab&#9;nl&#10;&quot;\">&lt;&amp;&#13;\uD800\uDC00"
                + "<![CDATA[<raw>]]><!-- dropped --><?pi dropped?></z:a>"))
                .isEqualTo("<z:a xmlns:z=\"urn:z\" z:v=\"tab&#9;nl&#10;&quot;\">&lt;&amp;&#13;\uD800\uDC00"
                        + "&lt;raw&gt;</z:a>");
    }

    @Test
    void theFragmentParsesBackToTheSameProperty() throws Exception {
        String once = fragment("<t:v xmlns:t=\"urn:t\" xml:lang=\"en\"><foo xmlns=\"http://bar\">x</foo></t:v>");

        String twice = fragment(once);

        assertThat(twice).isEqualTo(once);
    }
}
