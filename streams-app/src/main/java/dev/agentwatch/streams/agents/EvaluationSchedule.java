package dev.agentwatch.streams.agents;

import dev.agentwatch.alerting.AlertEvaluator;
import dev.agentwatch.ingest.IngestCounters;
import dev.agentwatch.rules.RuleSet;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a task's event time reaches a new boundary, judges its agents if an evaluation interval has passed
 * (Prometheus' evaluation_interval, in event time). An evaluation that fails is not the fault of whichever record
 * moved the clock: that record still counts, and the next evaluation judges every agent again.
 */
final class EvaluationSchedule {

    private static final Logger log = LoggerFactory.getLogger(EvaluationSchedule.class);

    private final AlertEvaluator alerts;
    private final IngestCounters counters;

    EvaluationSchedule(AlertEvaluator alerts, IngestCounters counters) {
        this.alerts = alerts;
        this.counters = counters;
    }

    void onBoundary(long boundary, RuleSet rules) {
        if (!alerts.due(boundary, rules)) {
            return;
        }
        try {
            alerts.evaluate(boundary, rules);
        } catch (KafkaException e) {
            throw e; // an alert that cannot be written must not be dropped
        } catch (RuntimeException e) {
            counters.processingFailure();
            log.error("alert evaluation at {} failed; the next one will judge every agent again", boundary, e);
        }
    }
}
