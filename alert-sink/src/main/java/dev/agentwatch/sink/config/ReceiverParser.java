package dev.agentwatch.sink.config;

import dev.agentwatch.config.ConfigNode;
import dev.agentwatch.sink.delivery.RateLimit;
import dev.agentwatch.sink.receivers.PagerDutyIntegration;
import dev.agentwatch.sink.receivers.SlackIntegration;
import dev.agentwatch.sink.receivers.WebhookIntegration;
import dev.agentwatch.sink.secrets.Secret;
import dev.agentwatch.sink.secrets.SecretSource;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads {@code receivers}. Secrets are never in the file: each is named as {@code <field>_env} (an environment
 * variable) or {@code <field>_file} (a file holding it). A missing secret is an error unless the integration says
 * {@code optional: true}, in which case it is left out.
 */
final class ReceiverParser {

    static final String PAGERDUTY_URL = "https://events.pagerduty.com/v2/enqueue";
    /** Slack: about one message a second per webhook, short bursts allowed. */
    static final RateLimit SLACK_LIMIT = new RateLimit(1, 3);
    /** PagerDuty documents a per-integration-key limit; two events a second with bursts of 20 stays under it. */
    static final RateLimit PAGERDUTY_LIMIT = new RateLimit(2, 20);

    private final SecretSource secrets;

    ReceiverParser(SecretSource secrets) {
        this.secrets = secrets;
    }

    ReceiverSpec receiver(ConfigNode n) {
        n.allowOnly(List.of("name", "console_configs", "slack_configs", "pagerduty_configs", "webhook_configs"));
        String name = n.require("name").text();
        if (name.isBlank()) {
            throw n.require("name").error("must not be empty");
        }
        List<IntegrationSpec> out = new ArrayList<>();
        List<String> disabled = new ArrayList<>();
        for (ConfigNode c : list(n, "console_configs")) {
            c.allowOnly(List.of("send_resolved"));
            out.add(new IntegrationSpec.Console(Nodes.bool(c, "send_resolved", true)));
        }
        for (ConfigNode c : list(n, "slack_configs")) {
            c.allowOnly(List.of("webhook_url_env", "webhook_url_file", "optional", "send_resolved", "rate_limit", "max_alerts"));
            Optional<Secret> url = secret(c, "webhook_url", true);
            if (url.isEmpty()) {
                disabled.add("slack (" + describeSource(c, "webhook_url") + " not set)");
                continue;
            }
            out.add(new IntegrationSpec.Slack(new SlackIntegration.Settings(url.get(), Nodes.bool(c, "send_resolved", false),
                    rateLimit(c, SLACK_LIMIT), c.get("max_alerts").map(m -> positive(m, 40)).orElse(20))));
        }
        for (ConfigNode c : list(n, "pagerduty_configs")) {
            c.allowOnly(List.of("routing_key_env", "routing_key_file", "optional", "url", "send_resolved", "rate_limit", "client"));
            Optional<Secret> key = secret(c, "routing_key", false);
            if (key.isEmpty()) {
                disabled.add("pagerduty (" + describeSource(c, "routing_key") + " not set)");
                continue;
            }
            Secret url = c.get("url").map(u -> httpUrl(u, Secret.of(u.text(), "pagerduty url"))).orElse(Secret.of(PAGERDUTY_URL, "pagerduty url"));
            out.add(new IntegrationSpec.PagerDuty(new PagerDutyIntegration.Settings(url, key.get(),
                    Nodes.bool(c, "send_resolved", true), rateLimit(c, PAGERDUTY_LIMIT),
                    c.get("client").map(ConfigNode::text).orElse("agentwatch"))));
        }
        for (ConfigNode c : list(n, "webhook_configs")) {
            c.allowOnly(List.of("url", "url_env", "url_file", "optional", "send_resolved", "max_alerts", "rate_limit", "external_url"));
            Optional<Secret> url = c.get("url").isPresent()
                    ? Optional.of(httpUrl(c.require("url"), Secret.of(c.require("url").text(), "webhook url in " + c.path())))
                    : secret(c, "url", true);
            if (url.isEmpty()) {
                disabled.add("webhook (" + describeSource(c, "url") + " not set)");
                continue;
            }
            out.add(new IntegrationSpec.Webhook(new WebhookIntegration.Settings(url.get(), Nodes.bool(c, "send_resolved", true),
                    c.get("max_alerts").map(m -> nonNegative(m)).orElse(0),
                    c.get("rate_limit").isPresent() ? rateLimit(c, null) : null,
                    c.get("external_url").map(ConfigNode::text).orElse(""))));
        }
        return new ReceiverSpec(name, out, disabled);
    }

    private static List<ConfigNode> list(ConfigNode n, String key) {
        return n.get(key).map(ConfigNode::items).orElse(List.of());
    }

    /** {@code <base>_env} or {@code <base>_file}, exactly one. Empty only when optional and unset. */
    private Optional<Secret> secret(ConfigNode c, String base, boolean mustBeUrl) {
        Optional<ConfigNode> env = c.get(base + "_env");
        Optional<ConfigNode> file = c.get(base + "_file");
        if (env.isPresent() == file.isPresent()) {
            throw c.error("give exactly one of " + base + "_env (an environment variable) or " + base
                    + "_file (a file holding it); secrets never go in this file");
        }
        boolean optional = Nodes.bool(c, "optional", false);
        ConfigNode where = env.orElseGet(file::get);
        Optional<Secret> value;
        if (env.isPresent()) {
            value = secrets.fromEnv(where.text());
        } else {
            try {
                value = secrets.fromFile(Path.of(where.text()));
            } catch (IOException e) {
                throw where.error("cannot read the secret file: " + e.getClass().getSimpleName());
            }
        }
        if (value.isEmpty() && !optional) {
            throw where.error((env.isPresent() ? "environment variable " : "file ") + where.text()
                    + " is not set or empty (set it, or mark this integration optional: true)");
        }
        return value.map(v -> mustBeUrl ? httpUrl(where, v) : v);
    }

    private static String describeSource(ConfigNode c, String base) {
        return c.get(base + "_env").map(e -> "$" + e.text()).orElseGet(() -> c.require(base + "_file").text());
    }

    /** Checks the value is an http(s) URL without ever putting it in the message. */
    private static Secret httpUrl(ConfigNode where, Secret s) {
        try {
            URI u = URI.create(s.reveal());
            if (("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null) {
                return s;
            }
        } catch (IllegalArgumentException e) {
            // reported below, without the value
        }
        throw where.error("the URL from " + s.origin() + " is not an http(s) URL");
    }

    private static RateLimit rateLimit(ConfigNode c, RateLimit dflt) {
        Optional<ConfigNode> n = c.get("rate_limit");
        if (n.isEmpty()) {
            return dflt;
        }
        ConfigNode r = n.get();
        r.allowOnly(List.of("per_second", "burst"));
        double perSecond = r.require("per_second").number();
        if (!(perSecond > 0)) {
            throw r.require("per_second").error("must be more than 0");
        }
        int burst = r.get("burst").map(b -> positive(b, Integer.MAX_VALUE)).orElse(1);
        return new RateLimit(perSecond, burst);
    }

    private static int positive(ConfigNode n, int max) {
        int v = n.integer();
        if (v < 1 || v > max) {
            throw n.error("must be between 1 and " + max);
        }
        return v;
    }

    private static int nonNegative(ConfigNode n) {
        int v = n.integer();
        if (v < 0) {
            throw n.error("must not be negative");
        }
        return v;
    }
}
