package dev.agentwatch.streams.agents;

/**
 * One task's event time. Three rules, each against one way real traffic breaks event time:
 * <ul>
 *   <li>An event counts at its timestamp, but one stamped further ahead of the wall clock than the grace period
 *       counts at its arrival ({@link #foldTime}): a producer whose clock runs a day fast cannot move the task into
 *       the future, where every real event would be late and every open alert would resolve.</li>
 *   <li>The task's event time is the latest time an accepted event counted at (the watermark); slice
 *       boundaries follow it.</li>
 *   <li>When no event came for {@code idleAdvanceAfter} of wall-clock time, event time follows the wall clock,
 *       so the windows of silent agents still slide and their alerts resolve, keep or fire on time.</li>
 * </ul>
 * Which events are late is not decided here but per agent, against the agent's own latest event
 * ({@link AgentWindows#lastEventMs()}), so one agent catching up on a backlog is not late because its
 * partition-mates moved on.
 */
public final class EventClock {

    private final long idleAdvanceAfterMs;
    private final long skewMs;
    private long watermark = Long.MIN_VALUE;
    /** Wall-clock time of the last event of this incarnation; MIN until one arrives (no idle advance on a backlog). */
    private long lastEventWallMs = Long.MIN_VALUE;
    private long watermarkAtLastEvent = Long.MIN_VALUE;

    /**
     * @param skewMs how far ahead of the wall clock an event may be stamped and still count at its timestamp (the
     *               grace period): a producer clock a little fast, whose retries must meet their originals in the
     *               same slice to count once
     */
    public EventClock(long idleAdvanceAfterMs, long skewMs) {
        this.idleAdvanceAfterMs = idleAdvanceAfterMs;
        this.skewMs = skewMs;
    }

    /** The time an event stamped {@code timestampMs} counts at when it arrives at {@code wallMs}. */
    public long foldTime(long timestampMs, long wallMs) {
        return timestampMs <= wallMs + skewMs ? timestampMs : wallMs;
    }

    /** The task's event time; MIN_VALUE before any event. */
    public long watermark() {
        return watermark;
    }

    /** Whether an event counting at {@code foldTs} moves event time forward. */
    public boolean advancesWith(long foldTs) {
        return foldTs > watermark;
    }

    /** An accepted event counted at {@code foldTs}, arriving at {@code wallMs}. */
    public void counted(long foldTs, long wallMs) {
        if (foldTs > watermark) {
            watermark = foldTs;
        }
        lastEventWallMs = wallMs;
        watermarkAtLastEvent = watermark;
    }

    /**
     * Event time after {@code idleAdvanceAfter} without events: the watermark of the last event plus the
     * wall-clock time since. Returns the new watermark, or MIN_VALUE when it does not move.
     */
    public long idleAdvance(long wallMs) {
        if (lastEventWallMs == Long.MIN_VALUE) {
            return Long.MIN_VALUE;
        }
        long idle = wallMs - lastEventWallMs;
        if (idle < idleAdvanceAfterMs) {
            return Long.MIN_VALUE;
        }
        long virtual = watermarkAtLastEvent + idle;
        if (virtual <= watermark) {
            return Long.MIN_VALUE;
        }
        watermark = virtual;
        return virtual;
    }

    /** Back to a stored watermark at task start; a task that stays silent then still follows the wall clock. */
    public void restore(long storedWatermark, long wallMs) {
        watermark = storedWatermark;
        lastEventWallMs = storedWatermark == Long.MIN_VALUE ? Long.MIN_VALUE : wallMs;
        watermarkAtLastEvent = storedWatermark;
    }
}
