package dev.agentwatch.localcluster;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The launcher behind {@code make run}, {@code make stop} and {@code make status}: starts a real Kafka broker,
 * the schema registry and the apps as detached processes under the run directory, and stops exactly those.
 */
public final class LocalClusterMain {

    public static final String USAGE = String.join("\n",
            "usage: LocalClusterMain start",
            "       LocalClusterMain spawn NAME [--port PORT] [--timeout SECONDS] -- COMMAND [ARGS...]",
            "       LocalClusterMain stop",
            "       LocalClusterMain status",
            "environment: " + LocalClusterConfig.KAFKA_PORT_ENV + " (" + LocalClusterConfig.DEFAULT_KAFKA_PORT + "), "
                    + LocalClusterConfig.CONTROLLER_PORT_ENV + " (" + LocalClusterConfig.DEFAULT_CONTROLLER_PORT + "), "
                    + LocalClusterConfig.REGISTRY_PORT_ENV + " (" + LocalClusterConfig.DEFAULT_REGISTRY_PORT + "), "
                    + LocalClusterConfig.RUN_DIR_ENV + " (" + LocalClusterConfig.DEFAULT_RUN_DIR + ")");

    private static final String LOG4J_CONFIG = "/dev/agentwatch/localcluster/log4j2-launcher.xml";

    private LocalClusterMain() {
    }

    public static void main(String[] args) {
        // Before anything logs: the Kafka admin client would otherwise print its config dump and retries here.
        System.setProperty("log4j2.configurationFile",
                Objects.requireNonNull(LocalClusterMain.class.getResource(LOG4J_CONFIG), LOG4J_CONFIG).toString());
        System.exit(run(args, System.out, System.err, System.getenv(), Path.of("")));
    }

    /** Runs one subcommand and returns the exit code: 0 done, 1 failed (message on {@code err}), 2 bad usage. */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env, Path cwd) {
        List<String> arguments = Arrays.asList(args);
        try {
            if (arguments.isEmpty()) {
                throw new UsageException("no command given");
            }
            LocalClusterConfig config = LocalClusterConfig.fromEnv(env, cwd);
            String command = arguments.get(0);
            List<String> rest = arguments.subList(1, arguments.size());
            if (!command.equals("spawn") && !rest.isEmpty()) {
                throw new UsageException(command + " takes no arguments");
            }
            return switch (command) {
                case "start" -> new StartCommand(config, out).run();
                case "spawn" -> new SpawnCommand(config, out).run(SpawnCommand.parse(rest));
                case "stop" -> new StopCommand(config, out).run();
                case "status" -> new StatusCommand(config, out).run();
                default -> throw new UsageException("unknown command '" + command + "'");
            };
        } catch (UsageException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 2;
        } catch (LauncherException | UncheckedIOException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
    }
}
