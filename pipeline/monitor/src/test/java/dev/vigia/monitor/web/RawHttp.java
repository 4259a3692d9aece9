package dev.vigia.monitor.web;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One HTTP/1.1 exchange over a raw socket, so that no client library tidies the request line
 * ({@code ..} and its encodings reach the server as written) or the {@code Host} header.
 */
record RawHttp(String statusLine, String head, String body) {

    static RawHttp get(int port, String target, String... headers) throws Exception {
        return send(port, "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n", headers);
    }

    /** A request whose first lines (request line and Host, or their absence) the caller writes. */
    static RawHttp send(int port, String start, String... headers) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            StringBuilder request = new StringBuilder(start).append("Connection: close\r\n");
            for (String header : headers) {
                request.append(header).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            in.transferTo(response);
            String text = response.toString(StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            int firstLine = text.indexOf("\r\n");
            return new RawHttp(text.substring(0, firstLine), text.substring(firstLine + 2, split < 0 ? text.length() : split),
                    split < 0 ? "" : text.substring(split + 4));
        }
    }

    int status() {
        return Integer.parseInt(statusLine.split(" ")[1]);
    }

    /** A response header's value (the first of that name), or null. */
    String header(String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return line.substring(colon + 1).strip();
            }
        }
        return null;
    }
}
