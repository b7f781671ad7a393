package io.loa.websub;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Callbacks that accept connections and never answer, on loopback ports of their own: what a hub meets when
 * someone files requests meant to hold its calls for as long as it waits for an answer.
 */
final class Tarpit implements AutoCloseable {

    private final List<ServerSocket> listening = new ArrayList<>();
    private final List<AtomicInteger> accepted = new ArrayList<>();
    private final List<Socket> held = new CopyOnWriteArrayList<>();

    /** One port on each of these addresses, in order. */
    Tarpit(List<InetAddress> addresses) {
        try {
            for (InetAddress address : addresses) {
                ServerSocket socket = new ServerSocket();
                listening.add(socket);
                socket.bind(new InetSocketAddress(address, 0));
                AtomicInteger count = new AtomicInteger();
                accepted.add(count);
                Thread accepting = new Thread(() -> hold(socket, count), "tarpit-" + socket.getLocalPort());
                accepting.setDaemon(true);
                accepting.start();
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        }
    }

    /** {@code ports} ports on 127.0.0.1. */
    static Tarpit onPorts(int ports) {
        return new Tarpit(Collections.nCopies(ports, InetAddress.getLoopbackAddress()));
    }

    /** One port on each of 127.0.0.1, 127.0.0.2 … : as many callback hosts (Linux routes all of 127/8 to loopback). */
    static Tarpit onHosts(int hosts) {
        List<InetAddress> addresses = new ArrayList<>();
        try {
            for (int i = 1; i <= hosts; i++) {
                addresses.add(InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) i}));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Tarpit(addresses);
    }

    int ports() {
        return listening.size();
    }

    /** A callback on the {@code port}th port (from 0), its path telling callbacks apart. */
    String callback(int port, String name) {
        ServerSocket socket = listening.get(port);
        return "http://" + socket.getInetAddress().getHostAddress() + ":" + socket.getLocalPort() + "/tarpit/" + name;
    }

    /** Connections the {@code port}th port has taken so far. */
    int accepted(int port) {
        return accepted.get(port).get();
    }

    private void hold(ServerSocket socket, AtomicInteger count) {
        while (!socket.isClosed()) {
            try {
                held.add(socket.accept()); // and never a byte in answer
                count.incrementAndGet();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    @Override
    public void close() {
        for (ServerSocket socket : listening) {
            closeQuietly(socket);
        }
        for (Socket socket : held) {
            closeQuietly(socket);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // closing is all that is left to do with it
        }
    }
}
