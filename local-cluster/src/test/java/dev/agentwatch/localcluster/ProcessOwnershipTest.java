package dev.agentwatch.localcluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

class ProcessOwnershipTest {

    @Test
    void theMarkerDecidesForJvms() throws Exception {
        int port = Ports.freePort();
        Process jvm = new ProcessBuilder(JavaCommand.withMarker("listener", List.of(JavaCommand.javaExecutable(),
                "-cp", JavaCommand.currentClasspath(), ListenForever.class.getName(), Integer.toString(port)))).start();
        try {
            Optional<Instant> started = jvm.info().startInstant();
            assertThat(ProcessOwnership.liveProcess(new ServiceRecord("listener", jvm.pid(), Optional.of(Instant.EPOCH),
                    OptionalInt.empty()))).as("marker matches, start time off").isPresent();
            assertThat(ProcessOwnership.liveProcess(new ServiceRecord("kafka", jvm.pid(), started, OptionalInt.empty())))
                    .as("another service's marker, start time right").isEmpty();
        } finally {
            jvm.destroyForcibly().waitFor();
        }
    }

    @Test
    void otherProgramsNeedTheRecordedStartTime() throws Exception {
        Process sleep = new ProcessBuilder("sleep", "30").start();
        try {
            Optional<Instant> started = sleep.info().startInstant();
            assertThat(ProcessOwnership.liveProcess(new ServiceRecord("sleeper", sleep.pid(), started, OptionalInt.empty())))
                    .isPresent();
            assertThat(ProcessOwnership.liveProcess(new ServiceRecord("sleeper", sleep.pid(), Optional.of(Instant.EPOCH),
                    OptionalInt.empty()))).isEmpty();
            assertThat(ProcessOwnership.liveProcess(new ServiceRecord("sleeper", sleep.pid(), Optional.empty(),
                    OptionalInt.empty()))).isEmpty();
        } finally {
            sleep.destroyForcibly().waitFor();
        }
    }

    @Test
    void stopEndsTheProcess() throws Exception {
        Process sleep = new ProcessBuilder("sleep", "30").start();
        assertThat(ProcessOwnership.stop(sleep.toHandle(), java.time.Duration.ofSeconds(5)))
                .isEqualTo(ProcessOwnership.Stopped.GRACEFULLY);
        // The Process object learns of the exit from its own reaper thread, a moment after the handle does.
        assertThat(sleep.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)).as("the process ended").isTrue();
    }
}
