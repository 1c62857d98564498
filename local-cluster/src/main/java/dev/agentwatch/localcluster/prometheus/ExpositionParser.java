package dev.agentwatch.localcluster.prometheus;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Parses Prometheus text exposition with a real parser, not a pattern: {@code prometheus_client.parser} of the
 * Prometheus project's Python client (Debian's {@code python3-prometheus-client}, installed with apt-get when
 * missing), run by Debian's {@code /usr/bin/python3}. Malformed text (a bad label, a bad value, a broken line)
 * makes it fail, and the test with it.
 */
public final class ExpositionParser {

    public static final String PYTHON = "/usr/bin/python3";
    public static final String DEBIAN_PACKAGE = "python3-prometheus-client";

    /** Reads the text on stdin; prints each family and sample on a line, fields tab-separated and %-escaped. */
    private static final String SCRIPT = """
            import sys, urllib.parse
            from prometheus_client.parser import text_string_to_metric_families
            q = lambda s: urllib.parse.quote(str(s), safe='')
            out = []
            for f in text_string_to_metric_families(sys.stdin.read()):
                out.append('\\t'.join(['F', q(f.name), q(f.type), q(f.documentation)]))
                for s in f.samples:
                    out.append('\\t'.join(['S', q(s.name), repr(float(s.value))]
                                         + [q(k) + '=' + q(v) for k, v in sorted(s.labels.items())]))
            print('\\n'.join(out))
            """;

    private ExpositionParser() {
    }

    /** Parses {@code text}; throws IllegalArgumentException with the parser's words when it is not valid exposition. */
    public static Exposition parse(String text) {
        DebianPackages.require(PYTHON, "prometheus_client.parser", DEBIAN_PACKAGE);
        String out = run(text);
        List<Exposition.Family> families = new ArrayList<>();
        String name = null;
        String type = null;
        String help = null;
        List<Exposition.Sample> samples = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f[0].equals("F")) {
                if (name != null) {
                    families.add(new Exposition.Family(name, type, help, List.copyOf(samples)));
                }
                name = decode(f[1]);
                type = decode(f[2]);
                help = decode(f[3]);
                samples = new ArrayList<>();
            } else {
                Map<String, String> labels = new LinkedHashMap<>();
                for (int i = 3; i < f.length; i++) {
                    int eq = f[i].indexOf('=');
                    labels.put(decode(f[i].substring(0, eq)), decode(f[i].substring(eq + 1)));
                }
                samples.add(new Exposition.Sample(decode(f[1]), Map.copyOf(labels), number(f[2])));
            }
        }
        if (name != null) {
            families.add(new Exposition.Family(name, type, help, List.copyOf(samples)));
        }
        return new Exposition(families);
    }

    private static String run(String text) {
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", SCRIPT).redirectErrorStream(false).start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(text.getBytes(StandardCharsets.UTF_8));
            }
            byte[] stdout = p.getInputStream().readAllBytes();
            byte[] stderr = p.getErrorStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("the Prometheus text parser did not finish in 60 s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalArgumentException("not valid Prometheus text exposition: "
                        + new String(stderr, StandardCharsets.UTF_8).strip());
            }
            return new String(stdout, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + PYTHON + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static double number(String s) {
        return switch (s) {
            case "nan" -> Double.NaN;
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s);
        };
    }
}
