package dev.agentwatch.localcluster;

import java.net.InetAddress;
import java.net.ServerSocket;

/** A stand-in app for spawn tests: listens on the given port until killed. */
public final class ListenForever {

    private ListenForever() {
    }

    public static void main(String[] args) throws Exception {
        try (ServerSocket socket = new ServerSocket(Integer.parseInt(args[0]), 50, InetAddress.getLoopbackAddress())) {
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
