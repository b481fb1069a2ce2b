import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A small bounded HTTPS load generator for bench/run-peers.sh, JDK only, run as a single-file program:
 *
 * <pre>
 * java bench/HttpsLoad.java --url https://localhost:28443/bench/ --method POST \
 *      --content-type application/macaroon-request --body '{"caveats":["activity:DOWNLOAD"]}' \
 *      --cert D/user-proxy.pem --ca D/ca/ca.pem --threads 4 --seconds 10 [--max 200000] [--new-connection]
 * </pre>
 *
 * It exists because wrk cannot present a client certificate (an RFC 3820 proxy here): --cert takes a PEM file
 * holding the certificate chain and an unencrypted PKCS#8 key (the layout of a grid proxy file). Each thread runs
 * requests back to back on one keep-alive connection, or with --new-connection a fresh TCP+TLS connection and a
 * full handshake (session invalidated, no resumption) per request, which is what one curl process per mint costs.
 * The run stops by itself after --seconds or --max requests, whichever comes first; --warmup seconds run first
 * and are not counted. Output: one line of key=value pairs.
 */
public final class HttpsLoad {

    public static void main(String[] args) throws Exception {
        Map<String, List<String>> opts = parse(args);
        URI url = URI.create(one(opts, "url", null));
        String method = one(opts, "method", "GET").toUpperCase(Locale.ROOT);
        String body = one(opts, "body", null);
        String contentType = one(opts, "content-type", null);
        int threads = Integer.parseInt(one(opts, "threads", "1"));
        double seconds = Double.parseDouble(one(opts, "seconds", "10"));
        double warmup = Double.parseDouble(one(opts, "warmup", "0"));
        long max = Long.parseLong(one(opts, "max", "1000000"));
        boolean newConnection = opts.containsKey("new-connection");
        List<String> headers = opts.getOrDefault("header", List.of());

        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keyManagers(one(opts, "cert", null)), trustManagers(one(opts, "ca", null)), null);
        tls.getClientSessionContext().setSessionCacheSize(newConnection ? 1 : 0);

        String host = url.getHost();
        int port = url.getPort() < 0 ? 443 : url.getPort();
        String target = url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        byte[] bodyBytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder();
        head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        head.append("Host: ").append(host).append(':').append(port).append("\r\n");
        head.append("User-Agent: gridgate-bench-HttpsLoad\r\n");
        for (String h : headers) {
            head.append(h).append("\r\n");
        }
        if (contentType != null) {
            head.append("Content-Type: ").append(contentType).append("\r\n");
        }
        if (body != null || method.equals("POST") || method.equals("PUT")) {
            head.append("Content-Length: ").append(bodyBytes.length).append("\r\n");
        }
        head.append("\r\n");
        byte[] request = concat(head.toString().getBytes(StandardCharsets.ISO_8859_1), bodyBytes);

