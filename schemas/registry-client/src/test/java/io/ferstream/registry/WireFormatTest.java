package io.ferstream.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WireFormatTest {

    @Test
    void shouldWriteMagicByteAndBigEndianId() {
        byte[] header = WireFormat.header(0x01020304);

        assertArrayEquals(new byte[] {0, 1, 2, 3, 4}, header);
    }

    @Test
    void shouldReadTheIdBack() {
        byte[] record = new byte[] {0, 0, 0, 1, 44, 99};

        assertEquals(300, WireFormat.schemaId(record));
    }

    @Test
    void shouldRejectAWrongMagicByte() {
        byte[] record = {7, 0, 0, 0, 1, 42};

        WrongMagicByteException e =
                assertThrows(WrongMagicByteException.class, () -> WireFormat.schemaId(record));

        assertTrue(e.getMessage().contains("byte 7"), e.getMessage());
    }

    @Test
    void shouldRejectARecordShorterThanTheHeader() {
        assertThrows(
                CorruptPayloadException.class, () -> WireFormat.schemaId(new byte[] {0, 0, 1}));
    }
}
