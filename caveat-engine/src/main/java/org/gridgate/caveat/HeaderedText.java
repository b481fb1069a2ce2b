package org.gridgate.caveat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The shape of the door's own text files (the secrets file, the revocation list): blank lines and {@code #} comments
 * anywhere, a first line naming the format and its version, then one record per line.
 */
final class HeaderedText {

    private HeaderedText() {
    }

    /** A record line, stripped, with its line number for error messages. */
    record Line(int number, String text) {
    }

    /** Makes the error for {@code what} is wrong on line {@code line}, naming the file or store. */
    @FunctionalInterface
    interface LineError {
        IOException at(int line, String what);
    }

    /** The record lines after {@code header}; a first line that is not the header is an error. */
    static List<Line> records(List<String> lines, String header, LineError error) throws IOException {
        List<Line> records = new ArrayList<>();
        boolean headerSeen = false;
        for (int n = 1; n <= lines.size(); n++) {
            String line = lines.get(n - 1).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (!headerSeen) {
                if (!line.equals(header)) {
                    throw error.at(n, "expected '" + header + "'");
                }
                headerSeen = true;
                continue;
            }
            records.add(new Line(n, line));
        }
        return records;
    }
}
