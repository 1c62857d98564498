package dev.agentwatch.window;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class SliceCalendarTest {

    private static final long SLICE = 10_000;
    private final WindowSpec spec = new WindowSpec(Duration.ofSeconds(10), Duration.ofSeconds(30), List.of(Duration.ofMinutes(1)));

    /** Random adds, range scans and polls agree with a sorted map, across wrap-around and growth. */
    @Test
    void agreesWithASortedMap() {
        Random random = new Random(7);
        SliceCalendar calendar = new SliceCalendar(SLICE, 4);
        TreeMap<Long, List<AgentWindows>> reference = new TreeMap<>();
        long head = 1_000 * SLICE;
        long evicted = head;
        for (int step = 0; step < 20_000; step++) {
            int op = random.nextInt(10);
            if (op < 6) {
                // mostly near the head, sometimes behind it (late events), growing the span up to 40 slices
                long start = head - random.nextInt(40) * SLICE;
                if (start < evicted) {
                    continue;
                }
                AgentWindows a = new AgentWindows("a" + random.nextInt(5), spec);
                calendar.add(start, a, new SliceAggregate());
                reference.computeIfAbsent(start, s -> new ArrayList<>()).add(a);
            } else if (op < 8) {
                head += random.nextInt(3) * SLICE;
            } else if (op < 9) {
                long from = head - random.nextInt(50) * SLICE - random.nextInt(2) * 3;
                long to = from + random.nextInt(20) * SLICE;
                assertThat(visited(calendar, from, to)).isEqualTo(expected(reference.subMap(from, true, to, false)));
            } else {
                long before = head - random.nextInt(40) * SLICE + random.nextInt(2) * 5;
                evicted = Math.max(evicted, before);
                List<String> polled = new ArrayList<>();
                calendar.pollBefore(before, (s, a, slice) -> polled.add(s + ":" + a.agentId()));
                assertThat(polled).isEqualTo(expected(reference.headMap(before, false)));
                reference.headMap(before, false).clear();
            }
        }
        assertThat(visited(calendar, Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo(expected(reference));
    }

    @Test
    void emptyCalendarVisitsNothingAndRestartsAnywhere() {
        SliceCalendar calendar = new SliceCalendar(SLICE, 4);
        assertThat(calendar.isEmpty()).isTrue();
        assertThat(visited(calendar, Long.MIN_VALUE, Long.MAX_VALUE)).isEmpty();
        calendar.add(5 * SLICE, new AgentWindows("a", spec), new SliceAggregate());
        calendar.pollBefore(6 * SLICE, (s, a, slice) -> { });
        assertThat(calendar.isEmpty()).isTrue();
        calendar.add(900 * SLICE, new AgentWindows("b", spec), new SliceAggregate());
        assertThat(calendar.oldestStart()).isEqualTo(900 * SLICE);
        assertThat(visited(calendar, Long.MIN_VALUE, 901 * SLICE)).containsExactly(900 * SLICE + ":b");
    }

    private static List<String> visited(SliceCalendar calendar, long from, long to) {
        List<String> out = new ArrayList<>();
        calendar.forEach(from, to, (s, a, slice) -> out.add(s + ":" + a.agentId()));
        return out;
    }

    private static List<String> expected(java.util.SortedMap<Long, List<AgentWindows>> map) {
        List<String> out = new ArrayList<>();
        map.forEach((s, agents) -> agents.forEach(a -> out.add(s + ":" + a.agentId())));
        return out;
    }
}
