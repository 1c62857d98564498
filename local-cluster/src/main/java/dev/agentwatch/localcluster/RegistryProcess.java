package dev.agentwatch.localcluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The schema registry (Apicurio, from local-cluster/registry) as a child JVM: how to find its jar, its
 * command line, and its readiness. Shared by the launcher (H2 file storage) and the JUnit extension (in memory).
 */
public final class RegistryProcess {

    public static final String NAME = "registry";
    /** Where the Confluent-compatible API lives; a Confluent client's schema.registry.url ends with it. */
    public static final String CCOMPAT_PATH = "/apis/ccompat/v7";
    public static final String JAR_PROPERTY = "agentwatch.registry.jar";
    static final String JAR_IN_REPO = "local-cluster/registry/target/agentwatch-registry-runner.jar";
    static final String BUILD_COMMAND = "mvn -q package -DskipTests -pl local-cluster/registry";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private RegistryProcess() {
    }

    /** The registry uber-jar: system property {@value #JAR_PROPERTY}, else found in the repository. */
    public static Path locateJar() {
        String configured = System.getProperty(JAR_PROPERTY);
        Path jar = configured != null && !configured.isBlank() ? Path.of(configured) : defaultJar();
        if (!Files.isRegularFile(jar)) {
            Path absolute = jar.toAbsolutePath();
            String root = absolute.endsWith(JAR_IN_REPO) ? absolute.getRoot().resolve(absolute.subpath(0,
                    absolute.getNameCount() - Path.of(JAR_IN_REPO).getNameCount())).toString() : "<repository root>";
            throw new LauncherException("the schema registry jar " + absolute + " is missing; build it with: cd "
                    + root + " && " + BUILD_COMMAND);
        }
        return jar.toAbsolutePath();
    }

    /** Walks up from the working directory, then from our own classes, to the repository holding the registry module. */
    private static Path defaultJar() {
        for (Path start : List.of(Path.of("").toAbsolutePath(), ownLocation())) {
            for (Path dir = start; dir != null; dir = dir.getParent()) {
                if (Files.isRegularFile(dir.resolve("local-cluster/registry/pom.xml"))) {
                    return dir.resolve(JAR_IN_REPO);
                }
            }
        }
        return Path.of("").toAbsolutePath().resolve(JAR_IN_REPO);
    }

    private static Path ownLocation() {
        try {
            return Path.of(RegistryProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (Exception e) {
            return Path.of("").toAbsolutePath();
        }
    }

    /** Command line of a registry on 127.0.0.1:{@code port} storing into {@code jdbcUrl} (an H2 URL). */
    public static List<String> command(Path jar, int port, String jdbcUrl) {
        return List.of(JavaCommand.javaExecutable(), "-Xmx256m",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.http.host=127.0.0.1",
                "-Dregistry.rules.global.compatibility=BACKWARD",
                "-Dquarkus.datasource.jdbc.url=" + jdbcUrl,
                "-Dquarkus.datasource.jdbc.min-size=1",
                "-Dquarkus.datasource.jdbc.initial-size=1",
                "-jar", jar.toString());
    }

    public static String ccompatUrl(int port) {
        return "http://127.0.0.1:" + port + CCOMPAT_PATH;
    }

    /**
     * Waits until GET /subjects answers 200, then makes the ccompat API report BACKWARD too (the global rule
     * given on the command line is not what its /config shows).
     */
    public static void awaitReady(int port, Process process, Path log, Duration timeout) {
        Readiness.await("the schema registry", process, log, timeout, () -> subjectsAnswer(port));
        setBackwardCompatibility(port);
    }

    static boolean subjectsAnswer(int port) {
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(ccompatUrl(port) + "/subjects")).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().trim().startsWith("[");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static void setBackwardCompatibility(int port) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(ccompatUrl(port) + "/config"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"compatibility\":\"BACKWARD\"}"))
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new LauncherException("the schema registry refused PUT " + CCOMPAT_PATH + "/config: HTTP "
                        + response.statusCode() + " " + response.body());
            }
        } catch (IOException e) {
            throw new LauncherException("cannot set the schema registry's compatibility: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LauncherException("interrupted while configuring the schema registry", e);
        }
    }
}
