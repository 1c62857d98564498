package dev.agentwatch.gateway.http;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * Reads a request body whole, at most {@code maxBytes} after decompression ({@code Content-Encoding: gzip}, which
 * OTLP exporters may use): a declared length over the limit is refused before a byte is read, and a body that
 * grows past it while being read is refused as soon as it does.
 */
final class Body {

    static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        TooLargeException(String message) {
            super(message);
        }
    }

    static final class UnsupportedEncodingException extends IOException {
        private static final long serialVersionUID = 1L;

        UnsupportedEncodingException(String message) {
            super(message);
        }
    }

    private Body() {
    }

    static byte[] read(Request request, int maxBytes) throws IOException {
        long declared = request.getLength();
        String encoding = request.getHeaders().get(HttpHeader.CONTENT_ENCODING);
        boolean gzip = encoding != null && encoding.strip().equalsIgnoreCase("gzip");
        if (encoding != null && !gzip && !encoding.strip().equalsIgnoreCase("identity")) {
            throw new UnsupportedEncodingException("Content-Encoding '" + encoding + "' is not supported; use gzip or none");
        }
        if (declared > maxBytes) {
            throw tooLarge(declared, maxBytes);
        }
        InputStream in = Content.Source.asInputStream(request);
        if (gzip) {
            in = new GZIPInputStream(in, 8192);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 && !gzip ? (int) declared : 8192);
        byte[] buf = new byte[8192];
        int n;
        long total = 0;
        while ((n = in.read(buf)) >= 0) {
            total += n;
            if (total > maxBytes) {
                throw tooLarge(total, maxBytes);
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    /**
     * Reads and drops what is left of a body that will not be taken, up to {@code capBytes}, before a refusal is
     * answered: closing a connection with unread bytes in it resets it, and the client would lose the answer.
     */
    static void discard(Request request, long capBytes) {
        try {
            InputStream in = Content.Source.asInputStream(request);
            byte[] buf = new byte[8192];
            long total = 0;
            int n;
            while (total < capBytes && (n = in.read(buf)) >= 0) {
                total += n;
            }
        } catch (IOException | RuntimeException gone) {
            // the client has gone or the body is broken: the answer is all that is left to try
        }
    }

    private static TooLargeException tooLarge(long bytes, int max) {
        return new TooLargeException("the body is " + (bytes > max ? "over " + max : bytes) + " bytes; at most " + max
                + " bytes per request (split the batch)");
    }
}
