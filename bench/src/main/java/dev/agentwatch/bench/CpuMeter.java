package dev.agentwatch.bench;

import java.util.Locale;

/**
 * Who used the CPUs during a phase: this JVM, the broker, the registry, and everything else on the machine (other
 * engineers' builds), in cores. Measurements on a shared 2-core box mean little without it.
 */
final class CpuMeter {

    private final long brokerPid;
    private final long registryPid;

    CpuMeter(long brokerPid, long registryPid) {
        this.brokerPid = brokerPid;
        this.registryPid = registryPid;
    }

    /** Counters at one instant. */
    record Snapshot(long self, long broker, long registry, long busy, long total) {
    }

    Snapshot snapshot() {
        long[] machine = ProcFs.machineTicks();
        return new Snapshot(ProcFs.processTicks(ProcessHandle.current().pid()), ProcFs.processTicks(brokerPid),
                ProcFs.processTicks(registryPid), machine[0], machine[1]);
    }

    /** "load 1.23 0.98 0.77; cores: bench 1.10, broker 0.60, registry 0.00, others 0.15 of 2". */
    String since(Snapshot start) {
        Snapshot end = snapshot();
        int cpus = Runtime.getRuntime().availableProcessors();
        double ticksPerCpu = (double) (end.total - start.total) / cpus;
        if (ticksPerCpu <= 0) {
            return "load " + ProcFs.loadAverage();
        }
        double self = (end.self - start.self) / ticksPerCpu;
        double broker = (end.broker - start.broker) / ticksPerCpu;
        double registry = (end.registry - start.registry) / ticksPerCpu;
        double busy = (end.busy - start.busy) / ticksPerCpu;
        double others = Math.max(0, busy - self - broker - registry);
        return String.format(Locale.ROOT, "load %s; cores: bench %.2f, broker %.2f, registry %.2f, others %.2f of %d",
                ProcFs.loadAverage(), self, broker, registry, others, cpus);
    }
}
