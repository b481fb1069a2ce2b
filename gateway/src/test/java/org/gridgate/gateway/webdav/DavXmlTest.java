package org.gridgate.gateway.webdav;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.gridgate.gateway.refusal.MalformedRequestException;
import org.junit.jupiter.api.Test;

/** What the WebDAV XML parser refuses besides DOCTYPEs: each was found by DavBodiesFuzzTest or on its way. */
class DavXmlTest {

    private static byte[] xml(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Was a 500: a PROPPATCH value with such an attribute reached XmlFragment without a namespace. */
    @Test
    void namesThatAreNotQualifiedNamesAreRefused() {
        for (String body : new String[] {
            "<D:propertyupdate xmlns:D=\"DAV:\"><D:set><D:prop><Z xmlns=\"urn:z\" :lang=\"en\"/></D:prop></D:set>"
                    + "</D:propertyupdate>",
            "<D:propfind xmlns:D=\"DAV:\"><:allprop/></D:propfind>",
            "<D:propfind xmlns:D=\"DAV:\"><D:allprop a:=\"x\"/></D:propfind>"}) {
            assertThatThrownBy(() -> DavXml.parse(xml(body))).as(body)
                    .isInstanceOf(MalformedRequestException.class);
        }
    }

    /** 64 KiB of nested elements would exhaust the stack of anything walking them recursively. */
    @Test
    void nestingDeeperThanAnyWebDavBodyIsRefused() throws Exception {
        String deep = "<a>".repeat(20_000) + "</a>".repeat(20_000);
        assertThatThrownBy(() -> DavXml.parse(xml(deep))).isInstanceOf(MalformedRequestException.class)
                .hasMessageContaining("nested");
        String fine = "<a xmlns=\"urn:a\">".repeat(DavXml.MAX_DEPTH) + "</a>".repeat(DavXml.MAX_DEPTH);
        assertThat(DavXml.parse(xml(fine)).getDocumentElement().getLocalName()).isEqualTo("a");
    }
}
