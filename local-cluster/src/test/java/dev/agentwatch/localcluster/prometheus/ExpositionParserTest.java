package dev.agentwatch.localcluster.prometheus;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The parser the apps' /metrics tests read their scrapes with: it reads exposition text, and refuses what is not. */
class ExpositionParserTest {

    @Test
    void familiesTypesLabelsAndValuesComeBack() {
        Exposition e = ExpositionParser.parse("""
                # HELP agentwatch_events_dead_lettered_total Events dead-lettered, by reason
                # TYPE agentwatch_events_dead_lettered_total counter
                agentwatch_events_dead_lettered_total{reason="late"} 3.0
                agentwatch_events_dead_lettered_total{reason="a \\"quoted\\" \\\\ tab\\tand=sign"} 1.0
                # HELP t_seconds A summary
                # TYPE t_seconds summary
                t_seconds_count 2.0
                t_seconds_sum 0.5
                # TYPE g gauge
                g NaN
                """);
        assertThat(e.untyped()).isEmpty();
        assertThat(e.sampleNames()).containsExactly("agentwatch_events_dead_lettered_total", "t_seconds_count", "t_seconds_sum", "g");
        assertThat(e.value("agentwatch_events_dead_lettered_total", "reason", "late")).isEqualTo(3.0);
        assertThat(e.samples("agentwatch_events_dead_lettered_total").get(1).labels())
                .isEqualTo(Map.of("reason", "a \"quoted\" \\ tab\\tand=sign"));
        assertThat(e.familyOf("t_seconds_sum").orElseThrow().type()).isEqualTo("summary");
        assertThat(e.familyOf("agentwatch_events_dead_lettered_total").orElseThrow().help()).isEqualTo("Events dead-lettered, by reason");
        assertThat(e.value("g")).isNaN();
        assertThat(e.value("absent")).isNaN();
    }

    @Test
    void brokenTextIsRefusedWithTheParsersWords() {
        assertThatThrownBy(() -> ExpositionParser.parse("x{a=\"b} 1\n")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid metric name");
        assertThatThrownBy(() -> ExpositionParser.parse("# TYPE x gauge\nx abc\n")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("could not convert");
    }

    @Test
    void aSampleWithoutItsTypeLineIsUntyped() {
        assertThat(ExpositionParser.parse("# TYPE y gauge\ny 1\nz 2\n").untyped()).containsExactly("z");
    }
}
