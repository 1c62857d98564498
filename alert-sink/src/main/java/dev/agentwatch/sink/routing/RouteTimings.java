package dev.agentwatch.sink.routing;

import java.time.Duration;

/** How long a new group waits, how often it may change, how often an unchanged one is sent again. */
public record RouteTimings(Duration groupWait, Duration groupInterval, Duration repeatInterval) {

    /** Alertmanager's defaults. */
    public static final RouteTimings DEFAULTS = new RouteTimings(Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofHours(4));
}
