package dev.agentwatch.schema.registry;

import static dev.agentwatch.schema.AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE;
import static dev.agentwatch.schema.AvroSerdeConfig.BASIC_AUTH_USER_INFO;
import static dev.agentwatch.schema.AvroSerdeConfig.HTTP_CONNECT_TIMEOUT_MS;
import static dev.agentwatch.schema.AvroSerdeConfig.HTTP_CONNECT_TIMEOUT_MS_DEFAULT;
import static dev.agentwatch.schema.AvroSerdeConfig.HTTP_READ_TIMEOUT_MS;
import static dev.agentwatch.schema.AvroSerdeConfig.HTTP_READ_TIMEOUT_MS_DEFAULT;
import static dev.agentwatch.schema.AvroSerdeConfig.LATEST_CACHE_TTL_SEC;
import static dev.agentwatch.schema.AvroSerdeConfig.LATEST_CACHE_TTL_SEC_DEFAULT;
import static dev.agentwatch.schema.AvroSerdeConfig.SCHEMA_REGISTRY_URL;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigException;

/**
 * How to reach the registry.
 *
 * @param baseUrls registry base URLs (e.g. {@code http://127.0.0.1:8081/apis/ccompat/v7}), without userinfo;
 *     tried in order while one is unreachable
 * @param basicAuthUserInfo {@code user:password} for HTTP basic auth, if any
 * @param connectTimeout TCP connect timeout per call
 * @param readTimeout time allowed for a whole answer, per call
 * @param latestCacheTtl how long {@link SchemaRegistryClient#latest} answers are reused; negative: forever
 */
