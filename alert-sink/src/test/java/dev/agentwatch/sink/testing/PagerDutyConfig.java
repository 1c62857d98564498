package dev.agentwatch.sink.testing;

import java.util.Map;

/**
 * The PagerDuty receiver tests configure: {@code oncall}, one integration posting to a stub's Events API path with
 * a fixed routing key read from the environment, as production reads it.
 */
public final class PagerDutyConfig {

    public static final String PATH = "/v2/enqueue";
    public static final String ROUTING_KEY_ENV = "PAGERDUTY_ROUTING_KEY";
    public static final String ROUTING_KEY = "R0UT1NGKEY0123456789abcdef012345";

    private PagerDutyConfig() {
    }

    /** What {@code routing_key_env} reads. */
    public static Map<String, String> env() {
        return Map.of(ROUTING_KEY_ENV, ROUTING_KEY);
    }

    /**
     * A {@code receivers:} section (YAML, ending in a newline) whose integration posts to {@code baseUrl + PATH};
     * {@code integrationLines} (such as a {@code rate_limit}) are added to that integration.
     */
    public static String receivers(String baseUrl, String... integrationLines) {
        StringBuilder yaml = new StringBuilder("""
                receivers:
                  - name: oncall
                    pagerduty_configs:
                      - routing_key_env: %s
                        url: %s%s
                """.formatted(ROUTING_KEY_ENV, baseUrl, PATH));
        for (String line : integrationLines) {
            yaml.append("        ").append(line).append('\n');
        }
        return yaml.toString();
    }
}
