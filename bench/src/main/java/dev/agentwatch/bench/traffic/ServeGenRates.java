package dev.agentwatch.bench.traffic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Long-run request rates of the ServeGen reasoning-model tenants: per tenant, the mean of {@code rate_rps} over all
 * its 600 s windows (idle ones included). How unequal these are is what per-agent arrival rates copy.
 */
public final class ServeGenRates {

    public static final String ATTRIBUTION = "Alibaba ServeGen deepseek-r1 tenant rate profiles, Apache-2.0";

    private ServeGenRates() {
    }

    /** One positive rate per tenant with any traffic. */
    public static double[] read(Path folder) {
        List<Double> rates = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith("-trace.csv")).sorted().toList()) {
                double mean = meanRate(f);
                if (mean > 0) {
                    rates.add(mean);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
        if (rates.isEmpty()) {
            throw new IllegalArgumentException(folder + ": no tenant with traffic");
        }
        return rates.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double meanRate(Path file) throws IOException {
        double sum = 0;
        int windows = 0;
        for (String line : Files.readAllLines(file)) {
            String[] f = line.split(",", -1);
            if (f.length < 2 || line.isBlank()) {
                continue;
            }
            sum += Double.parseDouble(f[1]);
            windows++;
        }
        return windows == 0 ? 0 : sum / windows;
    }
}
