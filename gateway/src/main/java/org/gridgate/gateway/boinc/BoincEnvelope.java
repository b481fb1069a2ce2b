package org.gridgate.gateway.boinc;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import org.gridgate.gateway.refusal.MalformedRequestException;

/**
 * The {@code <data_server_request>} a BOINC client sends to an upload URL (client/file_xfer.cpp): either a size
 * query, {@code <get_file_size>NAME</get_file_size>}, or a {@code <file_upload>} whose envelope ends in a line
 * {@code <data>} after which the file's bytes follow, raw, from {@code <offset>}. The envelope is not well-formed XML
 * (the bytes follow unclosed elements), so, as BOINC's own sched/file_upload_handler.cpp does, it is read element by
 * element: each one the door uses must appear once, with a value of the right form. {@code <xml_signature>} is
 * skipped whole: the macaroon, not BOINC's project key, is the authority here. The file's {@code <name>} is ignored
 * too: the URL names where the file goes.
 */
public sealed interface BoincEnvelope {

    /** What every BOINC request body starts with; a POST body that does not is not BOINC's. */
    String START = "<data_server_request>";
    /** What ends a file upload's envelope; the file's bytes follow the newline after it. */
    String DATA = "<data>";
    /** BOINC's envelopes are a few hundred bytes; a project's {@code <xml_signature>} adds about 300. */
    int MAX_BYTES = 64 * 1024;

    /** {@code <get_file_size>}: how many bytes are staged. */
    record SizeQuery() implements BoincEnvelope {
    }

    /**
     * {@code <file_upload>}: {@code nbytes} in all, of which the bytes from {@code offset} follow the envelope.
     *
     * @param maxBytes the file's {@code <max_nbytes>}, if it set one (0 means none, as in BOINC)
     * @param md5      lower-case hex
     */
    record FileUpload(long nbytes, long offset, String md5, OptionalLong maxBytes) implements BoincEnvelope {
    }

    /** Whether {@code start} (the first bytes of a body, maybe fewer than {@link #START}) may begin an envelope. */
    static boolean mayStart(byte[] start, int length) {
        byte[] expected = START.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < Math.min(length, expected.length); i++) {
            if (start[i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Where the file's bytes start in {@code body}: after the newline that ends the first {@code <data>} line (at or
     * after {@code from}); -1 while that line has not arrived.
     */
    static int dataStart(byte[] body, int length, int from) {
        byte[] marker = DATA.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = from; i + marker.length < length; i++) {
            for (int j = 0; j < marker.length; j++) {
                if (body[i + j] != marker[j]) {
                    continue outer;
                }
            }
            int after = i + marker.length;
            if (body[after] == '\n') {
                return after + 1;
            }
            if (body[after] == '\r' && after + 1 < length && body[after + 1] == '\n') {
                return after + 2;
            }
        }
        return -1;
    }

    Pattern SIGNATURE = Pattern.compile("<xml_signature>.*?</xml_signature>", Pattern.DOTALL);
    Pattern MD5 = Pattern.compile("[0-9a-fA-F]{32}");

    /**
     * Parses an envelope: the whole body of a size query, or a file upload's up to (not including) its data.
     *
     * @throws MalformedRequestException for anything else, saying what was wrong
     */
    static BoincEnvelope parse(String text) throws MalformedRequestException {
        if (!text.startsWith(START)) {
            throw new MalformedRequestException("Not a BOINC request: the body must start with " + START);
        }
        String body = SIGNATURE.matcher(text).replaceAll("");
        if (body.contains("<xml_signature>")) {
            throw new MalformedRequestException("Unterminated <xml_signature>");
        }
        boolean upload = body.contains("<file_upload>");
        boolean sizeQuery = body.contains("<get_file_size>");
        if (upload == sizeQuery) {
            throw new MalformedRequestException(
                    "A BOINC request must hold exactly one of <file_upload> and <get_file_size>");
        }
        if (sizeQuery) {
            element(body, "get_file_size").orElseThrow(() -> missing("get_file_size"));
            return new SizeQuery();
        }
        long nbytes = count(body, "nbytes").orElseThrow(() -> missing("nbytes"));
        long offset = count(body, "offset").orElseThrow(() -> missing("offset"));
        String md5 = element(body, "md5_cksum").orElseThrow(() -> missing("md5_cksum"));
        if (!MD5.matcher(md5).matches()) {
            throw new MalformedRequestException("<md5_cksum> must be 32 hexadecimal digits");
        }
        OptionalLong maxBytes = count(body, "max_nbytes");
        if (offset > nbytes) {
            throw new MalformedRequestException("<offset> " + offset + " is beyond <nbytes> " + nbytes);
        }
        return new FileUpload(nbytes, offset, md5.toLowerCase(Locale.ROOT),
                maxBytes.isPresent() && maxBytes.getAsLong() > 0 ? maxBytes : OptionalLong.empty());
    }

    private static MalformedRequestException missing(String tag) {
        return new MalformedRequestException("The BOINC request has no <" + tag + ">");
    }

    /** The trimmed text of the one element {@code tag}; empty if absent; refused if there are two. */
    private static Optional<String> element(String text, String tag) throws MalformedRequestException {
        String open = "<" + tag + ">";
        String close = "</" + tag + ">";
        int start = text.indexOf(open);
        if (start < 0) {
            return Optional.empty();
        }
        int end = text.indexOf(close, start + open.length());
        if (end < 0) {
            throw new MalformedRequestException("Unterminated " + open);
        }
        if (text.indexOf(open, end) >= 0) {
            throw new MalformedRequestException("More than one " + open);
        }
        String value = text.substring(start + open.length(), end).trim();
        if (value.indexOf('<') >= 0) {
            throw new MalformedRequestException(open + " must hold text only");
        }
        return Optional.of(value);
    }

    /**
     * A byte count: BOINC writes them with {@code %.0f}, so a whole number, perhaps in a double's notation
     * ({@code 1e+09}, {@code 20000.000000}); never negative.
     */
    private static OptionalLong count(String text, String tag) throws MalformedRequestException {
        Optional<String> value = element(text, tag);
        if (value.isEmpty()) {
            return OptionalLong.empty();
        }
        if (value.get().length() > 40) {
            throw new MalformedRequestException("<" + tag + "> must be a whole number of bytes");
        }
        try {
            BigDecimal number = new BigDecimal(value.get());
            if (number.signum() < 0) {
                throw new MalformedRequestException("<" + tag + "> must not be negative");
            }
            return OptionalLong.of(number.longValueExact());
        } catch (NumberFormatException | ArithmeticException e) {
            throw new MalformedRequestException("<" + tag + "> must be a whole number of bytes");
        }
    }
}
