package io.loa.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * How the hub learns a callback host's addresses: the system's resolver in production, which blocks for as
 * long as DNS takes; tests put a slow one in its place. The hub only ever calls it through a
 * {@link HostResolver}, which bounds the threads and the time it may take.
 */
@FunctionalInterface
public interface HostLookup {

    HostLookup SYSTEM = host -> List.of(InetAddress.getAllByName(host));

    List<InetAddress> addresses(String host) throws UnknownHostException;
}
