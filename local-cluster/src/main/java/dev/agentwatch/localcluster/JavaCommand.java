package dev.agentwatch.localcluster;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/** Command lines for child JVMs: same java as ours, a service marker, and (for the broker) our classpath. */
public final class JavaCommand {

    /** System property every JVM we start carries, so {@code stop} never kills a recycled pid. */
    public static final String SERVICE_PROPERTY = "agentwatch.service";

    private JavaCommand() {
    }

    public static String marker(String service) {
        return "-D" + SERVICE_PROPERTY + "=" + service;
    }

    public static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** True if {@code program} (a command's first word) starts a JVM. */
    public static boolean isJava(String program) {
        String name = Path.of(program).getFileName().toString();
        return name.equals("java") || name.equals("java.exe");
    }

    /**
     * {@code command} with the service marker right after the java executable, so the JVM sees it as a
     * system property; other programs are returned unchanged.
     */
    public static List<String> withMarker(String service, List<String> command) {
        if (command.isEmpty() || !isJava(command.get(0))) {
            return command;
        }
        List<String> marked = new ArrayList<>(command.size() + 1);
        marked.add(command.get(0));
        marked.add(marker(service));
        marked.addAll(command.subList(1, command.size()));
        return marked;
    }

    /**
     * The classpath this JVM runs with, as plain entries. Surefire (and some IDEs) start tests from a
     * manifest-only jar whose Class-Path holds the real entries; a child JVM needs those, not the stub.
     */
    public static String currentClasspath() {
        String surefire = System.getProperty("surefire.test.class.path");
        if (surefire != null && !surefire.isBlank()) {
            return surefire;
        }
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                entries.addAll(expandManifestOnlyJar(Path.of(entry)));
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static List<String> expandManifestOnlyJar(Path entry) {
        if (!entry.toString().endsWith(".jar") || !Files.isRegularFile(entry)) {
            return List.of(entry.toString());
        }
        try (JarFile jar = new JarFile(entry.toFile())) {
            Manifest manifest = jar.getManifest();
            String classPath = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            // A jar with classes of its own is a real entry, whatever its manifest says.
            boolean hasClasses = jar.stream().anyMatch(e -> e.getName().endsWith(".class"));
            if (classPath == null || hasClasses) {
                return List.of(entry.toString());
            }
            URI base = entry.toAbsolutePath().getParent().toUri();
            List<String> expanded = new ArrayList<>();
            for (String item : classPath.trim().split("\\s+")) {
                expanded.add(Path.of(base.resolve(item)).toString());
            }
            return expanded;
        } catch (IOException | RuntimeException e) {
            return List.of(entry.toString());
        }
    }
}
