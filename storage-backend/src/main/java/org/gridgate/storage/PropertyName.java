package org.gridgate.storage;

import java.util.Objects;

/**
 * The name of a WebDAV dead property: an XML namespace ({@code ""} for a property in no namespace) and a local
 * name. The storage treats both as opaque strings; only the gateway knows they are XML.
 */
public record PropertyName(String namespace, String localName) {

    public PropertyName {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(localName, "localName");
        if (localName.isEmpty()) {
            throw new IllegalArgumentException("a property name needs a local name");
        }
    }

    @Override
    public String toString() {
        return "{" + namespace + "}" + localName;
    }
}
