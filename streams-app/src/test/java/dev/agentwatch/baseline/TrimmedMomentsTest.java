package dev.agentwatch.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TrimmedMomentsTest {

    // c(a) = 1 - 2 z phi(z) / (1 - 2a), z = Phi^-1(1 - a), from Python's statistics.NormalDist
    private static final double C_ONE_FIFTH = 0.2145936773097944;
    private static final double C_ONE_SIXTH = 0.27486643521753695;

    @Test
    void fewerThanFiveValuesAreNotTrimmed() {
        TrimmedMoments t = TrimmedMoments.of(new double[] {6, 2, 4, 4}, 4);
        assertThat(t.trimmedPerSide()).isZero();
        assertThat(t.mean()).isEqualTo(4.0);
        assertThat(t.stddev()).isCloseTo(Math.sqrt(8.0 / 3), within(1e-12)); // (4 + 0 + 0 + 4) / 3
    }

    @Test
    void fiveValuesLoseOneEachSideAndTheSpreadIsCorrectedForTheCut() {
        TrimmedMoments t = TrimmedMoments.of(new double[] {10, 1, 2, 3, 4}, 5);
        assertThat(t.trimmedPerSide()).isEqualTo(1);
        assertThat(t.mean()).isEqualTo(3.0); // 2, 3, 4
        assertThat(t.stddev()).isCloseTo(Math.sqrt(1.0 / C_ONE_FIFTH), within(1e-6)); // (1 + 0 + 1) / 2
    }

    @Test
    void tenValuesLoseTwoEachSide() {
        TrimmedMoments t = TrimmedMoments.of(new double[] {100, 1, 2, 3, 4, 5, 6, 7, 8, 9}, 10);
        assertThat(t.trimmedPerSide()).isEqualTo(2);
        assertThat(t.mean()).isEqualTo(5.5); // 3..8
        assertThat(t.stddev()).isCloseTo(Math.sqrt(17.5 / 5 / C_ONE_FIFTH), within(1e-6));
    }

    @Test
    void twelveValuesLoseTwoEachSideAtOneSixth() {
        double[] v = {50, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, -40};
        TrimmedMoments t = TrimmedMoments.of(v, 12);
        assertThat(t.trimmedPerSide()).isEqualTo(2);
        assertThat(t.mean()).isEqualTo(14.5); // 11..18
        // squares of 11..18 around 14.5: 2 * (0.25 + 2.25 + 6.25 + 12.25) = 42
        assertThat(t.stddev()).isCloseTo(Math.sqrt(42.0 / 7 / C_ONE_SIXTH), within(1e-6));
    }

    @Test
    void oneValueHasNoSpreadAndNoneHasNoMoments() {
        TrimmedMoments one = TrimmedMoments.of(new double[] {7}, 1);
        assertThat(one.mean()).isEqualTo(7.0);
        assertThat(one.stddev()).isZero();
        assertThat(TrimmedMoments.of(new double[0], 0).mean()).isNaN();
    }

    @Test
    void trimCounts() {
        assertThat(TrimmedMoments.trimCount(4)).isZero();
        assertThat(TrimmedMoments.trimCount(5)).isEqualTo(1);
        assertThat(TrimmedMoments.trimCount(9)).isEqualTo(1);
        assertThat(TrimmedMoments.trimCount(12)).isEqualTo(2);
        assertThat(TrimmedMoments.trimCount(288)).isEqualTo(57);
        assertThat(TrimmedMoments.trimCount(720)).isEqualTo(144);
    }

    @Test
    void normalQuantilesMatchReferenceValues() {
        assertThat(Normal.inverseCdf(0.5)).isCloseTo(0.0, within(1e-12));
        assertThat(Normal.inverseCdf(0.8)).isCloseTo(0.8416212335729144, within(1e-8));
        assertThat(Normal.inverseCdf(0.9)).isCloseTo(1.2815515655446008, within(1e-8));
        assertThat(Normal.inverseCdf(0.975)).isCloseTo(1.9599639845400536, within(1e-8));
        assertThat(Normal.inverseCdf(0.999)).isCloseTo(3.090232306167813, within(1e-8));
        assertThat(Normal.inverseCdf(0.01)).isCloseTo(-2.3263478740408408, within(1e-8));
        assertThat(TrimmedMoments.truncatedNormalVariance(0.2)).isCloseTo(C_ONE_FIFTH, within(1e-8));
    }
}
