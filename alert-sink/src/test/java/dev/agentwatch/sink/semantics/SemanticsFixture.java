package dev.agentwatch.sink.semantics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentwatch.sink.testing.EngineHarness;
import dev.agentwatch.sink.testing.StubServer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

/** A webhook receiver on WireMock, whose Alertmanager-shaped bodies show exactly what each flush sent. */
final class SemanticsFixture implements AutoCloseable {

    final StubServer wm = new StubServer();

    SemanticsFixture() {
        wm.start();
        wm.stubFor(post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(200)));
    }

    /** A harness whose route (YAML lines under {@code route:}) sends to the webhook. */
    EngineHarness harness(String routeBody, String extra) {
        String yaml = "route:\n  receiver: hook\n" + routeBody.indent(2) + """
                receivers:
                  - name: hook
                    webhook_configs:
                      - url_env: HOOK_URL
                """ + extra;
        return new EngineHarness(yaml, Map.of("HOOK_URL", wm.baseUrl() + "/hook"));
    }

    List<JsonNode> notifications() {
        return EngineHarness.bodies(wm, "/hook");
    }

    /** "status:fingerprint" of every alert notified so far, notification by notification. */
    List<String> notifiedAlerts() {
        return notifications().stream().flatMap(n -> alerts(n).stream()).toList();
    }

    /** "status:fingerprint" of each alert in one notification, in order. */
    static List<String> alerts(JsonNode notification) {
        List<String> out = new ArrayList<>();
        for (JsonNode a : notification.path("alerts")) {
            out.add(a.path("status").asText() + ":" + a.path("fingerprint").asText());
        }
        return out;
    }

    @Override
    public void close() {
        wm.stop();
    }
}
