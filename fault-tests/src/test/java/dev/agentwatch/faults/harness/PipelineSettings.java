package dev.agentwatch.faults.harness;

/**
 * What a fault test chooses about the product it runs; everything else is config/agentwatch.yaml as `make run` reads
 * it. No replication factor here: topics take the broker's default, as the product does by default.
 *
 * @param partitions      of the metrics, DLQ and alerts topics
 * @param standbyReplicas {@code streams.num_standby_replicas}
 * @param heap            the streams app's {@code -Xmx}; `make run` gives it 1g
 */
public record PipelineSettings(int partitions, int standbyReplicas, String heap) {

    public static final PipelineSettings DEFAULTS = new PipelineSettings(6, 0, "1g");

    public PipelineSettings withStandbyReplicas(int n) {
        return new PipelineSettings(partitions, n, heap);
    }
}
