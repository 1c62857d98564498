package dev.agentwatch.sink.secrets;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SecretTest {

    @Test
    void toStringNeverShowsTheValue() {
        Secret s = Secret.of("https://hooks.slack.com/services/T1/B2/abcdefSECRET", "env SLACK_WEBHOOK_URL");
        assertThat(s.toString()).isEqualTo("Secret[env SLACK_WEBHOOK_URL, redacted]").doesNotContain("abcdef");
        assertThat("" + s).doesNotContain("hooks.slack.com");
    }

    @Test
    void foreignTextIsScrubbedOfTheWholeUrlAndItsPath() {
        Secret.of("https://hooks.slack.com/services/T1/B2/scrubMePlease", "test");
        assertThat(Redactor.scrub("POST https://hooks.slack.com/services/T1/B2/scrubMePlease failed"))
                .isEqualTo("POST " + Redactor.MASK + " failed");
        assertThat(Redactor.scrub("path /services/T1/B2/scrubMePlease refused")).doesNotContain("scrubMePlease");
        assertThat(Redactor.describe(new IOException("to /services/T1/B2/scrubMePlease", new ConnectException("refused"))))
                .isEqualTo("IOException: to " + Redactor.MASK + " <- ConnectException: refused");
    }

    @Test
    void secretsComeFromEnvironmentVariablesOrFiles() throws IOException {
        SecretSource source = new SecretSource(Map.of("KEY", " routing-key-from-env \n", "BLANK", " "));
        assertThat(source.fromEnv("KEY").orElseThrow().reveal()).isEqualTo("routing-key-from-env");
        assertThat(source.fromEnv("BLANK")).isEmpty();
        assertThat(source.fromEnv("UNSET")).isEmpty();
        Path file = Files.createTempFile("key", ".txt");
        Files.writeString(file, "routing-key-from-file\n");
        Secret fromFile = source.fromFile(file).orElseThrow();
        assertThat(fromFile.reveal()).isEqualTo("routing-key-from-file");
        assertThat(fromFile.origin()).isEqualTo("file " + file);
        assertThat(source.fromFile(file.resolveSibling("missing-" + file.getFileName()))).isEmpty();
    }
}
