package org.gridgate.storage;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import org.gridgate.storage.StorageException.Reason;

/**
 * All dead properties of one resource, in the order they were first set, and their encoding as the value of one
 * extended attribute: {@code "GGDP"}, a version byte (1), the number of properties, then for each the lengths and
 * bytes of namespace (UTF-8), local name (UTF-8) and value, lengths as 4-byte big-endian integers.
 *
 * <p>Binary with lengths rather than text, because values are arbitrary XML with any characters in it.
 */
final class DeadPropertyRecord {
    static final int HEADER_BYTES = 4 + 1 + 4;
    static final int LENGTH_BYTES_PER_PROPERTY = 3 * 4;
    static final DeadPropertyRecord EMPTY = new DeadPropertyRecord(Map.of());

    private static final byte[] MAGIC = {'G', 'G', 'D', 'P'};
    private static final byte VERSION = 1;

    private final Map<PropertyName, byte[]> properties;

    private DeadPropertyRecord(Map<PropertyName, byte[]> properties) {
        this.properties = properties;
    }

    /** Unmodifiable; the caller must not change the arrays either. */
    Map<PropertyName, byte[]> properties() {
        return Collections.unmodifiableMap(properties);
    }

    boolean isEmpty() {
        return properties.isEmpty();
    }

    /**
     * This record with {@code changes} applied in order. Limits are checked after each change, in document order
     * as PROPPATCH processes them, so the change that crosses one is the one reported.
     *
     * @throws PropertyUpdateException with reason PROPERTY_LIMIT and the index of that change
     */
    DeadPropertyRecord apply(List<PropertyChange> changes, DeadPropertyLimits limits, NamespacePath path)
            throws PropertyUpdateException {
        Map<PropertyName, byte[]> updated = new LinkedHashMap<>(properties);
        int bytes = encodedSize(updated);
        for (int i = 0; i < changes.size(); i++) {
            PropertyChange change = changes.get(i);
            byte[] old;
            if (change instanceof PropertyChange.Set set) {
                byte[] value = set.value();
                old = updated.put(set.name(), value);
                bytes += sizeOf(set.name(), value);
            } else {
                old = updated.remove(change.name());
            }
            if (old != null) {
                bytes -= sizeOf(change.name(), old);
            }
            if (change instanceof PropertyChange.Set) {
                refuseBeyond(limits, updated.size(), bytes, path, i);
            }
        }
        return new DeadPropertyRecord(updated);
    }

    /** The message leaves the property's name out: a namespace may hold characters not fit for a log line. */
    private static void refuseBeyond(DeadPropertyLimits limits, int count, int bytes, NamespacePath path,
                                     int change) throws PropertyUpdateException {
        if (count > limits.maxCount()) {
            throw limitCrossed(path + " would have " + count + " dead properties; a resource keeps at most "
                    + limits.maxCount(), change);
        }
        if (bytes > limits.maxBytes()) {
            throw limitCrossed("the dead properties of " + path + " would take " + bytes
                    + " bytes; a resource keeps at most " + limits.maxBytes(), change);
        }
    }

    private static PropertyUpdateException limitCrossed(String message, int change) {
        return new PropertyUpdateException(Reason.PROPERTY_LIMIT, message, OptionalInt.of(change), null);
    }

    byte[] encode() {
        ByteBuffer out = ByteBuffer.allocate(encodedSize(properties));
        out.put(MAGIC).put(VERSION).putInt(properties.size());
        properties.forEach((name, value) -> {
            putWithLength(out, name.namespace().getBytes(StandardCharsets.UTF_8));
            putWithLength(out, name.localName().getBytes(StandardCharsets.UTF_8));
            putWithLength(out, value);
        });
        return out.array();
    }

    /** Empty for anything {@link #encode()} did not write: a damaged record, or one of a newer version. */
    static Optional<DeadPropertyRecord> decode(byte[] encoded) {
        ByteBuffer in = ByteBuffer.wrap(encoded);
        try {
            byte[] magic = new byte[MAGIC.length];
            in.get(magic);
            if (!Arrays.equals(magic, MAGIC) || in.get() != VERSION) {
                return Optional.empty();
            }
            int count = in.getInt();
            if (count < 0) {
                return Optional.empty();
            }
            Map<PropertyName, byte[]> properties = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                String namespace = utf8(lengthPrefixed(in));
                String localName = utf8(lengthPrefixed(in));
                if (localName.isEmpty() || properties.put(new PropertyName(namespace, localName),
                        lengthPrefixed(in)) != null) {
                    return Optional.empty();
                }
            }
            return in.hasRemaining() ? Optional.empty() : Optional.of(new DeadPropertyRecord(properties));
        } catch (BufferUnderflowException | IllegalArgumentException | CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private static int encodedSize(Map<PropertyName, byte[]> properties) {
        int bytes = HEADER_BYTES;
        for (Map.Entry<PropertyName, byte[]> entry : properties.entrySet()) {
            bytes += sizeOf(entry.getKey(), entry.getValue());
        }
        return bytes;
    }

    private static int sizeOf(PropertyName name, byte[] value) {
        return LENGTH_BYTES_PER_PROPERTY + name.namespace().getBytes(StandardCharsets.UTF_8).length
                + name.localName().getBytes(StandardCharsets.UTF_8).length + value.length;
    }

    private static void putWithLength(ByteBuffer out, byte[] bytes) {
        out.putInt(bytes.length).put(bytes);
    }

    private static byte[] lengthPrefixed(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("length " + length + " beyond the record");
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return bytes;
    }

    private static String utf8(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    }
}
