package dev.agentwatch.localcluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher against real processes: a broker and registry on free ports in a temporary run directory. */
class LocalClusterMainTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path cwd;

    private Map<String, String> env;
    private int kafkaPort;
    private int controllerPort;
    private int registryPort;

    @BeforeEach
    void freePorts() {
        kafkaPort = Ports.freePort();
        controllerPort = Ports.freePort();
        registryPort = Ports.freePort();
        env = Map.of(
                LocalClusterConfig.KAFKA_PORT_ENV, Integer.toString(kafkaPort),
                LocalClusterConfig.CONTROLLER_PORT_ENV, Integer.toString(controllerPort),
                LocalClusterConfig.REGISTRY_PORT_ENV, Integer.toString(registryPort),
                LocalClusterConfig.RUN_DIR_ENV, "run");
    }

    @AfterEach
    void stopWhateverIsLeft() {
        launcher("stop");
    }

    @Test
    void startsStopsAndRestartsKeepingData() throws Exception {
        Result start = launcher("start");
        assertThat(start.code()).as(start.toString()).isZero();
        assertThat(start.out()).contains("kafka     ready at 127.0.0.1:" + kafkaPort)
                .contains("registry  ready at http://127.0.0.1:" + registryPort + "/apis/ccompat/v7");
        List<Long> pids = pids();
        assertThat(pids).hasSize(2);

        String registry = "http://127.0.0.1:" + registryPort + RegistryProcess.CCOMPAT_PATH;
        assertThat(get(registry + "/config").body()).contains("\"BACKWARD\"");
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic("kept-topic", Optional.of(2), Optional.empty()))).all().get(30, TimeUnit.SECONDS);
        }
        HttpResponse<String> registered = post(registry + "/subjects/kept-value/versions",
                "{\"schema\":\"{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"Kept\\\",\\\"fields\\\":[{\\\"name\\\":\\\"a\\\",\\\"type\\\":\\\"string\\\"}]}\"}");
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);

        Result status = launcher("status");
        assertThat(status.out()).containsPattern("kafka\\s+\\d+\\s+yes\\s+" + kafkaPort + " \\(listening\\)")
                .containsPattern("registry\\s+\\d+\\s+yes\\s+" + registryPort + " \\(listening\\)");

        Result again = launcher("start");
        assertThat(again.code()).isZero();
        assertThat(again.out()).contains("kafka     is already running").contains("registry  is already running");
        assertThat(pids()).isEqualTo(pids);

        Result stop = launcher("stop");
        assertThat(stop.code()).as(stop.toString()).isZero();
        assertThat(stop.out()).contains("registry").contains("kafka").contains("stopped");
        for (long pid : pids) {
            assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("pid " + pid).isEmpty();
        }
        assertThat(Ports.isFree(kafkaPort)).isTrue();
        assertThat(Ports.isFree(controllerPort)).isTrue();
        assertThat(Ports.isFree(registryPort)).isTrue();
        assertThat(pids()).isEmpty();

        Result restart = launcher("start");
        assertThat(restart.code()).as(restart.toString()).isZero();
        try (Admin admin = admin()) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("kept-topic");
        }
        assertThat(get(registry + "/subjects").body()).contains("\"kept-value\"");
    }

    @Test
    void takenPortIsReportedAndNothingStarts() throws Exception {
        try (ServerSocket squatter = new ServerSocket(kafkaPort, 1, InetAddress.getLoopbackAddress())) {
            Result start = launcher("start");
            assertThat(start.code()).isEqualTo(1);
            assertThat(start.err()).contains("port " + kafkaPort
                    + " (Kafka) is already in use; set AGENTWATCH_KAFKA_PORT or run `make stop`");
            assertThat(pids()).isEmpty();
        }
    }

    @Test
    void spawnsWaitsForThePortAndStops() {
        int port = Ports.freePort();
        Result spawn = launcher("spawn", "listener", "--port", Integer.toString(port), "--",
                JavaCommand.javaExecutable(), "-cp", JavaCommand.currentClasspath(), ListenForever.class.getName(),
                Integer.toString(port));
        assertThat(spawn.code()).as(spawn.toString()).isZero();
        assertThat(Ports.isListening(port)).isTrue();
        long pid = pids().get(0);
        assertThat(ProcessOwnership.commandWords(ProcessHandle.of(pid).orElseThrow().info()))
                .contains(JavaCommand.marker("listener"));

        Result second = launcher("spawn", "listener", "--port", Integer.toString(port), "--", "false");
        assertThat(second.code()).isZero();
        assertThat(second.out()).contains("listener is already running (pid " + pid + ")");

        Result stop = launcher("stop");
        assertThat(stop.out()).contains("listener").contains("stopped");
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(Ports.isFree(port)).isTrue();
    }

    @Test
    void spawnReportsACrashWithItsLog() {
        Result spawn = launcher("spawn", "crasher", "--", JavaCommand.javaExecutable(), "-cp",
                JavaCommand.currentClasspath(), "no.such.MainClass");
        assertThat(spawn.code()).isEqualTo(1);
        assertThat(spawn.err()).contains("crasher exited with code 1").contains(Path.of("logs", "crasher.log").toString())
                .contains("no.such.MainClass");
        assertThat(pids()).isEmpty();
    }

    @Test
    void stopLeavesAProcessThatIsNotOursAlone() throws Exception {
        Process stranger = new ProcessBuilder("sleep", "60").start();
        try {
            RunDir runDir = new RunDir(cwd.resolve("run"));
            runDir.create();
            // A pid file whose pid now belongs to someone else: recorded start time differs, no marker.
            new ServiceRecord("kafka", stranger.pid(), Optional.of(Instant.EPOCH), OptionalInt.empty())
                    .write(runDir);
            Result stop = launcher("stop");
            assertThat(stop.out()).contains("kafka          (pid " + stranger.pid() + ") was not running");
            assertThat(stranger.isAlive()).isTrue();
            assertThat(Files.exists(runDir.pidFile("kafka"))).isFalse();
        } finally {
            stranger.destroyForcibly();
        }
    }

    @Test
    void badUsageExitsWithTwo() {
        assertThat(launcher().code()).isEqualTo(2);
        assertThat(launcher("launch").code()).isEqualTo(2);
        assertThat(launcher("spawn", "x").code()).isEqualTo(2);
        assertThat(launcher("spawn", "x", "--port", "nope", "--", "true").err()).contains("--port needs a number");
    }

    private Result launcher(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = LocalClusterMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env, cwd);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private List<Long> pids() {
        return ServiceRecord.all(new RunDir(cwd.resolve("run"))).stream().map(ServiceRecord::pid).toList();
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + kafkaPort));
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String url, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private record Result(int code, String out, String err) {
    }
}
