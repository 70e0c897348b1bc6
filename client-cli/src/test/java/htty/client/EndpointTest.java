package htty.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointTest {

    @Test
    void parsesHostAndPort() {
        assertEquals(new Endpoint("127.0.0.1", 7201), Endpoint.parse("127.0.0.1:7201"));
        assertEquals(new Endpoint("localhost", 1), Endpoint.parse(" localhost:1 "));
        assertEquals(new Endpoint("::1", 7201), Endpoint.parse("[::1]:7201"));
        assertEquals("[::1]:7201", new Endpoint("::1", 7201).toString());
    }

    @Test
    void parsesACommaSeparatedList() {
        assertEquals(List.of(new Endpoint("127.0.0.1", 7201), new Endpoint("127.0.0.1", 7202)),
                Endpoint.parseList("127.0.0.1:7201, 127.0.0.1:7202,"));
    }

    @Test
    void refusesWhatIsNotHostAndPort() {
        for (String bad : List.of("", "7201", "host:", ":7201", "host:port", "host:0", "host:65536")) {
            assertThrows(IllegalArgumentException.class, () -> Endpoint.parse(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> Endpoint.parseList(" , "));
    }
}
