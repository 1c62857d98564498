package dev.agentwatch.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Pins the exact bytes of format version 1: slices live in RocksDB and changelog topics, so a restarted
 * upgrade must read what the previous version wrote, and write the same. The expected bytes were produced by
 * the implementation that first shipped the format; a change here is a format change and needs a new version.
 */
class SliceFormatTest {

    private static final int A = SliceAggregate.ABSENT;
    private static final double NA = Double.NaN;
    private static final HexFormat HEX = HexFormat.of();

    /** Case name, the slice, the bytes version 1 writes for it and its hashCode. */
    private record Case(String name, Supplier<SliceAggregate> slice, String hex, int hash) {
    }

    private static final Case[] CASES = {
        new Case("empty", SliceAggregate::new, "0100", 0),
        new Case("empty with finer sketches", () -> new SliceAggregate(0.002), "018004013f60624dd2f1a9fc8150013f60624dd2f1a9fc8150013f60624dd2f1a9fc8150", 0),
        new Case("requests only", SliceFormatTest::requestsOnly, "0101031a0104", -388576956),
        new Case("some groups, fractional weight", SliceFormatTest::someGroups,
                "01ff040301401eaaaaaaaaaaab0101400aaaaaaaaaaaab0101400aaaaaaaaaaaabc03e00e01201d00f0101400aaaaaaa"
                + "aaaaab0140a52700000000000140896200000000000101400aaaaaaaaaaaab013f8cac083126e979013f713404ea4a8c"
                + "1501140000000101400aaaaaaaaaaaab00049e05010001400aaaaaaaaaaaab04c605010001400aaaaaaaaaaaab04a104"
                + "010001400aaaaaaaaaaaab",
                585118098),
        new Case("every group, custom metrics, evidence, event ids", SliceFormatTest::everyGroup,
                "01ff0f9601940a094e9601940a969f41aaf70ef41796018a821a9601940aa0a6ce010140b33080000000009601940a01"
                + "404e8c0000000003013fc7d70a3d70a3d79601b6209601b6207e9601940a22021468616c6c7563696e6174696f6e5f73"
                + "636f72659601940a014072480000000000013feccccccccccccd076d617267696e26be020140c6414000000000014062"
                + "300000000000000005b28692a598630a6576656e742d3134350089010a6576656e742d3134360a74726163652d313436"
                + "89010a6576656e742d3134370089010a6576656e742d3134380a74726163652d31343889010a6576656e742d31343900"
                + "04ec0228001c481a1c1a111a0c1a091a081a061a061a041a051a032e031e031c032e021e021c022e021e021c012e021e"
                + "011c012e011e011c012e011e011c012e001e011c012e001e011c002e001e011c002e001e04e404320002010401140102"
                + "010801280104000801280104000c01500008011000500006010c003c0006010c003c0006000c003c0006000c00280004"
                + "000c003c0006000c003c0006000c003c000600480008001000500014003c000600480006003000040030000206029b05"
                + "680004221413020e040a1408020704051405020404041404020304021403020204021402020104021402020104011401"
                + "020104011401020104011400020104011400020104001400020104001400020104001400020004001401020004001400"
                + "020004001400020004001400020004001600040014000200040016000400140002001800020018000200180002001800"
                + "020018000200180006001400060016001800060016000400160018001a00060016001800060016001a0018001a000600"
                + "1a0016001a0018001a001a001a001a001a0a0082f866ceb4d760b29e3779b97f4a7c15b338013354bf9101c83888ad2a"
                + "34a5ede3779b97f4a7c150f8782311ca1cd63c0d78aa8b9f91eb2828b7bd766a05068b3db844f03f7a1b776df7df54df"
                + "624bc6",
                2042263774),
        new Case("maxima and evidence without counts", SliceFormatTest::maximaOnly,
                "019a0200000000f4170000000140b3308000000000000000013fc7d70a3d70a3d705b28692a598630a6576656e742d31"
                + "34350089010a6576656e742d3134360a74726163652d31343689010a6576656e742d3134370089010a6576656e742d31"
                + "34380a74726163652d31343889010a6576656e742d31343900",
                0),
        new Case("counts with reset maxima", SliceFormatTest::resetMaxima,
                "01ff0d9601940a094e9601940a969f41aaf70e017ff800000000000096018a821a9601940aa0a6ce01017ff800000000"
                + "00009601940a01404e8c0000000003017ff80000000000009601b6209601b6207e9601940a22021468616c6c7563696e"
                + "6174696f6e5f73636f72659601940a014072480000000000017ff8000000000000076d617267696e26be020140c64140"
                + "00000000017ff8000000000000000004ec0228001c481a1c1a111a0c1a091a081a061a061a041a051a032e031e031c03"
                + "2e021e021c022e021e021c012e021e011c012e011e011c012e011e011c012e001e011c012e001e011c002e001e011c00"
                + "2e001e04e404320002010401140102010801280104000801280104000c01500008011000500006010c003c0006010c00"
                + "3c0006000c003c0006000c00280004000c003c0006000c003c0006000c003c000600480008001000500014003c000600"
                + "480006003000040030000206029b05680004221413020e040a1408020704051405020404041404020304021403020204"
                + "021402020104021402020104011401020104011401020104011400020104011400020104001400020104001400020104"
                + "001400020004001401020004001400020004001400020004001400020004001600040014000200040016000400140002"
                + "001800020018000200180002001800020018000200180006001400060016001800060016000400160018001a00060016"
                + "001800060016001a0018001a0006001a0016001a0018001a001a001a001a001a0a0082f866ceb4d760b29e3779b97f4a"
                + "7c15b338013354bf9101c83888ad2a34a5ede3779b97f4a7c150f8782311ca1cd63c0d78aa8b9f91eb2828b7bd766a05"
                + "068b3db844f03f7a1b776df7df54df624bc6",
                2042263774),
        new Case("window after a subtract, latency sketch only", SliceFormatTest::window,
                "01fd0402180000011c02180140a9c70000000000ec040104013f789374bc6a7efc013f847ae147ae147b022401100001"
                + "142804ce0302000437140000",
                -1622982406),
        new Case("negative zero and beyond 2^53", SliceFormatTest::extremes,
                "01fb0402014004000000000000000001020143b0000000000000060143b0000000000000010200018000000000000000"
                + "02014004000000000000013d7a636641c4df1a013d719799812dea110100010000010200020204c02001000202014004"
                + "000000000000",
                -2051978874),
        new Case("dropped custom metric names", SliceFormatTest::droppedCustomNames,
                "0181012346000020096d65747269635f3001020000096d65747269635f3101020202096d65747269635f320102040409"
                + "6d65747269635f3301020606096d65747269635f3401020808096d65747269635f3501020a0a096d65747269635f3601"
                + "020c0c096d65747269635f3701020e0e096d65747269635f3801021010096d65747269635f39010212120a6d65747269"
                + "635f3130010214140a6d65747269635f3131010216160a6d65747269635f3132010218180a6d65747269635f31330102"
                + "1a1a0a6d65747269635f313401021c1c0a6d65747269635f313501021e1e0a6d65747269635f3136010220200a6d6574"
                + "7269635f3137010222220a6d65747269635f3138010224240a6d65747269635f3139010226260a6d65747269635f3230"
                + "010228280a6d65747269635f323101022a2a0a6d65747269635f323201022c2c0a6d65747269635f323301022e2e0a6d"
                + "65747269635f3234010230300a6d65747269635f3235010232320a6d65747269635f3236010234340a6d65747269635f"
                + "3237010236360a6d65747269635f3238010238380a6d65747269635f323901023a3a0a6d65747269635f333001023c3c"
                + "0a6d65747269635f333101023e3e0306",
                -335844066),
    };

