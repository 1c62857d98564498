package dev.agentwatch.schema.serde;

/**
 * Confluent's wire format: byte 0 is the magic byte 0x0, bytes 1-4 the schema id (big-endian), then the Avro
 * binary encoding of one record.
 */
public final class WireFormat {

    public static final byte MAGIC_BYTE = 0x0;
    /** Magic byte plus schema id. */
    public static final int HEADER_SIZE = 5;

    private WireFormat() {}

    /**
     * The schema id of a framed payload.
     *
     * @throws NotWireFormatException if the payload is shorter than the header
     * @throws BadMagicByteException if byte 0 is not the magic byte
     */
    public static int schemaId(String topic, byte[] data, int offset, int length) {
        if (length < HEADER_SIZE) {
            throw new NotWireFormatException("Payload on topic " + topic + " is " + length + " byte(s) long; the "
                    + "Confluent wire format needs at least " + HEADER_SIZE + " (magic byte 0x00 and a 4-byte schema id)");
        }
        byte magic = data[offset];
        if (magic != MAGIC_BYTE) {
            throw new BadMagicByteException("Payload on topic " + topic + " starts with byte "
                    + String.format("0x%02X", magic & 0xff) + ", not the wire format's magic byte 0x00"
                    + (magic == '{' || magic == '[' ? " (it looks like JSON)" : ""), magic);
        }
        return ((data[offset + 1] & 0xff) << 24) | ((data[offset + 2] & 0xff) << 16)
                | ((data[offset + 3] & 0xff) << 8) | (data[offset + 4] & 0xff);
    }

    /** Writes the 5-byte header into {@code target} at {@code offset}. */
    public static void writeHeader(int schemaId, byte[] target, int offset) {
        target[offset] = MAGIC_BYTE;
        target[offset + 1] = (byte) (schemaId >>> 24);
        target[offset + 2] = (byte) (schemaId >>> 16);
        target[offset + 3] = (byte) (schemaId >>> 8);
        target[offset + 4] = (byte) schemaId;
    }

    /** Frames an Avro body with the header (for tools and tests; the serializer frames in place). */
    public static byte[] frame(int schemaId, byte[] avroBody) {
        byte[] framed = new byte[HEADER_SIZE + avroBody.length];
        writeHeader(schemaId, framed, 0);
        System.arraycopy(avroBody, 0, framed, HEADER_SIZE, avroBody.length);
        return framed;
    }
}
