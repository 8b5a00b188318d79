package io.github.diffviews.torch.safetensors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.diffviews.io.DataFormatException;
import io.github.diffviews.io.Float16;
import io.github.diffviews.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A safetensors file opened for reading: its header is parsed and checked on
 * {@link #open(Path)}, and each tensor is read on demand, converted to 32-bit floats.
 *
 * <p>The format is an 8-byte little-endian header length, a JSON header mapping each tensor name
 * to its {@code dtype}, {@code shape} and {@code data_offsets} (relative to the end of the
 * header), an optional {@code __metadata__} object of strings, then the raw little-endian data.
 * Tensors of type {@code F32}, {@code F16}, {@code BF16} and {@code F64} can be read as floats;
 * other types are listed but reading them fails with a message naming the tensor. The header is
 * checked against the file: offsets must lie inside the data block, must not overlap, and must
 * hold exactly {@code product(shape) · element size} bytes.
 *
 * <p>An instance keeps the file open until {@link #close()}; reads from several threads are safe.
 */
public final class SafetensorsFile implements AutoCloseable {

    /** The largest header this reader accepts (100 MB, as the reference implementation). */
    static final long MAX_HEADER_BYTES = 100_000_000L;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, Entry> entries;
    private final Map<String, String> metadata;

    private SafetensorsFile(Path file, FileChannel channel, long dataStart,
            Map<String, Entry> entries, Map<String, String> metadata) {
        this.file = file;
        this.channel = channel;
        this.dataStart = dataStart;
        this.entries = Collections.unmodifiableMap(entries);
        this.metadata = Collections.unmodifiableMap(metadata);
    }

    /**
     * Opens a file and checks its header.
     *
     * @param file the {@code .safetensors} file
     * @return the open file
     * @throws DataFormatException if the header is malformed or does not match the file's size
     * @throws IOException if the file cannot be read
     */
    public static SafetensorsFile open(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            return parse(file, channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static SafetensorsFile parse(Path file, FileChannel channel) throws IOException {
        long size = channel.size();
        if (size < 8) {
            throw new DataFormatException(file, "is " + size + " bytes long, too short for a "
                    + "safetensors header");
        }
        ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, lengthBytes, 0);
        long headerLength = lengthBytes.getLong(0);
        if (headerLength <= 0 || headerLength > MAX_HEADER_BYTES || 8 + headerLength > size) {
            throw new DataFormatException(file, "declares a header of " + headerLength
                    + " bytes in a file of " + size + " bytes; not a safetensors file?");
        }

        ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
        readFully(channel, headerBytes, 8);
        JsonNode header;
        try {
            header = JSON.readTree(new String(headerBytes.array(), StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new DataFormatException(file, "header is not valid JSON: "
                    + e.getOriginalMessage(), e);
        }
        if (header == null || !header.isObject()) {
            throw new DataFormatException(file, "header is not a JSON object");
        }

        long dataStart = 8 + headerLength;
        long dataLength = size - dataStart;
        Map<String, Entry> entries = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equals("__metadata__")) {
                field.getValue().fields().forEachRemaining(
                        meta -> metadata.put(meta.getKey(), meta.getValue().asText()));
                continue;
            }
            entries.put(field.getKey(), parseEntry(file, field.getKey(), field.getValue(),
                    dataLength));
        }
        checkOverlaps(file, entries);
        return new SafetensorsFile(file, channel, dataStart, entries, metadata);
    }

    private static Entry parseEntry(Path file, String name, JsonNode node, long dataLength)
            throws DataFormatException {
        JsonNode dtype = node.get("dtype");
        JsonNode shape = node.get("shape");
        JsonNode offsets = node.get("data_offsets");
        if (dtype == null || !dtype.isTextual() || shape == null || !shape.isArray()
                || offsets == null || !offsets.isArray() || offsets.size() != 2) {
            throw new DataFormatException(file, "tensor '" + name + "' needs dtype, shape and "
                    + "two data_offsets; found " + node);
        }
        int[] dims = new int[shape.size()];
        long count = 1;
        for (int i = 0; i < dims.length; i++) {
            JsonNode dim = shape.get(i);
            if (!dim.canConvertToInt() || dim.intValue() < 0) {
                throw new DataFormatException(file, "tensor '" + name + "' has shape " + shape
                        + ", expected non-negative integers");
            }
            dims[i] = dim.intValue();
            count = Math.multiplyExact(count, dims[i]);
        }
        long begin = offsets.get(0).asLong(-1);
        long end = offsets.get(1).asLong(-1);
        int elementSize = elementSize(dtype.textValue());
        if (begin < 0 || end < begin || end > dataLength) {
            throw new DataFormatException(file, "tensor '" + name + "' has data_offsets ["
                    + begin + ", " + end + "] outside the data block of " + dataLength
                    + " bytes");
        }
        if (elementSize > 0 && end - begin != count * elementSize) {
            throw new DataFormatException(file, "tensor '" + name + "' of shape "
                    + Arrays.toString(dims) + " and dtype " + dtype.textValue() + " needs "
                    + count * elementSize + " bytes but its offsets span " + (end - begin));
        }
        return new Entry(name, dtype.textValue(), dims, begin, end);
    }

    private static void checkOverlaps(Path file, Map<String, Entry> entries)
            throws DataFormatException {
        List<Entry> sorted = new ArrayList<>(entries.values());
        sorted.sort(Comparator.comparingLong(Entry::begin));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).begin() < sorted.get(i - 1).end()) {
                throw new DataFormatException(file, "tensors '" + sorted.get(i - 1).name()
                        + "' and '" + sorted.get(i).name() + "' overlap");
            }
        }
    }

    /**
     * Returns the file this was opened from.
     *
     * @return the path
     */
    public Path file() {
        return file;
    }

    /**
     * Returns the tensors listed in the header, in header order.
     *
     * @return name to entry
     */
    public Map<String, Entry> entries() {
        return entries;
    }

    /**
     * Returns the {@code __metadata__} strings of the header.
     *
     * @return the metadata, empty when there is none
     */
    public Map<String, String> metadata() {
        return metadata;
    }

    /**
     * Reads one tensor as 32-bit floats in C order.
     *
     * @param name the tensor's name
     * @return its values
     * @throws IllegalArgumentException if there is no tensor of that name
     * @throws DataFormatException if its type cannot be converted to float
     * @throws IOException if the file cannot be read
     */
    public float[] readFloats(String name) throws IOException {
        Entry entry = entry(name);
        int elementSize = elementSize(entry.dtype());
        if (elementSize <= 0) {
            throw new DataFormatException(file, "tensor '" + name + "' has dtype "
                    + entry.dtype() + "; only F32, F16, BF16 and F64 can be read as floats");
        }
        long count = entry.size();
        if (count > Integer.MAX_VALUE - 8) {
            throw new DataFormatException(file, "tensor '" + name + "' holds " + count
                    + " values, too many for one array");
        }
        MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY,
                dataStart + entry.begin(), entry.end() - entry.begin());
        mapped.order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[(int) count];
        switch (entry.dtype()) {
            case "F32":
                mapped.asFloatBuffer().get(values);
                break;
            case "F64":
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) mapped.getDouble(i * 8);
                }
                break;
            case "F16":
                for (int i = 0; i < values.length; i++) {
                    values[i] = Float16.toFloat(mapped.getShort(i * 2));
                }
                break;
            case "BF16":
                for (int i = 0; i < values.length; i++) {
                    values[i] = Float.intBitsToFloat((mapped.getShort(i * 2) & 0xffff) << 16);
                }
                break;
            default:
                throw new IllegalStateException("Unhandled dtype " + entry.dtype());
        }
        return values;
    }

    /**
     * Reads one tensor as a {@link Tensor} of 32-bit floats.
     *
     * @param name the tensor's name
     * @return the tensor with its shape
     * @throws IllegalArgumentException if there is no tensor of that name
     * @throws DataFormatException if its type cannot be converted to float
     * @throws IOException if the file cannot be read
     */
    public Tensor read(String name) throws IOException {
        return Tensor.wrap(readFloats(name), entry(name).shape());
    }

    private Entry entry(String name) {
        Entry entry = entries.get(Objects.requireNonNull(name, "name"));
        if (entry == null) {
            throw new IllegalArgumentException(file + ": no tensor named '" + name + "'");
        }
        return entry;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    @Override
    public String toString() {
        return "SafetensorsFile[" + file + ", " + entries.size() + " tensors]";
    }

    static int elementSize(String dtype) {
        switch (dtype.toUpperCase(Locale.ROOT)) {
            case "F64":
                return 8;
            case "F32":
                return 4;
            case "F16":
            case "BF16":
                return 2;
            default:
                return -1;
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position)
            throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, at);
            if (read < 0) {
                throw new IOException("Unexpected end of file at byte " + at);
            }
            at += read;
        }
    }

    /**
     * One tensor of the header.
     *
     * @param name the tensor's name
     * @param dtype the safetensors type code, for example {@code F32}
     * @param shape the shape
     * @param begin the first byte, relative to the data block
     * @param end one past the last byte, relative to the data block
     */
    public record Entry(String name, String dtype, int[] shape, long begin, long end) {

        /**
         * Copies the shape.
         */
        public Entry {
            shape = shape.clone();
        }

        /**
         * Returns a copy of the shape.
         *
         * @return the shape
         */
        @Override
        public int[] shape() {
            return shape.clone();
        }

        /**
         * Returns the number of values.
         *
         * @return the product of the shape
         */
        public long size() {
            long size = 1;
            for (int dim : shape) {
                size *= dim;
            }
            return size;
        }
    }
}
