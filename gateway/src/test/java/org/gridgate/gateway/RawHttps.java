package org.gridgate.gateway;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
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
            String statusLine = line(in);
            lastHeaders.clear();
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
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

        @Override
        public void close() throws Exception {
            socket.close();
        }
    }

    /**
     * One line of a response head, without its CR LF, for every test that reads the door's answers byte by byte.
     *
     * @throws EOFException when the door closed the connection before the line began
     */
    static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
        }
        if (b == -1 && line.size() == 0) {
            throw new EOFException("the door closed the connection");
        }
        return line.toString(StandardCharsets.ISO_8859_1);
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
            return Integer.parseInt(line(socket.getInputStream()).split(" ")[1]);
        }
    }
}
