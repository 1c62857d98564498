package dev.agentwatch.sink.testing;

import dev.agentwatch.sink.delivery.DeliveryListener;
import dev.agentwatch.sink.model.Notification;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records when (in the clock's time) each attempt, delivery and parking happened. */
public final class RecordingListener implements DeliveryListener {

    public record Event(String kind, String integration, Notification notification, Instant at) {
    }

    public final List<Event> events = new CopyOnWriteArrayList<>();

    @Override
    public void attempted(String integration, Notification n, Instant at) {
        events.add(new Event("attempt", integration, n, at));
    }

    @Override
    public void delivered(String integration, Notification n, int attempts, Instant at) {
        events.add(new Event("delivered", integration, n, at));
    }

    @Override
    public void parked(String integration, Notification n, String reason, Instant at) {
        events.add(new Event("parked", integration, n, at));
    }

    @Override
    public void abandoned(String integration, Notification n, String reason, Instant at) {
        events.add(new Event("abandoned", integration, n, at));
    }

    public List<Instant> attemptTimes(String integration) {
        return events.stream().filter(e -> e.kind().equals("attempt") && e.integration().equals(integration)).map(Event::at).toList();
    }

    public List<Event> delivered() {
        return events.stream().filter(e -> e.kind().equals("delivered")).toList();
    }
}
