package dev.agentwatch.cli.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentwatch.localcluster.junit.LocalKafka;
import dev.agentwatch.localcluster.junit.WithLocalKafka;
import dev.agentwatch.schema.MetricEvent;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in a real browser (issue 14): Debian's headless Chromium, driven by Selenium through Debian's
 * chromedriver, loads {@code /dashboard/} of a running streams app fed by the CLI's demo traffic (plus two labelled
 * agents with failures, for the error patterns and the label slice), reads the figures the page shows from its
 * {@code data-*} attributes and compares them, exactly, with {@code /api/agents}, {@code /api/agents/{id}} and
 * {@code /api/alerts} read at the same {@code as_of_ms}; screenshots go to {@code target/dashboard.png} and
 * {@code target/dashboard-agent.png}.
 */
@WithLocalKafka
class DashboardBrowserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<String> NUMBERS = List.of("request_rate", "token_burn_rate", "tokens_per_request",
            "avg_latency", "latency_p50", "latency_p95", "latency_p99", "error_rate", "cost_per_hour", "active_alerts");
    private static final String ENTERPRISE = "checkout-enterprise";
    private static final String SMB = "checkout-smb";
    private static final String INCIDENT = "demo-support-01";
    private static final int HISTORY_MINUTES = 12;

    @Test
    void theDashboardShowsWhatTheApiAnswers(LocalKafka kafka) throws Exception {
        long t0 = System.nanoTime();
        DebianTools.require("chromium", "chromium");
        DebianTools.require("chromedriver", "chromium-driver");
        // Event time must not follow the wall clock once the demo has stopped (windows would slide and empty).
        Processes p = new Processes(kafka, "dashboard", 2, Map.of("idle_advance_after: 1m", "idle_advance_after: 30m"));
        Process app = p.startStreamsApp("streams.log");
        Process demo = null;
        WebDriver driver = null;
        try {
            p.awaitHealthy(app, Duration.ofMinutes(2));
            System.out.printf("dashboard: streams app healthy %.1f s after the test began%n", secondsSince(t0));
            // The repository's rules (AgentTimeout: latency_p95 > 30000ms), applied while the history goes in.
            CompletableFuture<Processes.Result> rules = CompletableFuture.supplyAsync(() -> {
                try {
                    return p.cli("rules", "apply", Path.of("..", "config", "rules.yaml").toAbsolutePath().toString());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            int port = p.httpPort;
            String base = "http://127.0.0.1:" + port;
            driver = chrome();
            JavascriptExecutor js = (JavascriptExecutor) driver;
            // The checkout agents' last minutes, a minute of event time a second, so each minute is published.
            produceHistory(kafka, p, HISTORY_MINUTES);
            Processes.Result applied = rules.get(2, TimeUnit.MINUTES);
            assertThat(applied.exitCode()).as(applied.output()).isZero();
            System.out.printf("dashboard: rules applied, browser up, %d minutes of history sent %.1f s after the test began%n",
                    HISTORY_MINUTES, secondsSince(t0));
            // The demo's incident from its start: demo-support-01's calls take 35-45 s, AgentTimeout fires.
            demo = p.startCli("demo.log", "demo", "--duration", "30s", "--incident-after", "0s", "--incident-for", "10min");
            produceCurrentFailures(kafka, p);
            driver.get(base + "/");
            assertThat(driver.getCurrentUrl()).as("/ redirects to the dashboard").startsWith(base + "/dashboard/");
            js.executeScript("window.__loadedOnce = 'yes';");
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60), Duration.ofMillis(100));
            wait.until(d -> rows(js).size() >= 14);
            System.out.printf("dashboard: %d agents in the table %.1f s after the test began%n", rows(js).size(), secondsSince(t0));
            // Every demo agent's first slices closed: figures, not blanks, to compare.
            wait.until(d -> rows(js).stream().filter(r -> ((String) r.get("name")).startsWith("demo-"))
                    .allMatch(r -> !cells(r).get("latency_p95").isEmpty() && !cells(r).get("cost_per_hour").isEmpty()));

            // Live: the page refreshes itself (no reload) and shows newer snapshots while traffic flows.
            Map<String, Long> firstAsOf = asOfs(rows(js));
            int comparedLive = compareFleet(js, port, "while the demo runs");
            wait.until(d -> {
                Map<String, Long> now = asOfs(rows(js));
                return now.entrySet().stream().anyMatch(e -> firstAsOf.containsKey(e.getKey()) && e.getValue() > firstAsOf.get(e.getKey()));
            });
            assertThat(js.executeScript("return window.__loadedOnce;")).as("refreshed without reloading").isEqualTo("yes");
            assertThat(Integer.parseInt(body(driver).getAttribute("data-refreshes"))).isGreaterThan(1);

            // The incident's alert, with its evidence.
            wait.until(d -> !d.findElements(By.cssSelector("#alerts .alert[data-alert='AgentTimeout'][data-state='firing']")).isEmpty());
            assertThat(demo.waitFor(60, TimeUnit.SECONDS)).as("demo traffic stopped by itself").isTrue();
            assertThat(demo.exitValue()).as(p.log("demo.log")).isZero();
            System.out.printf("dashboard: demo traffic done %.1f s after the test began%n", secondsSince(t0));
            awaitRefreshes(driver, 2);

            int compared = compareFleet(js, port, "after the demo");
            assertThat(compared).isEqualTo(14);
            List<Map<String, String>> alertsShown = compareAlerts(js, port);
            compareModels(js, port);
            int patterns = compareErrorPatterns(js, port, "all agents");
            assertThat(body(driver).getAttribute("data-partial")).isEqualTo("false");
            assertThat(driver.findElement(By.id("partial")).isDisplayed()).isFalse();

            // Visible text, as a person reads it.
            WebElement incidentRow = driver.findElement(By.cssSelector("#fleet tr[data-agent='" + INCIDENT + "']"));
            assertThat(incidentRow.findElement(By.cssSelector("td[data-field='status']")).getText()).isEqualTo("firing");
            assertThat(incidentRow.findElement(By.cssSelector("td[data-field='latency_p95']")).getText()).endsWith(" s");

            // Sortable by burn rate, cost, p95 and error rate.
            for (String field : List.of("token_burn_rate", "cost_per_hour", "latency_p95", "error_rate")) {
                checkSorted(driver, js, field);
            }

            Path shot = screenshot(driver, "dashboard.png");

            // Slices: a label (customer segment) and a model, as /api/agents filters them.
            new Select(driver.findElement(By.id("filter-label"))).selectByValue("customer_segment=enterprise");
            assertThat(names(rows(js))).containsExactlyInAnyOrderElementsOf(
                    names(get(port, "/api/agents?label=" + encode("customer_segment=enterprise"))));
            assertThat(names(rows(js))).containsExactly(ENTERPRISE);
            int enterprisePatterns = compareErrorPatterns(js, port, "customer_segment=enterprise");
            new Select(driver.findElement(By.id("filter-label"))).selectByValue("");
            new Select(driver.findElement(By.id("filter-model"))).selectByValue("gpt-4o");
            List<String> gpt4o = names(get(port, "/api/agents?model=gpt-4o"));
            assertThat(names(rows(js))).containsExactlyInAnyOrderElementsOf(gpt4o).contains(SMB);
            compareErrorPatterns(js, port, "model gpt-4o");
            driver.findElement(By.id("filter-clear")).click();
            assertThat(rows(js)).hasSize(14);

            // Partial answers are said so, visibly (the API's answer is marked partial in the page's fetch).
            js.executeScript("""
                    const real = window.fetch;
                    window.__realFetch = real;
                    window.fetch = (url, opts) => real(url, opts).then(r => url === '/api/agents'
                        ? r.json().then(b => { b.partial = true; b.missing_partitions = [1];
                            return new Response(JSON.stringify(b), {status: 200}); })
                        : r);
                    window.agentwatchDashboard.refresh();""");
            wait.until(d -> d.findElement(By.id("partial")).isDisplayed());
            String partialText = driver.findElement(By.id("partial")).getText();
            assertThat(partialText).contains("Partial view", "partitions 1");
            js.executeScript("window.fetch = window.__realFetch; window.agentwatchDashboard.refresh();");
            wait.until(d -> !d.findElement(By.id("partial")).isDisplayed());

            // One agent: its last hour as charts (the incident agent has one minute of it, the checkout agent more).
            driver.findElement(By.cssSelector("#fleet tr[data-agent='" + INCIDENT + "'] td[data-field='name']")).click();
            wait.until(d -> d.findElement(By.id("agent")).isDisplayed()
                    && d.findElements(By.cssSelector("#chart-cost canvas")).size() == 1);
            compareCharts(driver, js, port, INCIDENT);
            driver.findElement(By.cssSelector("#fleet tr[data-agent='" + ENTERPRISE + "'] td[data-field='name']")).click();
            wait.until(d -> ENTERPRISE.equals(d.findElement(By.id("agent-name")).getText())
                    && d.findElements(By.cssSelector("#chart-cost canvas")).size() == 1);
            int points = compareCharts(driver, js, port, ENTERPRISE);
            assertThat(points).as("a point per slice or bucket of the produced history").isGreaterThanOrEqualTo(HISTORY_MINUTES - 2);
            Path agentShot = screenshot(driver, "dashboard-agent.png");

            System.out.printf("dashboard: compared %d agents exactly while the demo ran and %d after it (%d fields each), "
                            + "%d alerts with their evidence, model summary, %d error patterns (%d for customer_segment=enterprise), "
                            + "%d chart points of %s; screenshots %s and %s; %.1f s in all%n",
                    comparedLive, compared, NUMBERS.size() + 4, alertsShown.size(), patterns, enterprisePatterns, points,
                    ENTERPRISE, shot.toAbsolutePath(), agentShot.toAbsolutePath(), secondsSince(t0));
        } finally {
            if (driver != null) {
                driver.quit();
            }
            for (Process proc : new Process[] {demo, app}) {
                if (proc != null && proc.isAlive()) {
                    proc.destroy();
                    proc.waitFor();
                }
            }
        }
    }

    // ---- the browser

    private static WebDriver chrome() {
        System.setProperty("SE_AVOID_STATS", "true");
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1400,1000", "--hide-scrollbars", "--lang=en-US");
        // The driver named, so Selenium Manager never looks for one (it would go to the network).
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }

    private static WebElement body(WebDriver driver) {
        return driver.findElement(By.tagName("body"));
    }

    private static void awaitRefreshes(WebDriver driver, int n) {
        int from = Integer.parseInt(body(driver).getAttribute("data-refreshes"));
        new WebDriverWait(driver, Duration.ofSeconds(30), Duration.ofMillis(50))
                .until(d -> Integer.parseInt(body(d).getAttribute("data-refreshes")) >= from + n);
    }

    @SuppressWarnings("unchecked")
    private static Path screenshot(WebDriver driver, String name) throws Exception {
        Path target = Path.of("target", name);
        Files.createDirectories(target.getParent());
        // The whole page, not only the window: Chrome's own capture beyond the viewport (through chromedriver).
        Map<String, Object> size = (Map<String, Object>) ((JavascriptExecutor) driver).executeScript(
                "return {w: document.documentElement.scrollWidth, h: document.documentElement.scrollHeight};");
        Map<String, Object> shot = ((ChromeDriver) driver).executeCdpCommand("Page.captureScreenshot", Map.of(
                "format", "png", "captureBeyondViewport", true,
                "clip", Map.of("x", 0, "y", 0, "width", size.get("w"), "height", size.get("h"), "scale", 1)));
        Files.write(target, Base64.getDecoder().decode((String) shot.get("data")));
        System.out.println("dashboard: screenshot " + target.toAbsolutePath());
        return target;
    }

    /** Every row of the fleet table as rendered in one go: name, status, as_of_ms and each cell's raw value. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rows(JavascriptExecutor js) {
        Object out = js.executeScript("""
                return Array.from(document.querySelectorAll('#fleet tbody tr[data-agent]')).map(tr => {
                  const cells = {};
                  tr.querySelectorAll('td[data-field]').forEach(td => {
                    cells[td.dataset.field] = td.dataset.value;
                    if (td.dataset.baseline !== undefined) { cells.tokens_per_request_baseline = td.dataset.baseline; }
                  });
                  return {name: tr.dataset.agent, status: tr.dataset.status, as_of_ms: tr.dataset.asOfMs, cells: cells};
                });""");
        return (List<Map<String, Object>>) out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> cells(Map<String, Object> row) {
        return (Map<String, String>) row.get("cells");
    }

    private static Map<String, Long> asOfs(List<Map<String, Object>> rows) {
        Map<String, Long> out = new LinkedHashMap<>();
        rows.forEach(r -> out.put((String) r.get("name"), Long.parseLong((String) r.get("as_of_ms"))));
        return out;
    }

    private static List<String> names(List<Map<String, Object>> rows) {
        return rows.stream().map(r -> (String) r.get("name")).toList();
    }

    // ---- comparisons with the API

    /**
     * Reads the table right after a refresh, then {@code /api/agents}; when every agent's as_of_ms is the same in
     * both (no slice closed in between), every figure must be equal, to the last bit. Otherwise tries again after
     * the next refresh. Returns the number of agents compared.
     */
    private static int compareFleet(JavascriptExecutor js, int port, String when) throws Exception {
        WebDriver driver = (WebDriver) js;
        for (int attempt = 1; ; attempt++) {
            awaitRefreshes(driver, 1);
            List<Map<String, Object>> shown = rows(js);
            JsonNode api = get(port, "/api/agents");
            Map<String, JsonNode> byName = new TreeMap<>();
            api.get("agents").forEach(a -> byName.put(a.get("name").asText(), a));
            boolean sameAsOf = shown.size() == byName.size() && shown.stream().allMatch(r -> byName.containsKey((String) r.get("name"))
                    && byName.get((String) r.get("name")).get("as_of_ms").asLong() == Long.parseLong((String) r.get("as_of_ms")));
            if (!sameAsOf && attempt < 10) {
                continue;
            }
            assertThat(sameAsOf).as("page and API at the same as_of_ms within 10 refreshes").isTrue();
            for (Map<String, Object> r : shown) {
                String name = (String) r.get("name");
                JsonNode a = byName.get(name);
                @SuppressWarnings("unchecked")
                Map<String, String> cells = (Map<String, String>) r.get("cells");
                assertThat(r.get("status")).as(name + " status").isEqualTo(a.get("status").asText());
                assertThat(cells.get("fleet")).as(name + " fleet").isEqualTo(text(a.get("fleet")));
                assertThat(cells.get("model")).as(name + " model").isEqualTo(text(a.get("model")));
                for (String field : NUMBERS) {
                    assertSameNumber(name + " " + field, cells.get(field), a.get(field));
                }
                assertSameNumber(name + " tokens_per_request_baseline", cells.get("tokens_per_request_baseline"),
                        a.get("tokens_per_request_baseline"));
            }
            JsonNode incident = byName.get(INCIDENT);
            System.out.printf("dashboard %s (attempt %d): %d agents equal to /api/agents at their as_of_ms; e.g. %s "
                            + "avg %s ms, p95 %s ms, error rate %s, burn %s tokens/s, cost %s $/h%n",
                    when, attempt, shown.size(), INCIDENT, incident.get("avg_latency"), incident.get("latency_p95"),
                    incident.get("error_rate"), incident.get("token_burn_rate"), incident.get("cost_per_hour"));
            return shown.size();
        }
    }

    /** The alert cards against /api/alerts: the same alerts, values and evidence. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, String>> compareAlerts(JavascriptExecutor js, int port) throws Exception {
        awaitRefreshes((WebDriver) js, 1);
        List<Map<String, String>> cards = (List<Map<String, String>>) js.executeScript("""
                return Array.from(document.querySelectorAll('#alerts .alert')).map(c => ({
                  fingerprint: c.dataset.fingerprint, agent: c.dataset.agent, alert: c.dataset.alert, state: c.dataset.state,
                  severity: c.dataset.severity,
                  value: c.querySelector('[data-field=value]').dataset.value,
                  threshold: c.querySelector('[data-field=threshold]').dataset.value,
                  events: Array.from(c.querySelectorAll('[data-event-id]')).map(e => e.dataset.eventId).join(' '),
                  traces: Array.from(c.querySelectorAll('[data-trace-id]')).map(e => e.dataset.traceId).join(' ')
                }));""");
        JsonNode api = get(port, "/api/alerts");
        assertThat(api.get("partial").asBoolean()).isFalse();
        assertThat(cards).hasSize(api.get("alerts").size());
        for (int i = 0; i < cards.size(); i++) {
            Map<String, String> c = cards.get(i);
            JsonNode a = api.get("alerts").get(i);
            assertThat(c.get("fingerprint")).isEqualTo(a.get("fingerprint").asText());
            assertThat(c.get("agent")).isEqualTo(a.get("agent_id").asText());
            assertThat(c.get("alert")).isEqualTo(a.get("alert").asText());
            assertThat(c.get("state")).isEqualTo(a.get("state").asText());
            assertThat(c.get("severity")).isEqualTo(a.get("severity").asText());
            assertSameNumber("alert value", c.get("value"), a.get("value"));
            assertSameNumber("alert threshold", c.get("threshold"), a.get("threshold"));
            assertThat(c.get("events")).isEqualTo(join(a.get("evidence").get("event_ids")));
            assertThat(c.get("traces")).isEqualTo(join(a.get("evidence").get("trace_ids")));
        }
        Map<String, String> timeout = cards.stream().filter(c -> c.get("alert").equals("AgentTimeout")).findFirst().orElseThrow();
        assertThat(timeout.get("agent")).isEqualTo(INCIDENT);
        assertThat(timeout.get("events")).isNotBlank();
        System.out.printf("dashboard: %d alert(s) as /api/alerts has them; AgentTimeout on %s value %s ms, threshold %s, "
                + "evidence %d event ids%n", cards.size(), INCIDENT, timeout.get("value"), timeout.get("threshold"),
                timeout.get("events").split(" ").length);
        return cards;
    }

    /** Per model over all agents: the sums and means the page shows, added up here in the page's (name) order. */
    @SuppressWarnings("unchecked")
    private static void compareModels(JavascriptExecutor js, int port) throws Exception {
        List<Map<String, String>> shown = (List<Map<String, String>>) js.executeScript("""
                return Array.from(document.querySelectorAll('#models tbody tr[data-model]')).map(tr => {
                  const o = {};
                  tr.querySelectorAll('td[data-field]').forEach(td => { o[td.dataset.field] = td.dataset.value; });
                  return o;
                });""");
        List<JsonNode> agents = sortedAgents(get(port, "/api/agents"));
        Map<String, double[]> expected = new TreeMap<>(); // agents, req/s, burn, p95 sum, p95 n, errors, requests, cost
        for (JsonNode a : agents) {
            double[] g = expected.computeIfAbsent(a.get("model").isNull() ? "(none)" : a.get("model").asText(), m -> new double[8]);
            g[0] += 1;
            if (isNum(a, "request_rate")) {
                g[1] += a.get("request_rate").asDouble();
            }
            if (isNum(a, "token_burn_rate")) {
                g[2] += a.get("token_burn_rate").asDouble();
            }
            if (isNum(a, "latency_p95")) {
                g[3] += a.get("latency_p95").asDouble();
                g[4] += 1;
            }
            if (isNum(a, "error_rate") && isNum(a, "request_rate")) {
                g[5] += a.get("error_rate").asDouble() * a.get("request_rate").asDouble();
                g[6] += a.get("request_rate").asDouble();
            }
            if (isNum(a, "cost_per_hour")) {
                g[7] += a.get("cost_per_hour").asDouble();
            }
        }
        assertThat(shown.stream().map(m -> m.get("model")).toList()).containsExactlyElementsOf(expected.keySet());
        for (Map<String, String> m : shown) {
            double[] g = expected.get(m.get("model"));
            String model = m.get("model");
            assertThat(Double.parseDouble(m.get("agents"))).as(model + " agents").isEqualTo(g[0]);
            assertThat(Double.parseDouble(m.get("request_rate"))).as(model + " req/s").isEqualTo(g[1]);
            assertThat(Double.parseDouble(m.get("token_burn_rate"))).as(model + " burn").isEqualTo(g[2]);
            assertSameNumber(model + " mean p95", m.get("latency_p95_mean"), g[4] > 0 ? JSON.getNodeFactory().numberNode(g[3] / g[4]) : null);
            assertSameNumber(model + " error rate", m.get("error_rate"), g[6] > 0 ? JSON.getNodeFactory().numberNode(g[5] / g[6]) : null);
            assertThat(Double.parseDouble(m.get("cost_per_hour"))).as(model + " cost/h").isEqualTo(g[7]);
        }
        System.out.printf("dashboard: model performance for %s equal to sums over /api/agents%n", expected.keySet());
    }

    /** The error patterns table against the failures of the agents the filters leave, summed in name order. */
    @SuppressWarnings("unchecked")
    private static int compareErrorPatterns(JavascriptExecutor js, int port, String slice) throws Exception {
        List<Map<String, Object>> page = rows(js);
        List<String> shownAgents = names(page);
        List<Map<String, String>> shown = (List<Map<String, String>>) js.executeScript("""
                return Array.from(document.querySelectorAll('#errors tbody tr[data-error-type]')).map(tr => ({
                  error_type: tr.dataset.errorType, operation: tr.dataset.operation, model: tr.dataset.model,
                  count: tr.querySelector('td[data-field=count]').dataset.value,
                  agents: tr.querySelector('td[data-field=agents]').dataset.value }));""");
        Map<List<String>, double[]> expected = new LinkedHashMap<>();
        for (JsonNode a : sortedAgents(get(port, "/api/agents"))) {
            if (!shownAgents.contains(a.get("name").asText())) {
                continue;
            }
            for (JsonNode f : a.get("failures")) {
                List<String> key = List.of(text(f.get("error_type")), text(f.get("operation")), text(f.get("model")));
                double[] sum = expected.computeIfAbsent(key, k -> new double[2]);
                sum[0] += f.get("count").asDouble();
                sum[1] += 1;
            }
        }
        Map<List<String>, double[]> fromPage = new LinkedHashMap<>();
        for (Map<String, String> row : shown) {
            fromPage.put(List.of(row.get("error_type"), row.get("operation"), row.get("model")),
                    new double[] {Double.parseDouble(row.get("count")), Double.parseDouble(row.get("agents"))});
        }
        assertThat(fromPage.keySet()).as("error patterns of " + slice).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((k, v) -> assertThat(fromPage.get(k)).as(slice + " " + k).containsExactly(v));
        List<Double> counts = shown.stream().map(r -> Double.parseDouble(r.get("count"))).toList();
        assertThat(counts).as("most failures first").isSortedAccordingTo(Comparator.reverseOrder());
        System.out.printf("dashboard: error patterns of %s (%d agents): %s%n", slice, shownAgents.size(),
                shown.stream().map(r -> r.get("error_type") + "/" + r.get("operation") + "/" + r.get("model") + "=" + r.get("count")).toList());
        return shown.size();
    }

    /** A click on a column heading sorts the rows by it, highest first, undefined values last. */
    private static void checkSorted(WebDriver driver, JavascriptExecutor js, String field) {
        WebElement th = driver.findElement(By.cssSelector("#fleet th[data-sort='" + field + "']"));
        th.click();
        if (!"descending".equals(th.getAttribute("aria-sort"))) {
            th.click();
        }
        assertThat(th.getAttribute("aria-sort")).isEqualTo("descending");
        List<Double> values = new ArrayList<>();
        boolean nulls = false;
        for (Map<String, Object> r : rows(js)) {
            @SuppressWarnings("unchecked")
            String v = ((Map<String, String>) r.get("cells")).get(field);
            if (v.isEmpty()) {
                nulls = true;
            } else {
                assertThat(nulls).as(field + ": a value after an undefined one").isFalse();
                values.add(Double.parseDouble(v));
            }
        }
        assertThat(values).as("sorted by " + field).isSortedAccordingTo(Comparator.reverseOrder()).isNotEmpty();
    }

    /** The four charts hold the agent's history from /api/agents/{id}, point for point. */
    @SuppressWarnings("unchecked")
    private static int compareCharts(WebDriver driver, JavascriptExecutor js, int port, String agent) throws Exception {
        for (int attempt = 1; ; attempt++) {
            awaitRefreshes(driver, 1);
            Map<String, Object> charts = (Map<String, Object>) js.executeScript("""
                    const d = window.agentwatchDashboard.state;
                    const out = {as_of_ms: String(d.detail.as_of_ms)};
                    Object.keys(d.charts).forEach(k => { out[k] = d.charts[k].data.map(s => s.map(v => v === null ? '' : String(v))); });
                    out.canvases = document.querySelectorAll('#agent .chart canvas').length;
                    out.points = document.getElementById('chart-tokens').dataset.points;
                    return out;""");
            JsonNode one = get(port, "/api/agents/" + encode(agent));
            if (one.get("as_of_ms").asLong() != Long.parseLong((String) charts.get("as_of_ms")) && attempt < 10) {
                continue;
            }
            JsonNode history = one.get("history");
            assertThat(history).as("history of " + agent).isNotEmpty();
            assertThat(((Number) charts.get("canvases")).intValue()).isEqualTo(4);
            assertThat(Integer.parseInt((String) charts.get("points"))).isEqualTo(history.size());
            Map<String, List<String>> fields = Map.of(
                    "tokens", List.of("tokens_per_request", "tokens_per_request_baseline"),
                    "latency", List.of("latency_p95"),
                    "errors", List.of("error_rate"),
                    "cost", List.of("cost_per_hour"));
            for (Map.Entry<String, List<String>> c : fields.entrySet()) {
                List<List<String>> data = (List<List<String>>) charts.get(c.getKey());
                assertThat(data).as(c.getKey()).hasSize(1 + c.getValue().size());
                assertThat(data.get(0)).as(c.getKey() + " x").hasSize(history.size());
                for (int i = 0; i < history.size(); i++) {
                    JsonNode point = history.get(i);
                    assertThat(Double.parseDouble(data.get(0).get(i))).isEqualTo(point.get("at_ms").asLong() / 1000.0);
                    for (int s = 0; s < c.getValue().size(); s++) {
                        String field = c.getValue().get(s);
                        // The baseline is the agent's (it moves over days), drawn across the hour.
                        JsonNode expected = field.equals("tokens_per_request_baseline") ? one.get(field) : point.get(field);
                        assertSameNumber(c.getKey() + " " + field + " at " + point.get("at").asText(),
                                data.get(1 + s).get(i), expected);
                    }
                }
            }
            System.out.printf("dashboard: %s's charts: 4 canvases, %d points each, equal to /api/agents/%s history "
                    + "(tokens/req %s, baseline %s)%n", agent, history.size(), agent,
                    history.get(history.size() - 1).get("tokens_per_request"), one.get("tokens_per_request_baseline"));
            return history.size();
        }
    }

    // ---- the data: two labelled agents whose calls fail now and then

    /**
     * The two checkout agents' last {@code minutes} minutes before now, 6 calls a minute each (too few for any rule),
     * sent a minute of event time a second: the fleet view publishes once a second, so each minute becomes a point of
     * their history. Enterprise's tokens grow and it fails now and then; sent before the demo, whose events are
     * stamped now, moves the partitions' event time past them.
     */
    private static void produceHistory(LocalKafka kafka, Processes p, int minutes) throws InterruptedException {
        long start = Math.floorDiv(System.currentTimeMillis(), 60_000L) * 60_000L - (minutes + 1) * 60_000L;
        try (KafkaProducer<String, MetricEvent> producer = Alerts.producer(kafka.bootstrapServers(), kafka.schemaRegistryUrl())) {
            for (int m = 0; m < minutes; m++) {
                for (int j = 0; j < 6; j++) {
                    long ts = start + m * 60_000L + j * 10_000L;
                    int n = m * 6 + j;
                    String error = n % 11 == 0 ? "timeout" : n % 17 == 0 ? "tool_error" : null;
                    send(producer, p, event(ENTERPRISE, "h" + n, ts, "claude-3-5-sonnet", "enterprise",
                            n % 17 == 0 ? "checkout" : "search", error, 600 + 40L * m));
                    send(producer, p, event(SMB, "h" + n, ts, "gpt-4o", "smb", "search", n % 23 == 0 ? "timeout" : null, 700));
                }
                producer.flush();
                Thread.sleep(1_000);
            }
        }
    }

    /** Calls of the checkout agents now, as the demo's are stamped, some of which fail in known patterns. */
    private static void produceCurrentFailures(LocalKafka kafka, Processes p) {
        long now = System.currentTimeMillis();
        try (KafkaProducer<String, MetricEvent> producer = Alerts.producer(kafka.bootstrapServers(), kafka.schemaRegistryUrl())) {
            for (int j = 0; j < 30; j++) {
                String enterpriseError = j % 5 == 0 ? "timeout" : j % 7 == 0 ? "tool_error" : null;
                send(producer, p, event(ENTERPRISE, "c" + j, now - 3_000 + j * 100L, "claude-3-5-sonnet", "enterprise",
                        j % 7 == 0 ? "checkout" : "search", enterpriseError, 1_200));
                send(producer, p, event(SMB, "c" + j, now - 3_000 + j * 100L, "gpt-4o", "smb", "search", j % 10 == 0 ? "timeout" : null, 700));
            }
        }
    }

    private static MetricEvent event(String agent, String id, long ts, String model, String segment, String operation,
                                     String error, long tokensIn) {
        return MetricEvent.newBuilder().setEventId(agent + "-" + id).setAgentId(agent).setTimestamp(Instant.ofEpochMilli(ts))
                .setFleet("checkout").setModel(model).setOperation(operation)
                .setTokensIn(tokensIn).setTokensOut(error == null ? 200L : 0L).setCostUsd(0.002)
                .setLatencyMs(900.0 + ts % 400).setSuccess(error == null).setErrorType(error)
                .setLabels(Map.of("customer_segment", segment, "env", "test"))
                .build();
    }

    private static void send(KafkaProducer<String, MetricEvent> producer, Processes p, MetricEvent e) {
        producer.send(new ProducerRecord<>(p.topic("metrics"), e.getAgentId(), e));
    }

    // ---- helpers

    private static List<JsonNode> sortedAgents(JsonNode answer) {
        List<JsonNode> out = new ArrayList<>();
        answer.get("agents").forEach(out::add);
        out.sort(Comparator.comparing(a -> a.get("name").asText()));
        return out;
    }

    private static List<String> names(JsonNode answer) {
        List<String> out = new ArrayList<>();
        answer.get("agents").forEach(a -> out.add(a.get("name").asText()));
        return out;
    }

    /** The page's raw value (JavaScript's shortest round-trip digits, "" for null) against the API's number. */
    private static void assertSameNumber(String what, String shown, JsonNode api) {
        assertThat(shown).as(what + " shown").isNotNull();
        if (api == null || api.isNull()) {
            assertThat(shown).as(what + " (null in the API)").isEmpty();
        } else {
            assertThat(shown).as(what + " (API " + api + ")").isNotEmpty();
            assertThat(Double.parseDouble(shown)).as(what + " (API " + api + ")").isEqualTo(api.asDouble());
        }
    }

    private static boolean isNum(JsonNode a, String field) {
        return a.hasNonNull(field) && a.get(field).isNumber();
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? "" : n.asText();
    }

    private static String join(JsonNode ids) {
        List<String> out = new ArrayList<>();
        ids.forEach(i -> out.add(i.asText()));
        return String.join(" ", out);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static JsonNode get(int port, String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static double secondsSince(long nanos) {
        return (System.nanoTime() - nanos) / 1e9;
    }
}
