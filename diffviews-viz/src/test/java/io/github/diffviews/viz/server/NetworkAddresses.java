package io.github.diffviews.viz.server;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;

/** Finds an address of this machine that is not loopback, to connect from as a "remote" peer. */
final class NetworkAddresses {

    private NetworkAddresses() {
    }

    /** Returns an IPv4 address of an interface that is up and not loopback, or null. */
    static InetAddress nonLoopback() {
        try {
            for (NetworkInterface network : Collections.list(
                    NetworkInterface.getNetworkInterfaces())) {
                if (!network.isUp() || network.isLoopback()) {
                    continue;
                }
                for (InetAddress address : Collections.list(network.getInetAddresses())) {
                    if (address instanceof Inet4Address && !address.isLoopbackAddress()
                            && !address.isLinkLocalAddress()) {
                        return address;
                    }
                }
            }
        } catch (SocketException e) {
            return null;
        }
        return null;
    }
}
