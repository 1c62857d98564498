package dev.agentwatch.baseline;

import dev.agentwatch.window.SliceAggregate;

/**
 * One bucket of a tier: while open, the merged aggregate of its slices (whole sketches, so its percentiles
 * are exact when it closes); once sealed, only the stored value of the reduced aggregate, which is both the
 * smallest form in memory and what the store holds.
 */
final class Bucket {

    private SliceAggregate open;
    private byte[] sealed;

    private Bucket(SliceAggregate open, byte[] sealed) {
        this.open = open;
        this.sealed = sealed;
    }

    static Bucket empty() {
        return new Bucket(new SliceAggregate(), null);
    }

    /** From a stored value ({@link BucketCodec}), in the current format whatever the stored one. */
    static Bucket restored(byte[] value) {
        byte[] current = BucketCodec.current(value);
        return BucketCodec.isSealed(current) ? new Bucket(null, current) : new Bucket(BucketCodec.decode(current), null);
    }

    boolean isSealed() {
        return open == null;
    }

    /** Folds a slice in, without its evidence. Only while open. */
    void add(SliceAggregate slice) {
        open.merge(slice);
        open.clearEvidence();
    }

    /** Reduces the aggregate and keeps only its stored form; returns that value. */
    byte[] seal() {
        SketchReduction.reduce(open);
        sealed = BucketCodec.encodeSealed(open);
        open = null;
        return sealed;
    }

    /** The value to store now. */
    byte[] value() {
        return isSealed() ? sealed : BucketCodec.encodeOpen(open);
    }

    /** The aggregate to evaluate metrics on: the open one, or the sealed one decoded into {@code scratch}. */
    SliceAggregate aggregate(SliceAggregate scratch) {
        if (open != null) {
            return open;
        }
        BucketCodec.decodeInto(sealed, scratch);
        return scratch;
    }
}
