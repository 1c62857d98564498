package dev.agentwatch.http;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard's files through the real HTTP server: redirects, types, the WebJar, refused and unknown paths. */
class DashboardAssetsTest {

    private static HttpApi api;
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() throws IOException {
        api = new HttpApi("127.0.0.1", 0);
        new DashboardAssets().register(api);
        api.start();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void theRootAndTheBareFolderRedirectToTheDashboard() throws Exception {
        for (String path : new String[] {"/", "/dashboard"}) {
            HttpResponse<String> r = get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(302);
            assertThat(r.headers().firstValue("Location")).as(path).contains("/dashboard/");
        }
    }

    @Test
    void thePageItsScriptsAndTheChartLibraryAreServedWithTheirTypes() throws Exception {
        HttpResponse<String> index = get("/dashboard/");
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
        assertThat(index.body()).contains("<table id=\"fleet\"", "vendor/uplot/uPlot.iife.min.js", "dashboard.js");
        assertThat(get("/dashboard/index.html").body()).isEqualTo(index.body());

        HttpResponse<String> js = get("/dashboard/dashboard.js");
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.headers().firstValue("Content-Type")).contains("text/javascript; charset=utf-8");
        assertThat(js.body()).contains("/api/agents", "/api/alerts");

        assertThat(get("/dashboard/dashboard.css").headers().firstValue("Content-Type")).contains("text/css; charset=utf-8");

        HttpResponse<String> uplot = get("/dashboard/vendor/uplot/uPlot.iife.min.js");
        assertThat(uplot.statusCode()).isEqualTo(200);
        assertThat(uplot.headers().firstValue("Content-Type")).contains("text/javascript; charset=utf-8");
        assertThat(uplot.body()).contains("uPlot");
        assertThat(get("/dashboard/vendor/uplot/uPlot.min.css").statusCode()).isEqualTo(200);
        HttpResponse<String> head = HTTP.send(HttpRequest.newBuilder(uri("/dashboard/dashboard.js"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
    }

    @Test
    void unknownAssetsAre404() throws Exception {
        for (String path : new String[] {"/dashboard/nope.js", "/dashboard/vendor/uplot/nope.js", "/dashboard/vendor/uplot/LICENSE",
                "/dashboard/vendor/uplot/uPlot.d.ts", "/dashboard/README", "/favicon.ico", "/dashboard/vendor/"}) {
            assertThat(get(path).statusCode()).as(path).isEqualTo(404);
        }
    }

    @Test
    void pathsThatClimbOutAreRefused() throws Exception {
        // Sent raw: clients normalise "..", a hostile one need not.
        for (String path : new String[] {"/dashboard/../../pom.xml", "/dashboard/%2e%2e/log4j2.xml", "/dashboard/vendor/uplot/../../../../../MANIFEST.MF",
                "/dashboard/./index.html", "/dashboard//index.html", "/dashboard/..%5c..%5clog4j2.xml"}) {
            assertThat(rawStatus(path)).as(path).isEqualTo(400);
        }
        assertThat(DashboardAssets.safe("a/b.js")).isTrue();
        assertThat(DashboardAssets.safe("../a.js")).isFalse();
        assertThat(DashboardAssets.safe("a/..")).isFalse();
        assertThat(DashboardAssets.safe("/etc/passwd")).isFalse();
        assertThat(DashboardAssets.safe("c:/x.js")).isFalse();
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + api.port() + path);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The status line's code for a request line written byte for byte. */
    private static int rawStatus(String path) throws IOException {
        try (Socket s = new Socket("127.0.0.1", api.port())) {
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String status = new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            return Integer.parseInt(status.substring(9, 12));
        }
    }
}
