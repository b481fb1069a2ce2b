package org.gridgate.gateway;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * BOINC's requests to an upload URL, byte for byte as Debian's boinc-client 7.20.5 sends them (captured on the wire;
 * client/file_xfer.cpp), and a reader of the door's {@code <data_server_reply>}.
 */
final class BoincWire {

    static final String VERSION = "    <core_client_major_version>7</core_client_major_version>\n"
            + "    <core_client_minor_version>20</core_client_minor_version>\n"
            + "    <core_client_release>5</core_client_release>\n";

    private BoincWire() {
    }

    static String sizeQuery() {
        return "<data_server_request>\n" + VERSION + "    <get_file_size>result_out_0</get_file_size>\n"
                + "</data_server_request>\n";
    }

    /** The envelope of a file upload, up to and including its {@code <data>} line. */
    static String uploadEnvelope(long nbytes, String md5, long offset, long maxNbytes) {
        return "<data_server_request>\n" + VERSION + "<file_upload>\n<file_info>\n<name>result_out_0</name>\n"
                + "<xml_signature>\n</xml_signature>\n<max_nbytes>" + maxNbytes + "</max_nbytes>\n</file_info>\n"
                + "<nbytes>" + nbytes + "</nbytes>\n<md5_cksum>" + md5 + "</md5_cksum>\n<offset>" + offset
                + "</offset>\n<data>\n";
    }

    /** Envelope and the file's bytes from {@code offset}. */
    static byte[] upload(byte[] file, long offset) throws Exception {
        return concat(uploadEnvelope(file.length, md5(file), offset, 1_000_000_000L)
                .getBytes(StandardCharsets.US_ASCII), java.util.Arrays.copyOfRange(file, (int) offset, file.length));
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    static String md5(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    }

    /** The head a BOINC client sends (its libcurl labels the body as a form), for a body of {@code length}. */
    static String head(String target, long length, String... extra) {
        StringBuilder head = new StringBuilder("POST " + target + " HTTP/1.1\r\nHost: localhost\r\n"
                + "User-Agent: BOINC client (x86_64-pc-linux-gnu 7.20.5)\r\nAccept: */*\r\n"
                + "Content-Length: " + length + "\r\nContent-Type: application/x-www-form-urlencoded\r\n");
        for (String header : extra) {
            head.append(header).append("\r\n");
        }
        return head.append("\r\n").toString();
    }

    /** A response: its status, headers (lower-case names) and body. */
    record Response(int status, Map<String, String> headers, String body) {

        /** The BOINC status in the body; fails the test if there is none. */
        int boincStatus() {
            return Integer.parseInt(element("status"));
        }

        long fileSize() {
            return Long.parseLong(element("file_size"));
        }

        String message() {
            return element("message");
        }

        String element(String tag) {
            Matcher m = Pattern.compile("<" + tag + ">(.*?)</" + tag + ">", Pattern.DOTALL).matcher(body);
            if (!m.find()) {
                throw new AssertionError("no <" + tag + "> in " + body);
            }
            return m.group(1).trim();
        }
    }

    /** One connection, for requests one after the other. */
    static final class Connection implements AutoCloseable {
        private final SSLSocket socket;

        Connection(SSLContext context, int port) throws Exception {
            socket = (SSLSocket) context.getSocketFactory().createSocket("localhost", port);
            socket.setSoTimeout(15_000);
        }

        void send(byte[] bytes) throws Exception {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
        }

        void send(String text) throws Exception {
            send(text.getBytes(StandardCharsets.ISO_8859_1));
        }

        Response post(String target, byte[] body, String... extra) throws Exception {
            send(head(target, body.length, extra));
            send(body);
            return read();
        }

        Response read() throws Exception {
            InputStream in = socket.getInputStream();
            String statusLine = RawHttps.line(in);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String header = RawHttps.line(in); !header.isEmpty(); header = RawHttps.line(in)) {
                int colon = header.indexOf(':');
                headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        header.substring(colon + 1).trim());
            }
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            byte[] body = in.readNBytes(length);
            return new Response(Integer.parseInt(statusLine.split(" ")[1]), headers,
                    new String(body, StandardCharsets.UTF_8));
        }

        @Override
        public void close() throws Exception {
            socket.close();
        }
    }

    /** One request on a connection of its own. */
    static Response post(SSLContext context, int port, String target, byte[] body, String... extra)
            throws Exception {
        try (Connection connection = new Connection(context, port)) {
            return connection.post(target, body, extra);
        }
    }
}
