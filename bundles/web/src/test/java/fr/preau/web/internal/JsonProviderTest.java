package fr.preau.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.MultivaluedHashMap;
import org.junit.jupiter.api.Test;

class JsonProviderTest {

    record Item(long id, String text) {
    }

    record Items(List<Item> items) {
    }

    /** Counts flushes, so that the test sees whether Jackson commits the answer early. */
    static final class Recording extends ByteArrayOutputStream {
        int flushes;
        boolean closed;

        @Override
        public void flush() {
            flushes++;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void writesTheWholeValueWithoutFlushingOrClosingTheResponseStream() throws Exception {
        Recording out = new Recording();
        new JsonProvider().writeTo(new Items(List.of(new Item(1, "é"), new Item(2, "b"))), Items.class, Items.class,
                new Annotation[0], MediaType.APPLICATION_JSON_TYPE, new MultivaluedHashMap<>(), out);
        assertEquals("{\"items\":[{\"id\":1,\"text\":\"é\"},{\"id\":2,\"text\":\"b\"}]}",
                out.toString(StandardCharsets.UTF_8));
        assertEquals(0, out.flushes, "a flush would commit the answer early (chunked, one more write)");
        assertEquals(false, out.closed);
    }
}