    @TestFactory
    Stream<DynamicTest> version1Bytes() {
        return Stream.of(CASES).map(c -> DynamicTest.dynamicTest(c.name, () -> {
            SliceAggregate slice = c.slice.get();
            ByteBuffer buffer = ByteBuffer.allocate(slice.encodedSize());
            slice.encode(buffer);
            assertThat(buffer.remaining()).as("encodedSize is exact").isZero();
            assertThat(HEX.formatHex(buffer.array())).as("encoded bytes").isEqualTo(c.hex);
            assertThat(slice.hashCode()).as("hashCode").isEqualTo(c.hash);

            SliceAggregate decoded = SliceAggregate.decode(ByteBuffer.wrap(HEX.parseHex(c.hex)));
            assertThat(decoded).as("decoded from the version 1 bytes").isEqualTo(slice);
            SliceAggregate reused = new SliceAggregate(0.002); // holds other data and another accuracy
            reused.add(3, false, 7, 8, 9, 10, 11, 2, 1, 1);
            reused.addCustomMetric("other", 1, 3);
            reused.addEvidence("e", "t", 5);
            reused.readFrom(ByteBuffer.wrap(HEX.parseHex(c.hex)));
            assertThat(reused).as("read over a used aggregate").isEqualTo(slice);
        }));
    }

