package org.gridgate.gateway;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * Sends bytes exactly as written over TLS, for requests no well-behaved client library would send (encoded dots,
 * raw {@code ..}): HTTP libraries normalise such paths before they ever reach the door.
 */
final class RawHttps {

    private RawHttps() {
    }

    /**
     * An open connection on which a test writes a request head, reads interim answers, and decides whether and
     * how much of the body to send.
     */
    static final class Connection implements AutoCloseable {
        private final SSLSocket socket;
        private final List<String> lastHeaders = new ArrayList<>();

        Connection(SSLContext context, int port) throws Exception {
            socket = (SSLSocket) context.getSocketFactory().createSocket("localhost", port);
            socket.setSoTimeout(10_000);
        }

        void send(String text) throws Exception {
            socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
        }

        void send(byte[] bytes) throws Exception {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
        }

        /** Reads one response head (status line and headers) and returns its status code. */
        int readStatus() throws Exception {
            InputStream in = socket.getInputStream();
            String statusLine = readLine(in);
            lastHeaders.clear();
            for (String header = readLine(in); !header.isEmpty(); header = readLine(in)) {
                lastHeaders.add(header.toLowerCase(Locale.ROOT));
            }
            return Integer.parseInt(statusLine.split(" ")[1]);
        }

        /** The headers of the response head last read by {@link #readStatus}, in lower case. */
        List<String> lastHeaders() {
            return List.copyOf(lastHeaders);
        }

        /** Whether the door has closed the connection: nothing more to read (after any pending bytes). */
        boolean closedByDoor() throws Exception {
            try {
                return socket.getInputStream().read() == -1;
            } catch (java.net.SocketException e) {
                return true;
            }
        }

        private static String readLine(InputStream in) throws Exception {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.ISO_8859_1);
        }

        @Override
        public void close() throws Exception {
            socket.close();
        }
    }

    /** Sends one request with {@code Connection: close} and returns the status code. */
    static int status(SSLContext context, int port, String method, String rawTarget, String... headers)
            throws Exception {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("localhost", port)) {
            socket.setSoTimeout(10_000);
            StringBuilder request = new StringBuilder(method + " " + rawTarget + " HTTP/1.1\r\n"
                    + "Host: localhost:" + port + "\r\nConnection: close\r\n");
            for (String header : headers) {
                request.append(header).append("\r\n");
            }
            request.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                head.write(b);
            }
            String statusLine = head.toString(StandardCharsets.ISO_8859_1);
            return Integer.parseInt(statusLine.split(" ")[1]);
        }
    }
}
