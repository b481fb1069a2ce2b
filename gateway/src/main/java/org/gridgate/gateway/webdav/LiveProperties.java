package org.gridgate.gateway.webdav;

import io.netty.handler.codec.DateFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.gridgate.storage.ChecksumAlgorithm;
import org.gridgate.storage.FileStat;
import org.gridgate.storage.PropertyName;
import org.gridgate.storage.Storage;
import org.gridgate.storage.StorageException;

/**
 * The properties this door computes: RFC 4918's DAV: properties a file or directory has here, and dCache's
 * Checksums. Their values are XML written with the prefixes {@code d:} (DAV:) and {@code dc:} (dCache), which
 * every answer that carries them declares. No client may set or remove them.
 */
final class LiveProperties {

    /** dCache's namespace for its extra properties; gfal2 and dCache clients know its Checksums property. */
    static final String DCACHE = "http://www.dcache.org/2013/webdav";
    static final PropertyName CHECKSUMS = new PropertyName(DCACHE, "Checksums");

    /** What allprop and propname show, in this order; Checksums only when named, as at dCache (it may read a file). */
    private static final List<String> DAV_NAMES = List.of("resourcetype", "getcontentlength", "getlastmodified",
            "getetag", "getcontenttype", "displayname", "creationdate", "supportedlock", "lockdiscovery");

    private final Storage storage;
    private final LockManager locks;

    LiveProperties(Storage storage, LockManager locks) {
        this.storage = storage;
        this.locks = locks;
    }

    /**
     * Whether PROPPATCH must refuse to change the property (403, cannot-modify-protected-property): every DAV:
     * name, because that namespace is WebDAV's own and this door computes the DAV: properties it has; and
     * Checksums, which only an upload writes.
     */
    static boolean isProtected(PropertyName name) {
        return DavXml.DAV.equals(name.namespace()) || CHECKSUMS.equals(name);
    }

    /** Every DAV: property the resource has, each as its XML element with its value. */
    List<String> all(String href, FileStat stat) {
        List<String> elements = new ArrayList<>();
        for (String name : DAV_NAMES) {
            String value = davValue(name, href, stat);
            if (value != null) {
                elements.add(element("d:" + name, value));
            }
        }
        return elements;
    }

    /** The names of {@link #all}, as empty elements. */
    List<String> names(String href, FileStat stat) {
        List<String> elements = new ArrayList<>();
        for (String name : DAV_NAMES) {
            if (davValue(name, href, stat) != null) {
                elements.add("<d:" + name + "/>");
            }
        }
        return elements;
    }

    /** The property's XML element with its value, if it is one of the door's and the resource has it. */
    Optional<String> element(PropertyName name, String href, FileStat stat) throws StorageException {
        if (DavXml.DAV.equals(name.namespace())) {
            return Optional.ofNullable(davValue(name.localName(), href, stat))
                    .map(value -> element("d:" + name.localName(), value));
        }
        if (CHECKSUMS.equals(name)) {
            return checksums(stat).map(value -> element("dc:Checksums", value));
        }
        return Optional.empty();
    }

    private static String element(String name, String value) {
        return value.isEmpty() ? "<" + name + "/>" : "<" + name + ">" + value + "</" + name + ">";
    }

    /** The escaped XML content of a live DAV: property, or null if the resource does not have it. */
    private String davValue(String name, String href, FileStat stat) {
        return switch (name) {
            case "supportedlock" -> Locking.SUPPORTED_LOCKS;
            case "lockdiscovery" -> Locking.discovery(locks.locksCovering(stat.path()), href, locks.now());
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

    private Optional<String> checksums(FileStat stat) throws StorageException {
        if (stat.directory()) {
            return Optional.empty();
        }
        Map<ChecksumAlgorithm, String> stored = storage.checksums(stat.path());
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        // As dCache writes it: RFC 3230 values, so md5 and sha-256 in base64 like the Digest header.
        return Optional.of(stored.entrySet().stream()
                .map(e -> e.getKey().digestName() + "=" + Digests.toWire(e.getKey(), e.getValue()))
                .collect(Collectors.joining(",")));
    }
}