        long warmupRequests = 0;
        if (warmup > 0) {
            warmupRequests = run(tls, host, port, request, method, threads, warmup, max, newConnection).total();
        }
        Result result = run(tls, host, port, request, method, threads, seconds, max, newConnection);
        long[] lat = result.latenciesNanos;
        Arrays.sort(lat);
        double rps = result.ok / result.elapsedSeconds;
        System.out.printf(Locale.ROOT,
                "requests=%d ok=%d errors=%d seconds=%.2f rps=%.1f p50_ms=%.2f p99_ms=%.2f threads=%d new_connection=%s warmup_requests=%d statuses=%s%n",
                result.total(), result.ok, result.errors.get(), result.elapsedSeconds, rps,
                pct(lat, 0.50) / 1e6, pct(lat, 0.99) / 1e6, threads, newConnection, warmupRequests, result.statuses);
        if (result.firstError != null) {
            System.out.println("first_error=" + result.firstError.replaceAll("\\s+", " "));
        }
        System.exit(result.ok > 0 ? 0 : 1);
    }

    private record Result(long ok, AtomicLong errors, double elapsedSeconds, long[] latenciesNanos,
                          Map<Integer, Long> statuses, String firstError) {
        long total() {
            return ok + errors.get();
        }
    }

    private static Result run(SSLContext tls, String host, int port, byte[] request, String method, int threads,
                              double seconds, long max, boolean newConnection) throws InterruptedException {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        AtomicLong budget = new AtomicLong(max);
        AtomicLong errors = new AtomicLong();
        Map<Integer, Long> statuses = new ConcurrentHashMap<>();
        List<long[]> perThread = new ArrayList<>();
        long[] counts = new long[threads];
        String[] firstError = new String[1];
        Thread[] workers = new Thread[threads];
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            long[] lat = new long[(int) Math.min(max, 4_000_000L)];
            perThread.add(lat);
            int index = t;
            workers[t] = new Thread(() -> {
                SSLSocket socket = null;
                InputStream in = null;
                OutputStream out = null;
                int n = 0;
                while (System.nanoTime() < deadline && budget.getAndDecrement() > 0) {
                    long t0 = System.nanoTime();
                    try {
                        if (socket == null) {
                            socket = connect(tls, host, port);
                            in = new BufferedInputStream(socket.getInputStream(), 65536);
                            out = socket.getOutputStream();
                        }
                        out.write(request);
                        out.flush();
                        Response r = readResponse(in, method.equals("HEAD"));
                        statuses.merge(r.status, 1L, Long::sum);
                        if (r.status >= 200 && r.status < 300) {
                            if (n < lat.length) {
                                lat[n++] = System.nanoTime() - t0;
                            }
                        } else {
                            errors.incrementAndGet();
                            synchronized (firstError) {
                                if (firstError[0] == null) {
                                    firstError[0] = "HTTP " + r.status + " " + r.body;
                                }
                            }
                        }
                        if (newConnection || r.close) {
                            if (newConnection) {
                                socket.getSession().invalidate();
                            }
                            socket.close();
                            socket = null;
                        }
                    } catch (IOException | RuntimeException e) {
                        errors.incrementAndGet();
                        synchronized (firstError) {
                            if (firstError[0] == null) {
                                firstError[0] = e.toString();
                            }
                        }
                        closeQuietly(socket);
                        socket = null;
                    }
                }
                closeQuietly(socket);
                counts[index] = n;
            }, "load-" + t);
            workers[t].start();
        }
        for (Thread w : workers) {
            w.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long ok = 0;
        for (long c : counts) {
            ok += c;
        }
        long[] all = new long[(int) Math.min(ok, Integer.MAX_VALUE - 8)];
        int k = 0;
        for (int t = 0; t < threads; t++) {
            long[] lat = perThread.get(t);
            int c = (int) Math.min(counts[t], lat.length);
            System.arraycopy(lat, 0, all, k, Math.min(c, all.length - k));
            k += c;
        }
        return new Result(ok, errors, elapsed, Arrays.copyOf(all, Math.min(k, all.length)),
                new TreeMap<>(statuses), firstError[0]);
    }

    private static SSLSocket connect(SSLContext tls, String host, int port) throws IOException {
        Socket plain = new Socket();
        plain.setTcpNoDelay(true); // see tls-proxies-and-macaroons.md §5: without it TLS 1.2 handshakes stall on Nagle
        plain.connect(new InetSocketAddress(host, port), 10_000);
        plain.setSoTimeout(60_000);
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(plain, host, port, true);
        SSLParameters params = socket.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(params);
        socket.startHandshake();
        return socket;
    }

    private record Response(int status, boolean close, String body) {
    }

    private static Response readResponse(InputStream in, boolean head) throws IOException {
        String statusLine = line(in);
        while (statusLine.isEmpty()) {
            statusLine = line(in);
        }
        String[] parts = statusLine.split(" ", 3);
        int status = Integer.parseInt(parts[1]);
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        for (String h = line(in); !h.isEmpty(); h = line(in)) {
            int colon = h.indexOf(':');
            String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = h.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> close = value.equalsIgnoreCase("close");
                default -> { }
            }
        }
        if (status == 100) {
            return readResponse(in, head);
        }
        ByteArrayOutputStream keep = new ByteArrayOutputStream();
        if (head || status == 204 || status == 304) {
            return new Response(status, close, "");
        }
        if (chunked) {
            for (long size = Long.parseLong(line(in).split(";")[0].trim(), 16); size > 0;
                 size = Long.parseLong(line(in).split(";")[0].trim(), 16)) {
                skip(in, size, keep);
                line(in);
            }
            for (String trailer = line(in); !trailer.isEmpty(); trailer = line(in)) {
                // ignore trailers
            }
        } else if (length >= 0) {
            skip(in, length, keep);
        } else {
            close = true;
            skip(in, Long.MAX_VALUE, keep);
        }
        return new Response(status, close, keep.size() > 200 ? keep.toString(StandardCharsets.UTF_8).substring(0, 200)
                : keep.toString(StandardCharsets.UTF_8));
    }

    /** Reads and drops n body bytes (Long.MAX_VALUE: until EOF), keeping the first 512 for error messages. */
    private static void skip(InputStream in, long n, ByteArrayOutputStream keep) throws IOException {
        byte[] buffer = new byte[1 << 16];
        boolean untilEof = n == Long.MAX_VALUE;
        while (n > 0) {
            int r = in.read(buffer, 0, (int) Math.min(buffer.length, n));
            if (r < 0) {
                if (untilEof) {
                    return;
                }
                throw new EOFException("body ended early");
            }
            if (keep.size() < 512) {
                keep.write(buffer, 0, Math.min(r, 512 - keep.size()));
            }
            n -= r;
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EOFException("connection closed");
            }
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    // ---- credentials -------------------------------------------------------------------------------------------

    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)-----END \\1-----");

    private static KeyManager[] keyManagers(String pemFile) throws Exception {
        if (pemFile == null) {
            return null;
        }
        String text = Files.readString(Path.of(pemFile), StandardCharsets.US_ASCII);
        List<X509Certificate> chain = new ArrayList<>();
        PrivateKey key = null;
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        Matcher m = PEM.matcher(text);
        while (m.find()) {
            byte[] der = Base64.getMimeDecoder().decode(m.group(2));
            switch (m.group(1)) {
                case "CERTIFICATE" -> chain.add((X509Certificate) cf.generateCertificate(
                        new java.io.ByteArrayInputStream(der)));
                case "PRIVATE KEY" -> {
                    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
                    try {
                        key = KeyFactory.getInstance("RSA").generatePrivate(spec);
                    } catch (java.security.spec.InvalidKeySpecException e) {
                        key = KeyFactory.getInstance("EC").generatePrivate(spec);
                    }
                }
                default -> throw new IllegalArgumentException(pemFile + ": unsupported PEM block " + m.group(1)
                        + " (convert the key to PKCS#8: openssl pkcs8 -topk8 -nocrypt)");
            }
        }
        if (key == null || chain.isEmpty()) {
            throw new IllegalArgumentException(pemFile + ": needs a certificate chain and a PKCS#8 private key");
        }
        X509Certificate[] certs = chain.toArray(new X509Certificate[0]);
        PrivateKey privateKey = key;
        // Always offer this one chain: the JDK's default key manager would skip a proxy whose issuer (the user
        // certificate) is not among the CAs the server names.
        return new KeyManager[] {new X509ExtendedKeyManager() {
            @Override
            public String[] getClientAliases(String keyType, Principal[] issuers) {
                return new String[] {"proxy"};
            }

            @Override
            public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
                return "proxy";
            }

            @Override
            public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
                return "proxy";
            }

            @Override
            public String[] getServerAliases(String keyType, Principal[] issuers) {
                return null;
            }

            @Override
            public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
                return null;
            }

            @Override
            public X509Certificate[] getCertificateChain(String alias) {
                return certs;
            }

            @Override
            public PrivateKey getPrivateKey(String alias) {
                return privateKey;
            }
        }};
    }

    private static TrustManager[] trustManagers(String caFile) throws Exception {
        if (caFile == null) {
            return null; // the JDK's default trust store
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        int i = 0;
        try (InputStream in = Files.newInputStream(Path.of(caFile))) {
            for (var cert : cf.generateCertificates(in)) {
                store.setCertificateEntry("ca" + i++, cert);
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        return tmf.getTrustManagers();
    }

    // ---- small helpers -------------------------------------------------------------------------------------------

    private static Map<String, List<String>> parse(String[] args) {
        Map<String, List<String>> opts = new TreeMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
            String name = args[i].substring(2);
            if (name.equals("new-connection")) {
                opts.computeIfAbsent(name, k -> new ArrayList<>()).add("true");
            } else {
                opts.computeIfAbsent(name, k -> new ArrayList<>()).add(args[++i]);
            }
        }
        return opts;
    }

    private static String one(Map<String, List<String>> opts, String name, String fallback) {
        List<String> values = opts.get(name);
        if (values == null) {
            if (fallback == null && name.equals("url")) {
                throw new IllegalArgumentException("--url is required");
            }
            return fallback;
        }
        return values.get(values.size() - 1);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1 < 0 ? 0
                : (int) Math.ceil(p * sorted.length) - 1)];
    }

    @SuppressWarnings("unused")
    private static String urlEncode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static void closeQuietly(Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }
}
