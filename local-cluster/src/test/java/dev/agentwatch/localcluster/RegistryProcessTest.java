package dev.agentwatch.localcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryProcessTest {

    @Test
    void findsTheJarSurefirePointsAt() {
        assertThat(RegistryProcess.locateJar()).isRegularFile().hasFileName("agentwatch-registry-runner.jar");
    }

    @Test
    void aMissingJarNamesItsPathAndTheBuildCommand(@TempDir Path repo) {
        Path missing = repo.resolve(RegistryProcess.JAR_IN_REPO);
        String saved = System.getProperty(RegistryProcess.JAR_PROPERTY);
        System.setProperty(RegistryProcess.JAR_PROPERTY, missing.toString());
        try {
            assertThat(Files.exists(missing)).isFalse();
            assertThatThrownBy(RegistryProcess::locateJar)
                    .isInstanceOf(LauncherException.class)
                    .hasMessage("the schema registry jar " + missing + " is missing; build it with: cd " + repo
                            + " && mvn -q package -DskipTests -pl local-cluster/registry");
        } finally {
            System.setProperty(RegistryProcess.JAR_PROPERTY, saved);
        }
    }
}
