package dev.agentwatch.localcluster;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/** {@code spawn NAME [--port P] [--timeout S] -- CMD ARGS...}: any other process, detached like the broker. */
final class SpawnCommand {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);
    /** How long a process without a port must survive to count as started; catches instant crashes. */
    static final Duration SURVIVAL_CHECK = Duration.ofSeconds(1);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private final RunDir runDir;
    private final PrintStream out;

    SpawnCommand(LocalClusterConfig config, PrintStream out) {
        this.runDir = new RunDir(config.runDir());
        this.out = out;
    }

    /** Parsed arguments of {@code spawn}. */
    record Request(String name, OptionalInt port, Duration timeout, List<String> command) {
    }

    static Request parse(List<String> args) {
        int separator = args.indexOf("--");
        if (args.isEmpty() || separator < 1 || separator == args.size() - 1) {
            throw new UsageException("spawn needs a name, then --, then the command");
        }
        String name = args.get(0);
        if (!NAME.matcher(name).matches()) {
            throw new UsageException("spawn: '" + name + "' is not a valid name (letters, digits, . _ -)");
        }
        OptionalInt port = OptionalInt.empty();
        Duration timeout = DEFAULT_TIMEOUT;
        List<String> options = args.subList(1, separator);
        for (int i = 0; i < options.size(); i++) {
            String option = options.get(i);
            if (i + 1 >= options.size()) {
                throw new UsageException("spawn: " + option + " needs a value");
            }
            String value = options.get(++i);
            switch (option) {
                case "--port" -> port = OptionalInt.of(number(option, value));
                case "--timeout" -> timeout = Duration.ofSeconds(number(option, value));
                default -> throw new UsageException("spawn: unknown option " + option);
            }
        }
        return new Request(name, port, timeout, List.copyOf(args.subList(separator + 1, args.size())));
    }

    int run(Request request) {
        runDir.create();
        Optional<ServiceRecord> previous = ServiceRecord.read(runDir, request.name());
        if (previous.isPresent()) {
            Optional<ProcessHandle> live = ProcessOwnership.liveProcess(previous.get());
            if (live.isPresent()) {
                out.printf("%s is already running (pid %d); not starting a second one%n", request.name(), live.get().pid());
                return 0;
            }
            previous.get().delete(runDir);
        }
        if (request.port().isPresent() && !Ports.isFree(request.port().getAsInt())) {
            throw new LauncherException("port " + request.port().getAsInt() + " (" + request.name()
                    + ") is already in use; free it or run `make stop`");
        }
        long t0 = System.nanoTime();
        DetachedProcess.Started started = DetachedProcess.start(runDir, request.name(), request.command(), request.port());
        try {
            if (request.port().isPresent()) {
                int port = request.port().getAsInt();
                Readiness.await(request.name(), started.process(), started.log(), request.timeout(), () -> Ports.isListening(port));
            } else {
                Readiness.sleep(SURVIVAL_CHECK);
                Readiness.checkAlive(request.name(), started.process(), started.log());
            }
        } catch (RuntimeException e) {
            ProcessOwnership.stop(started.process().toHandle(), Duration.ofSeconds(10));
            started.record().delete(runDir);
            throw e;
        }
        out.printf("%-9s started in %.1f s (pid %d%s, log %s)%n", request.name(), (System.nanoTime() - t0) / 1e9,
                started.record().pid(), request.port().isPresent() ? ", port " + request.port().getAsInt() : "", started.log());
        return 0;
    }

    private static int number(String option, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new UsageException("spawn: " + option + " needs a number, not '" + value + "'");
        }
    }
}
