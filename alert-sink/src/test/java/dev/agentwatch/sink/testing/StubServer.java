package dev.agentwatch.sink.testing;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * WireMock on a free port, playing Slack, PagerDuty or a webhook over real HTTP. Held in an instance
 * {@code @RegisterExtension} field it is started before each test and stopped after it, so no stub, scenario state
 * or request carries over between tests (a fixture may instead start and stop it itself). It stays a
 * {@link WireMockServer} so {@link EngineHarness#bodies} and plain {@code stubFor} calls work on it unchanged.
 */
public final class StubServer extends WireMockServer implements BeforeEachCallback, AfterEachCallback {

    public StubServer() {
        super(options().dynamicPort());
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        stop();
    }

    /** Every POST to {@code path} gets {@code status} with {@code body}. */
    public void answer(String path, int status, String body) {
        stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(status).withBody(body)));
    }

    /** POSTs to {@code path} get the answers in turn, one request each; the last answer stays from then on. */
    public void answerInTurn(String path, ResponseDefinitionBuilder... answers) {
        String state = Scenario.STARTED;
        for (int i = 0; i < answers.length; i++) {
            ScenarioMappingBuilder stub = post(urlEqualTo(path)).inScenario(path).whenScenarioStateIs(state).willReturn(answers[i]);
            if (i < answers.length - 1) {
                state = "answered " + (i + 1);
                stub = stub.willSetStateTo(state);
            }
            stubFor(stub);
        }
    }
}
