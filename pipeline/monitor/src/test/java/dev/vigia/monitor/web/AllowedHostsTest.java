package dev.vigia.monitor.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class AllowedHostsTest {

    @Test
    void boundToOneAddressOnlyThatAddressLoopbackAndTheNamesGivenPass() {
        AllowedHosts hosts = new AllowedHosts("192.0.2.7", List.of("cams.example", "::1"));
        for (String host : new String[] {"192.0.2.7", "192.0.2.7:5050", "cams.example:443", "CAMS.EXAMPLE.", "localhost", "app.localhost",
                "127.0.0.1", "[::1]:5050", "[0:0:0:0:0:0:0:1]"}) {
            assertTrue(hosts.allows(host), host);
        }
        for (String host : new String[] {"evil.example", "192.0.2.8", "cams.example.evil.example", "localhost.evil.example",
                "127.0.0.1.nip.io", "[::1", "", "   ", "a".repeat(300)}) {
            assertFalse(hosts.allows(host), host);
        }
        assertFalse(hosts.allows(null));
    }

    @Test
    void boundToEveryInterfaceThisMachinesAddressesPassButNamesDoNot() throws Exception {
        AllowedHosts hosts = new AllowedHosts("0.0.0.0", List.of());
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address) {
                    assertTrue(hosts.allows(address.getHostAddress() + ":5050"), address.toString());
                }
            }
        }
        assertFalse(hosts.allows("evil.example"));
        assertFalse(hosts.allows("203.0.113.9"));
    }
}
