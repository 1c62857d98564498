package dev.agentwatch.localcluster.prometheus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Installs a Debian package a test needs with apt-get, once, when what it provides is missing: as root, or through
 * {@code sudo -n} otherwise. Fails with what to install by hand when neither works.
 */
final class DebianPackages {

    private static final Set<String> present = new HashSet<>();

    private DebianPackages() {
    }

    /** Makes sure {@code python} can import {@code module}, installing {@code pkg} if not. */
    static synchronized void require(String python, String module, String pkg) {
        if (present.contains(pkg)) {
            return;
        }
        List<String> probe = List.of(python, "-c", "import " + module);
        if (exec(probe).exit != 0) {
            List<String> sudo = "root".equals(System.getProperty("user.name")) ? List.of() : List.of("sudo", "-n");
            List<String> install = new ArrayList<>(sudo);
            // Waits for another apt-get (a test JVM next to this one) rather than failing on its lock.
            install.addAll(List.of("apt-get", "-o", "DPkg::Lock::Timeout=300", "install", "-y", "--no-install-recommends", pkg));
            Result r = exec(install);
            if (r.exit != 0) {
                // A fresh image may have no package lists yet.
                List<String> update = new ArrayList<>(sudo);
                update.addAll(List.of("apt-get", "-o", "DPkg::Lock::Timeout=300", "update"));
                exec(update);
                r = exec(install);
            }
            if (exec(probe).exit != 0) {
                throw new IllegalStateException("this test needs the Debian package " + pkg + " (" + module + " for " + python
                        + "); installing it failed: " + r.output + "\ninstall it with: apt-get install -y " + pkg);
            }
        }
        present.add(pkg);
    }

    private record Result(int exit, String output) {
    }

    private static Result exec(List<String> cmd) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
            Process p = pb.start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return new Result(-1, "timed out: " + cmd);
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            return new Result(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }
}
