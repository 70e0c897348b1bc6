package htty.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void writesObjectsInTheOrderGiven() {
        assertEquals("{\"b\":1,\"a\":[true,null,\"x\"],\"c\":{}}",
                Json.write(Json.object("b", 1, "a", Arrays.asList(true, null, "x"), "c", Json.object())));
    }

    @Test
    void escapesStrings() {
        assertEquals("\"q\\\"b\\\\n\\nt\\tc\\u0001é\"", Json.write("q\"b\\n\nt\tc\u0001é"));
    }

    @Test
    void writesEmptyArrays() {
        assertEquals("[]", Json.write(List.of()));
    }
}
