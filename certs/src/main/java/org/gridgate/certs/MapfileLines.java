package org.gridgate.certs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits grid-mapfile style lines into fields: fields are separated by blanks, a field with blanks is in double
 * quotes, {@code #} starts a comment line, blank lines are ignored.
 */
final class MapfileLines {
    private MapfileLines() {
    }

    /** The non-comment lines of {@code file}, each as its fields. */
    static List<List<String>> read(Path file) throws IOException {
        List<List<String>> lines = new ArrayList<>();
        int number = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            number++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            try {
                lines.add(fields(trimmed));
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ":" + number + ": " + e.getMessage(), e);
            }
        }
        return lines;
    }

    static List<String> fields(String line) {
        List<String> fields = new ArrayList<>();
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"') {
                int end = line.indexOf('"', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated quote");
                }
                fields.add(line.substring(i + 1, end));
                i = end + 1;
            } else {
                int end = i;
                while (end < line.length() && !Character.isWhitespace(line.charAt(end))) {
                    end++;
                }
                fields.add(line.substring(i, end));
                i = end;
            }
        }
        return fields;
    }
}