public record SchemaRegistryClientConfig(
        List<URI> baseUrls,
        Optional<String> basicAuthUserInfo,
        Duration connectTimeout,
        Duration readTimeout,
        Duration latestCacheTtl) {

    public SchemaRegistryClientConfig {
        baseUrls = List.copyOf(baseUrls);
        if (baseUrls.isEmpty()) {
            throw new ConfigException(SCHEMA_REGISTRY_URL + " must name at least one registry URL");
        }
        for (URI url : baseUrls) {
            if (url.getRawUserInfo() != null) {
                throw new IllegalArgumentException("base URLs must not carry credentials; pass basicAuthUserInfo");
            }
        }
        Objects.requireNonNull(basicAuthUserInfo, "basicAuthUserInfo");
        requirePositive(connectTimeout, HTTP_CONNECT_TIMEOUT_MS);
        requirePositive(readTimeout, HTTP_READ_TIMEOUT_MS);
        Objects.requireNonNull(latestCacheTtl, "latestCacheTtl");
    }

    /** One registry URL (credentials in it are used for basic auth), default timeouts and cache TTL. */
    public static SchemaRegistryClientConfig of(String url) {
        return fromConfigs(Map.of(SCHEMA_REGISTRY_URL, url));
    }

    /** Reads Confluent's client keys (see {@link dev.agentwatch.schema.AvroSerdeConfig}) from Kafka-style configs. */
    public static SchemaRegistryClientConfig fromConfigs(Map<String, ?> configs) {
        List<URI> rawUrls = urls(configs.get(SCHEMA_REGISTRY_URL));
        List<URI> urls = new ArrayList<>(rawUrls.size());
        String userInfoInUrl = null;
        for (URI url : rawUrls) {
            if (userInfoInUrl == null && url.getRawUserInfo() != null) {
                userInfoInUrl = url.getUserInfo();
            }
            urls.add(Urls.withoutUserInfo(url));
        }
        return new SchemaRegistryClientConfig(
                urls,
                credentials(configs, userInfoInUrl),
                Duration.ofMillis(positiveInt(configs, HTTP_CONNECT_TIMEOUT_MS, HTTP_CONNECT_TIMEOUT_MS_DEFAULT)),
                Duration.ofMillis(positiveInt(configs, HTTP_READ_TIMEOUT_MS, HTTP_READ_TIMEOUT_MS_DEFAULT)),
                Duration.ofSeconds(intValue(configs, LATEST_CACHE_TTL_SEC, LATEST_CACHE_TTL_SEC_DEFAULT)));
    }

    /** Keeps the credentials out of logs. */
    @Override
    public String toString() {
        return "SchemaRegistryClientConfig[baseUrls=" + baseUrls + ", basicAuth="
                + (basicAuthUserInfo.isPresent() ? "<set>" : "<none>") + ", connectTimeout=" + connectTimeout
                + ", readTimeout=" + readTimeout + ", latestCacheTtl=" + latestCacheTtl + "]";
    }

    /** The URLs of a {@code schema.registry.url} value (a comma-separated string or a list), trimmed, no trailing /. */
    static List<String> urlTexts(Object value) {
        List<String> parts = new ArrayList<>();
        if (value instanceof String s) {
            parts.addAll(List.of(s.split(",")));
        } else if (value instanceof Collection<?> c) {
            c.forEach(v -> parts.add(String.valueOf(v)));
        } else if (value != null) {
            throw new ConfigException(SCHEMA_REGISTRY_URL, value, "expected a string or a list of URLs");
        }
        List<String> texts = new ArrayList<>();
        for (String part : parts) {
            String trimmed = part.trim();
            while (trimmed.endsWith("/")) {
                trimmed = trimmed.substring(0, trimmed.length() - 1);
            }
            if (!trimmed.isEmpty()) {
                texts.add(trimmed);
            }
        }
        return texts;
    }

    private static List<URI> urls(Object value) {
        List<URI> urls = new ArrayList<>();
        for (String text : urlTexts(value)) {
            urls.add(parseUrl(text));
        }
        if (urls.isEmpty()) {
            throw new ConfigException(SCHEMA_REGISTRY_URL + " is required: the base URL of a Confluent-compatible "
                    + "schema registry, e.g. http://127.0.0.1:8081/apis/ccompat/v7");
        }
        return urls;
    }

    private static URI parseUrl(String text) {
        URI url;
        try {
            url = URI.create(text);
        } catch (IllegalArgumentException e) {
            // The text may hold credentials: say only what is wrong with it.
            throw new ConfigException(SCHEMA_REGISTRY_URL + " holds an invalid URL: " + e.getMessage()
                    .replace(text, Urls.withoutUserInfoText(text)));
        }
        if (!"http".equalsIgnoreCase(url.getScheme()) && !"https".equalsIgnoreCase(url.getScheme())
                || url.getHost() == null) {
            throw new ConfigException(SCHEMA_REGISTRY_URL + " must hold http(s)://host[:port]/path URLs (or one "
                    + SchemaRegistryClients.MOCK_SCHEME + "scope), got "
                    + Urls.withoutUserInfo(url));
        }
        return url;
    }

    private static Optional<String> credentials(Map<String, ?> configs, String userInfoInUrl) {
        Object source = configs.get(BASIC_AUTH_CREDENTIALS_SOURCE);
        Object userInfo = configs.get(BASIC_AUTH_USER_INFO);
        String userInfoText = userInfo == null ? null : passwordText(userInfo);
        String sourceText = source == null ? null : source.toString().trim().toUpperCase(java.util.Locale.ROOT);
        if (sourceText == null || sourceText.isEmpty()) {
            // Confluent needs the source spelled out; accepting the obvious one is friendlier and just as safe.
            sourceText = userInfoText != null && !userInfoText.isEmpty() ? "USER_INFO" : "URL";
        }
        switch (sourceText) {
            case "URL":
                return Optional.ofNullable(userInfoInUrl);
            case "USER_INFO":
                if (userInfoText == null || !userInfoText.contains(":")) {
                    throw new ConfigException(BASIC_AUTH_USER_INFO + " must be set as user:password when "
                            + BASIC_AUTH_CREDENTIALS_SOURCE + " is USER_INFO");
                }
                return Optional.of(userInfoText);
            default:
                throw new ConfigException(BASIC_AUTH_CREDENTIALS_SOURCE, source,
                        "supported sources are URL and USER_INFO");
        }
    }

    /** Kafka hands passwords over as {@code Password} objects whose toString hides the value. */
    private static String passwordText(Object value) {
        if (value instanceof org.apache.kafka.common.config.types.Password p) {
            return p.value();
        }
        return value.toString();
    }

    private static int positiveInt(Map<String, ?> configs, String key, int defaultValue) {
        int value = intValue(configs, key, defaultValue);
        if (value <= 0) {
            throw new ConfigException(key, value, "must be a positive number of milliseconds");
        }
        return value;
    }

    private static int intValue(Map<String, ?> configs, String key, int defaultValue) {
        Object value = configs.get(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Number n) {
            return n.intValue();
        }
        try {
            return Integer.parseInt(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(key, value, "must be an integer");
        }
    }

    private static void requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new ConfigException(name, duration, "must be positive");
        }
    }
}
