package dev.vigia.monitor.web;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The names a request's {@code Host} may carry, so that a page of another site whose name was
 * pointed at this machine (DNS rebinding) is refused: loopback names and addresses, the address the
 * server is bound to, the names the user allowed, and, when bound to every interface, this
 * machine's own addresses (an address typed by a user is no rebinding).
 */
public final class AllowedHosts {

    private final Set<String> names = new HashSet<>();

    public AllowedHosts(String boundTo, Collection<String> allowed) {
        names.add("localhost");
        add(boundTo);
        allowed.forEach(this::add);
        if (isWildcard(boundTo)) {
            addOwnAddresses();
        }
    }

    /** Whether a request with this {@code Host} header (port and IPv6 brackets allowed) may be answered. */
    public boolean allows(String hostHeader) {
        String host = hostOf(hostHeader);
        if (host == null) {
            return false;
        }
        return names.contains(host) || host.endsWith(".localhost") || isLoopbackLiteral(host);
    }

    /** The host part of a {@code Host} header in lower case, or null when there is none. */
    static String hostOf(String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank() || hostHeader.length() > 255) {
            return null;
        }
        String value = hostHeader.strip().toLowerCase(Locale.ROOT);
        if (value.startsWith("[")) {
            int end = value.indexOf(']');
            return end < 0 ? null : value.substring(1, end);
        }
        int colon = value.indexOf(':');
        if (colon >= 0 && colon == value.lastIndexOf(':')) {
            value = value.substring(0, colon);
        }
        return value.endsWith(".") ? value.substring(0, value.length() - 1) : value;
    }

    private void add(String name) {
        String host = hostOf(name == null ? null : name.contains(":") && !name.startsWith("[") ? "[" + name + "]" : name);
        if (host != null) {
            names.add(host);
            literal(host).ifPresent(address -> names.add(address.getHostAddress()));
        }
    }

    private void addOwnAddresses() {
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    String text = address.getHostAddress();
                    int zone = text.indexOf('%');
                    names.add(zone < 0 ? text : text.substring(0, zone));
                }
            }
        } catch (SocketException e) {
            // Without the interface list only the names given are allowed, which is the safe side.
        }
    }

    private static boolean isWildcard(String host) {
        return literal(host).map(InetAddress::isAnyLocalAddress).orElse(false);
    }

    private static boolean isLoopbackLiteral(String host) {
        return literal(host).map(InetAddress::isLoopbackAddress).orElse(false);
    }

    /** An IP address written as such; a name is never looked up (that lookup is what rebinding abuses). */
    private static Optional<InetAddress> literal(String host) {
        if (host == null || !(host.contains(":") || host.matches("[0-9.]+"))) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(host));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
