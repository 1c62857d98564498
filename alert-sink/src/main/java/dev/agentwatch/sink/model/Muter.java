package dev.agentwatch.sink.model;

import java.time.Instant;
import java.util.Map;

/**
 * Says whether a firing alert is muted now (Alertmanager's Muter). Inhibition and silences are the two; the pipeline
 * runs one muting stage for each, inhibition first.
 */
public interface Muter {

    boolean mutes(String fingerprint, Map<String, String> labels, Instant now);
}
