package dev.agentwatch.streams.agents;

import dev.agentwatch.window.AgentWindows;
import dev.agentwatch.window.SliceAggregate;
import org.apache.kafka.common.utils.Bytes;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Writes changed slices to the slice store once per commit instead of once per event: an event marks its slice,
 * and {@link #saveAll} (run by {@link SliceStore#beforeCommit}) encodes and writes each marked slice once,
 * however many events it took meanwhile. Each slice is in the list at most once: its index is kept in
 * {@link SliceAggregate#writeBackSlot()}.
 */
final class SliceWriteBack {

    private final SliceStore store;
    private SliceAggregate[] unsaved = new SliceAggregate[1024];
    private AgentWindows[] unsavedAgent = new AgentWindows[1024];
    private long[] unsavedStart = new long[1024];
    private int unsavedCount;
    private ByteBuffer buffer = ByteBuffer.allocate(4096);

    SliceWriteBack(SliceStore store) {
        this.store = store;
    }

    /** The slice changed; it is written before the next commit. */
    void mark(AgentWindows a, long sliceStart, SliceAggregate slice) {
        if (slice.writeBackSlot() >= 0) {
            return;
        }
        if (unsavedCount == unsaved.length) {
            int n = unsavedCount * 2;
            unsaved = Arrays.copyOf(unsaved, n);
            unsavedAgent = Arrays.copyOf(unsavedAgent, n);
            unsavedStart = Arrays.copyOf(unsavedStart, n);
        }
        unsaved[unsavedCount] = slice;
        unsavedAgent[unsavedCount] = a;
        unsavedStart[unsavedCount] = sliceStart;
        slice.writeBackSlot(unsavedCount++);
    }

    /** Writes the slice now if it is marked, and takes it off the list: its object is about to be reused. */
    void saveIfMarked(AgentWindows a, long sliceStart, SliceAggregate slice) {
        if (slice.writeBackSlot() >= 0) {
            unsaved[slice.writeBackSlot()] = null;
            save(a, sliceStart, slice);
        }
    }

    /** Takes the slice off the list without writing it: its store key is being deleted. */
    void unmark(SliceAggregate slice) {
        if (slice.writeBackSlot() >= 0) {
            unsaved[slice.writeBackSlot()] = null;
            slice.writeBackSlot(-1);
        }
    }

    /** Before each commit: every slice changed since the last one goes to the store (and its changelog). */
    void saveAll() {
        for (int i = 0; i < unsavedCount; i++) {
            if (unsaved[i] != null) { // else saved when evicted
                save(unsavedAgent[i], unsavedStart[i], unsaved[i]);
            }
        }
        clear();
    }

    /** Forgets the list (a task starting again: its slices come back from the store). */
    void clear() {
        for (int i = 0; i < unsavedCount; i++) {
            if (unsaved[i] != null) {
                unsaved[i].writeBackSlot(-1);
            }
        }
        Arrays.fill(unsaved, 0, unsavedCount, null);
        Arrays.fill(unsavedAgent, 0, unsavedCount, null);
        unsavedCount = 0;
    }

    private void save(AgentWindows a, long sliceStart, SliceAggregate slice) {
        store.put(Bytes.wrap(a.keyFor(sliceStart)), encode(slice));
        slice.writeBackSlot(-1);
    }

    /**
     * Encodes into the reused buffer, growing it when a slice does not fit: sizing first would walk every
     * varint twice.
     */
    private byte[] encode(SliceAggregate slice) {
        while (true) {
            buffer.clear();
            try {
                slice.encode(buffer);
                break;
            } catch (BufferOverflowException tooSmall) {
                buffer = ByteBuffer.allocate(Math.max(slice.encodedSize(), buffer.capacity() * 2));
            }
        }
        byte[] out = new byte[buffer.position()];
        buffer.flip();
        buffer.get(out);
        return out;
    }
}
