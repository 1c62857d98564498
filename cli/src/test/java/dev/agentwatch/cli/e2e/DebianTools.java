package dev.agentwatch.cli.e2e;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** Programs from Debian's packages that a test runs for real; installed with apt-get when missing. */
final class DebianTools {

    private DebianTools() {
    }

    /** Makes sure {@code command} is on the PATH, installing {@code debianPackage} when it is not. */
    static void require(String command, String debianPackage) throws IOException, InterruptedException {
        if (run("sh", "-c", "command -v " + command) == 0) {
            return;
        }
        String sudo = "root".equals(System.getProperty("user.name")) ? "" : "sudo -n ";
        int rc = run("sh", "-c", "(" + sudo + "apt-get install -y -q " + debianPackage + " || (" + sudo + "apt-get update -q && "
                + sudo + "apt-get install -y -q " + debianPackage + ")) >/tmp/apt-" + debianPackage + ".log 2>&1");
        if (rc != 0 || run("sh", "-c", "command -v " + command) != 0) {
            throw new IllegalStateException(command + " is missing and apt-get could not install " + debianPackage
                    + " (see /tmp/apt-" + debianPackage + ".log)");
        }
    }

    private static int run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }
}
