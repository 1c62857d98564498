package dev.agentwatch.schema.registry;

import java.net.URI;
import java.net.URISyntaxException;

/** URL helpers that keep credentials out of requests' targets and out of messages. */
final class Urls {

    private Urls() {}

    /** The URL without its userinfo part. */
    static URI withoutUserInfo(URI url) {
        if (url.getRawUserInfo() == null) {
            return url;
        }
        try {
            return new URI(url.getScheme(), null, url.getHost(), url.getPort(), url.getPath(), url.getQuery(),
                    url.getFragment());
        } catch (URISyntaxException e) {
            // Cannot happen: the parts come from a valid URI.
            throw new IllegalArgumentException("cannot strip userinfo from a URL", e);
        }
    }

    /** Best-effort removal of userinfo from text that may not even parse as a URL. */
    static String withoutUserInfoText(String url) {
        return url.replaceAll("(?<=://)[^/@]*@", "");
    }

    /** Percent-encodes one path segment (a subject name may hold any character). */
    static String pathSegment(String raw) {
        StringBuilder out = new StringBuilder(raw.length() + 8);
        for (byte b : raw.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~';
            if (unreserved) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
