package dev.agentwatch.http;

import dev.agentwatch.http.HttpApi.Request;
import dev.agentwatch.http.HttpApi.Response;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dashboard's files, from the classpath: {@code /} and {@code /dashboard} redirect to {@code /dashboard/}, which
 * is {@code dashboard/index.html}; {@code /dashboard/<file>} is {@code dashboard/<file>} of this jar, and
 * {@code /dashboard/vendor/uplot/<file>} is {@code <file>} of the uPlot WebJar's {@code dist/} folder (its version
 * read from the WebJar's own {@code pom.properties}, so the URL names none). Nothing is fetched from the network:
 * the page runs offline. A path with {@code ..}, {@code .}, an empty segment or a backslash is refused (400); a file
 * that is not there, or of a type not served, is 404.
 */
public final class DashboardAssets {

    public static final String PREFIX = "/dashboard/";
    private static final String VENDOR_UPLOT = "vendor/uplot/";
    private static final String UPLOT_POM = "META-INF/maven/org.webjars.npm/uplot/pom.properties";

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon");

    private final ClassLoader loader;
    private final String uplotRoot;
    /** Files found, kept once read (a few hundred KB); misses are not kept, so asking for names cannot grow it. */
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    public DashboardAssets() {
        this(DashboardAssets.class.getClassLoader());
    }

    DashboardAssets(ClassLoader loader) {
        this.loader = loader;
        this.uplotRoot = "META-INF/resources/webjars/uplot/" + webjarVersion(loader, UPLOT_POM) + "/dist/";
    }

    public void register(HttpApi api) {
        api.route("/", () -> Response.redirect(PREFIX));
        api.route("/dashboard", () -> Response.redirect(PREFIX));
        api.routeUnder(PREFIX, this::asset);
    }

    /** The answer for a path under {@link #PREFIX}. */
    Response asset(Request r) {
        String rest = r.path().substring(PREFIX.length());
        if (rest.isEmpty()) {
            rest = "index.html";
        }
        if (rest.endsWith("/") && safe(rest.substring(0, rest.length() - 1))) {
            return Response.json(404, "{\"error\":\"no such asset\"}"); // folders are not listed
        }
        if (!safe(rest)) {
            return Response.json(400, "{\"error\":\"bad asset path\"}");
        }
        String type = TYPES.get(extension(rest));
        String resource = rest.startsWith(VENDOR_UPLOT) ? uplotRoot + rest.substring(VENDOR_UPLOT.length()) : "dashboard/" + rest;
        Optional<byte[]> body = type == null ? Optional.empty() : cached(resource);
        return body.map(b -> new Response(200, type, b)).orElseGet(() -> Response.json(404, "{\"error\":\"no such asset\"}"));
    }

    /** Relative, every segment a plain name: no way out of the folder it is resolved in. */
    static boolean safe(String path) {
        if (path.startsWith("/") || path.indexOf('\\') >= 0 || path.indexOf('\0') >= 0 || path.indexOf(':') >= 0) {
            return false;
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }

    private static String extension(String path) {
        int slash = path.lastIndexOf('/');
        int dot = path.lastIndexOf('.');
        return dot > slash ? path.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
    }

    private Optional<byte[]> cached(String resource) {
        byte[] held = cache.get(resource);
        if (held != null) {
            return Optional.of(held);
        }
        Optional<byte[]> read = read(resource);
        read.ifPresent(b -> cache.put(resource, b));
        return read;
    }

    private Optional<byte[]> read(String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /** The version a WebJar was built as, from the pom.properties Maven put in it. */
    static String webjarVersion(ClassLoader loader, String pomProperties) {
        try (InputStream in = loader.getResourceAsStream(pomProperties)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard's chart library is not on the classpath (" + pomProperties + ")");
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version");
            if (v == null || v.isBlank() || !safe(v)) {
                throw new IllegalStateException("no usable version in " + pomProperties + ": " + v);
            }
            return v.strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pomProperties, e);
        }
    }
}
