package io.github.diffviews.torch.safetensors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.diffviews.io.AtomicFiles;
import io.github.diffviews.tensor.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Writes tensors to a safetensors file as little-endian {@code F32}, in the order given, with an
 * optional {@code __metadata__} object. The header is padded with spaces so the data block
 * starts 8-byte aligned. The file appears atomically: it is written beside its final name and
 * moved into place.
 */
public final class SafetensorsWriter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SafetensorsWriter() {
    }

    /**
     * Writes tensors to a file.
     *
     * @param file the destination
     * @param tensors name to tensor, in the order they should appear
     * @param metadata strings for the {@code __metadata__} object, may be empty
     * @throws IOException if the file cannot be written
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata)
            throws IOException {
        Objects.requireNonNull(tensors, "tensors");
        Map<String, int[]> shapes = new LinkedHashMap<>();
        tensors.forEach((name, tensor) -> shapes.put(name, tensor.shape()));
        write(file, shapes, name -> tensors.get(name).toFloatArray(), metadata);
    }

    /**
     * Writes tensors produced one at a time, so a file larger than the heap can be written.
     *
     * @param file the destination
     * @param shapes name to shape, in the order the tensors should appear
     * @param values produces the values of one tensor, in C order, when its turn comes
     * @param metadata strings for the {@code __metadata__} object, may be empty
     * @throws IOException if the file cannot be written, or a tensor has the wrong size
     */
    public static void write(Path file, Map<String, int[]> shapes, TensorValues values,
            Map<String, String> metadata) throws IOException {
        Objects.requireNonNull(shapes, "shapes");
        Objects.requireNonNull(values, "values");
        ObjectNode header = JSON.createObjectNode();
        if (metadata != null && !metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, int[]> entry : shapes.entrySet()) {
            ObjectNode node = header.putObject(entry.getKey());
            node.put("dtype", "F32");
            ArrayNode shape = node.putArray("shape");
            long count = 1;
            for (int dim : entry.getValue()) {
                shape.add(dim);
                count *= dim;
            }
            node.putArray("data_offsets").add(offset).add(offset + 4 * count);
            offset += 4 * count;
        }

        byte[] json = JSON.writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8;
        byte[] headerBytes = new byte[padded];
        System.arraycopy(json, 0, headerBytes, 0, json.length);
        for (int i = json.length; i < padded; i++) {
            headerBytes[i] = ' ';
        }

        AtomicFiles.write(file, out -> writeBody(out, headerBytes, shapes, values));
    }

    private static void writeBody(OutputStream out, byte[] header, Map<String, int[]> shapes,
            TensorValues values) throws IOException {
        ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        length.putLong(header.length);
        out.write(length.array());
        out.write(header);
        ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (Map.Entry<String, int[]> entry : shapes.entrySet()) {
            float[] data = values.values(entry.getKey());
            long expected = 1;
            for (int dim : entry.getValue()) {
                expected *= dim;
            }
            if (data.length != expected) {
                throw new IOException("Tensor '" + entry.getKey() + "' has " + data.length
                        + " values, expected " + expected + " for shape "
                        + Arrays.toString(entry.getValue()));
            }
            for (float value : data) {
                if (chunk.remaining() < 4) {
                    out.write(chunk.array(), 0, chunk.position());
                    chunk.clear();
                }
                chunk.putFloat(value);
            }
        }
        out.write(chunk.array(), 0, chunk.position());
    }

    /** Produces the values of one tensor when the writer reaches it. */
    @FunctionalInterface
    public interface TensorValues {

        /**
         * Returns the values of a tensor.
         *
         * @param name the tensor's name
         * @return its values in C order
         * @throws IOException if they cannot be produced
         */
        float[] values(String name) throws IOException;
    }
}
