package org.gridgate.storage;

import java.util.Objects;

/** One step of a dead-property update ({@link Storage#updateDeadProperties}): set a value, or remove it. */
public sealed interface PropertyChange permits PropertyChange.Set, PropertyChange.Remove {

    PropertyName name();

    /** Gives the property this value, replacing any it had. The value is opaque bytes (the gateway's XML). */
    record Set(PropertyName name, byte[] value) implements PropertyChange {
        public Set {
            Objects.requireNonNull(name, "name");
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }
    }

    /** Removes the property; removing one the resource does not have is no error (RFC 4918 §14.23). */
    record Remove(PropertyName name) implements PropertyChange {
        public Remove {
            Objects.requireNonNull(name, "name");
        }
    }
}
