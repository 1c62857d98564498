package dev.agentwatch.gateway.auth;

import dev.agentwatch.config.ConfigException;
import dev.agentwatch.config.ConfigNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The gateway's API keys ({@code gateway.api_keys}), held as SHA-256 digests only: the secret of a key comes from
 * an environment variable ({@code key_env}), a file ({@code key_file}), or is written in the file as its digest
 * ({@code key_sha256}); it is never kept in memory after it is hashed. The digest of a presented bearer token is
 * looked up, so no comparison runs over the secret itself.
 */
public final class ApiKeys {

    private static final List<String> FIELDS = List.of("name", "key_env", "key_default", "key_file", "key_sha256", "fleets");

    private static final List<String> SECRET_SOURCES = List.of("key_env", "key_file", "key_sha256");

    private final Map<String, ApiKey> byDigest;

    private ApiKeys(Map<String, ApiKey> byDigest) {
        this.byDigest = Map.copyOf(byDigest);
    }

    /** For tests and embedding: secret -> key. */
    public static ApiKeys of(Map<String, ApiKey> bySecret) {
        Map<String, ApiKey> byDigest = new HashMap<>();
        bySecret.forEach((secret, key) -> byDigest.put(sha256(secret), key));
        return new ApiKeys(byDigest);
    }

    /**
     * @param list the {@code gateway.api_keys} list
     * @throws ConfigException naming file, line and field of a key that cannot be read
     */
    public static ApiKeys from(ConfigNode list, Map<String, String> env) {
        Map<String, ApiKey> byDigest = new HashMap<>();
        Set<String> names = new java.util.HashSet<>();
        for (ConfigNode item : list.items()) {
            item.allowOnly(FIELDS);
            String name = item.require("name").text();
            if (!names.add(name)) {
                throw item.require("name").error("a second key named '" + name + "'");
            }
            String digest = digestOf(item, env);
            ConfigNode fleetsNode = item.require("fleets");
            Set<String> fleets = new LinkedHashSet<>();
            for (ConfigNode f : fleetsNode.items()) {
                fleets.add(f.text());
            }
            if (fleets.isEmpty()) {
                throw fleetsNode.error("a key must allow at least one fleet (\"*\" for every fleet)");
            }
            if (byDigest.putIfAbsent(digest, new ApiKey(name, fleets)) != null) {
                throw item.require("name").error("key '" + name + "' has the same secret as another key");
            }
        }
        return new ApiKeys(byDigest);
    }

    private static String digestOf(ConfigNode item, Map<String, String> env) {
        List<String> sources = SECRET_SOURCES.stream().filter(f -> item.get(f).isPresent()).toList();
        if (sources.size() != 1) {
            throw item.error("give exactly one of key_env, key_file or key_sha256 (found " + sources + ")");
        }
        Optional<ConfigNode> sha = item.get("key_sha256");
        if (sha.isPresent()) {
            String hex = sha.get().text().strip().toLowerCase(java.util.Locale.ROOT);
            if (!hex.matches("[0-9a-f]{64}")) {
                throw sha.get().error("expected the SHA-256 of the key as 64 hex digits (sha256sum of the secret)");
            }
            return hex;
        }
        Optional<ConfigNode> file = item.get("key_file");
        if (file.isPresent()) {
            try {
                String secret = Files.readString(Path.of(file.get().text())).strip();
                if (secret.isEmpty()) {
                    throw file.get().error("the key file is empty");
                }
                return sha256(secret);
            } catch (IOException e) {
                throw file.get().error("cannot read the key file: " + e.getMessage());
            }
        }
        ConfigNode var = item.require("key_env");
        String secret = env.get(var.text());
        if (secret == null || secret.isBlank()) {
            secret = item.get("key_default").map(ConfigNode::text).orElseThrow(() ->
                    var.error("environment variable " + var.text() + " is not set (and no key_default is given)"));
        }
        return sha256(secret.strip());
    }

    /** The key a bearer token is, if any. */
    public Optional<ApiKey> lookup(String bearerToken) {
        if (bearerToken == null || bearerToken.isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(byDigest.get(sha256(bearerToken)));
    }

    public int size() {
        return byDigest.size();
    }

    static String sha256(String secret) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
