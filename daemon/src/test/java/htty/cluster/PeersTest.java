package htty.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The --peers and --api arguments: well-formed, 3 or 5 members, loopback only until TLS exists. */
class PeersTest {
    @Test
    void threeLoopbackPeers() {
        Peers p = Peers.parse("n1=127.0.0.1:7101,n2=127.0.0.1:7102,n3=localhost:7103");
        assertEquals(3, p.all().size());
        assertEquals(7102, p.get("n2").port());
    }

    @Test
    void otherAddressesNeedTls() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Peers.HostPort.parse("10.1.2.3:7201"));
        assertTrue(e.getMessage().contains("TLS"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Peers.parse("n1=127.0.0.1:1,n2=192.168.1.1:2,n3=127.0.0.1:3"));
    }

    @Test
    void malformedGroupsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Peers.parse("n1=127.0.0.1:1,n2=127.0.0.1:2"));
        assertThrows(IllegalArgumentException.class, () -> Peers.parse("n1=127.0.0.1:1,n1=127.0.0.1:2,n3=127.0.0.1:3"));
        assertThrows(IllegalArgumentException.class, () -> Peers.parse("n1=127.0.0.1,n2=127.0.0.1:2,n3=127.0.0.1:3"));
        assertThrows(IllegalArgumentException.class, () -> Peers.HostPort.parse("127.0.0.1:70000"));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> Peers.parse("n1=127.0.0.1:1,n2=127.0.0.1:2,n3=127.0.0.1:3").get("n9"));
        assertTrue(unknown.getMessage().contains("n9"));
    }
}