    private static SliceAggregate requestsOnly() {
        SliceAggregate s = new SliceAggregate();
        s.add(1, true, A, A, A, NA, NA, A, A, A);
        s.add(2, false, A, A, A, NA, NA, A, A, A);
        s.add(10, true, A, A, A, NA, NA, A, A, A);
        return s;
    }

    private static SliceAggregate someGroups() {
        SliceAggregate s = new SliceAggregate();
        double w = SliceAggregate.weightForSampleRate(0.3);
        s.add(w, true, 1_200, A, A, 812.25, NA, A, A, 0);
        s.add(w, false, A, A, 300, NA, 0.0042, 3, A, A); // tool calls without failures
        s.add(1, true, A, A, A, NA, NA, A, 2, A); // failures without tool calls count nowhere
        return s;
    }

    /** 150 events (multi-byte counts), every field, several weights; values from arithmetic, not a random source. */
    private static SliceAggregate everyGroup() {
        SliceAggregate s = new SliceAggregate();
        for (int i = 0; i < 150; i++) {
            double w = i % 3 == 0 ? 1 : i % 3 == 1 ? 2 : 10;
            double latency = 37.5 + (i * 7919) % 40 * 125;
            double cost = i * 0.00125;
            s.add(w, i % 17 != 0, 400 + (i * 13) % 900, 50 + (i * 7) % 300, (i * 31) % 700, latency, cost,
                    i % 6, i % 11 == 0 ? 1 : 0, i % 9 == 0 ? 1 : 0);
            s.addCustomMetric("hallucination_score", (i % 10) / 10.0, w);
            if (i % 4 == 0) {
                s.addCustomMetric("margin", -2.5 + i, w);
            }
            if (i % 15 != 0 || s.rememberEventId(0x9E3779B97F4A7C15L * (i + 1))) {
                s.addEvidence("event-" + i, i % 2 == 0 ? "trace-" + i : null, 1_704_067_200_000L + 137L * i);
            }
        }
        return s;
    }

    private static SliceAggregate maximaOnly() {
        SliceAggregate s = new SliceAggregate();
        s.mergeMaxima(everyGroup());
        return s;
    }

    private static SliceAggregate resetMaxima() {
        SliceAggregate s = everyGroup();
        s.resetMaxima();
        return s;
    }

    private static SliceAggregate window() {
        SliceAggregate older = new SliceAggregate();
        older.add(2, false, 100, 20, 5, 250.5, 0.01, 2, 1, 1);
        older.add(1, true, 80, A, A, 120, NA, A, A, A);
        SliceAggregate newer = new SliceAggregate();
        newer.add(2, true, A, A, 7, 99.75, 0.003, 4, 0, A);
        newer.add(10, true, A, A, A, 310, NA, 1, A, 2);
        SliceAggregate w = new SliceAggregate().withoutEvidence().keepSketchesOnly(SliceAggregate.LATENCY_SKETCH);
        w.merge(older);
        w.merge(newer);
        w.subtract(older); // the only events with tokens leave
        return w;
    }

    private static SliceAggregate extremes() {
        SliceAggregate s = new SliceAggregate();
        s.add(1, true, 1L << 60, 3, A, -0.0, 0, 0, 0, 0);
        s.add(1.5, true, A, A, A, NA, 1e-12, A, A, A);
        return s;
    }

    private static SliceAggregate droppedCustomNames() {
        SliceAggregate s = new SliceAggregate();
        for (int i = 0; i < CustomMetrics.MAX_NAMES + 3; i++) {
            s.add(1, true, A, A, A, NA, NA, A, A, A);
            s.addCustomMetric("metric_" + i, i, 1);
        }
        return s;
    }
}
