package io.github.diffviews.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.diffviews.data.UnknownLayerException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class LayerCatalogTest {

    private static final LayerCatalog IMAGENET =
            LayerCatalog.of(NetworkConfig.preset("dmd2-imagenet-64"));

    @Test
    void originalNames_imagenet_lists37HookableLayers() {
        List<String> names = IMAGENET.originalNames();

        assertEquals(37, names.size());
        assertEquals("encoder_block_0", names.get(0));
        assertEquals("encoder_block_14", names.get(14));
        assertEquals("encoder_bottleneck", names.get(15));
        assertEquals("midblock", names.get(16));
        assertEquals("decoder_block_1", names.get(17));
        assertEquals("decoder_block_20", names.get(36));
    }

    @Test
    void resolve_bottleneckAndMidblock_are768x8x8() {
        LayerCatalog.Layer bottleneck = IMAGENET.resolve("encoder_bottleneck");
        LayerCatalog.Layer midblock = IMAGENET.resolve("midblock");

        assertEquals("enc.8x8_block2", bottleneck.key());
        assertArrayEquals(new int[] {768, 8, 8}, bottleneck.shape());
        assertEquals("dec.8x8_in0", midblock.key());
        assertArrayEquals(new int[] {768, 8, 8}, midblock.shape());
        assertEquals(49152, midblock.size());
        assertEquals(12, midblock.attentionHeads());
    }

    @Test
    void layers_imagenet_matchReferenceTable() {
        // Rows of the reference table: original name, key, C, H, input channels, heads.
        Object[][] table = {
            {"encoder_block_0", "enc.64x64_conv", 192, 64, 3, 0},
            {"encoder_block_1", "enc.64x64_block0", 192, 64, 192, 0},
            {"encoder_block_3", "enc.64x64_block2", 192, 64, 192, 0},
            {"encoder_block_4", "enc.32x32_down", 192, 32, 192, 0},
            {"encoder_block_5", "enc.32x32_block0", 384, 32, 192, 6},
            {"encoder_block_7", "enc.32x32_block2", 384, 32, 384, 6},
            {"encoder_block_8", "enc.16x16_down", 384, 16, 384, 0},
            {"encoder_block_9", "enc.16x16_block0", 576, 16, 384, 9},
            {"encoder_block_12", "enc.8x8_down", 576, 8, 576, 0},
            {"encoder_block_13", "enc.8x8_block0", 768, 8, 576, 12},
            {"encoder_block_14", "enc.8x8_block1", 768, 8, 768, 12},
            {"encoder_bottleneck", "enc.8x8_block2", 768, 8, 768, 12},
            {"midblock", "dec.8x8_in0", 768, 8, 768, 12},
            {"decoder_block_1", "dec.8x8_in1", 768, 8, 768, 0},
            {"decoder_block_2", "dec.8x8_block0", 768, 8, 1536, 12},
            {"decoder_block_3", "dec.8x8_block1", 768, 8, 1536, 12},
            {"decoder_block_4", "dec.8x8_block2", 768, 8, 1536, 12},
            {"decoder_block_5", "dec.8x8_block3", 768, 8, 1344, 12},
            {"decoder_block_6", "dec.16x16_up", 768, 16, 768, 0},
            {"decoder_block_7", "dec.16x16_block0", 576, 16, 1344, 9},
            {"decoder_block_8", "dec.16x16_block1", 576, 16, 1152, 9},
            {"decoder_block_9", "dec.16x16_block2", 576, 16, 1152, 9},
            {"decoder_block_10", "dec.16x16_block3", 576, 16, 960, 9},
            {"decoder_block_11", "dec.32x32_up", 576, 32, 576, 0},
            {"decoder_block_12", "dec.32x32_block0", 384, 32, 960, 6},
            {"decoder_block_13", "dec.32x32_block1", 384, 32, 768, 6},
            {"decoder_block_14", "dec.32x32_block2", 384, 32, 768, 6},
            {"decoder_block_15", "dec.32x32_block3", 384, 32, 576, 6},
            {"decoder_block_16", "dec.64x64_up", 384, 64, 384, 0},
            {"decoder_block_17", "dec.64x64_block0", 192, 64, 576, 0},
            {"decoder_block_18", "dec.64x64_block1", 192, 64, 384, 0},
            {"decoder_block_20", "dec.64x64_block3", 192, 64, 384, 0},
        };

        for (Object[] row : table) {
            LayerCatalog.Layer layer = IMAGENET.resolve((String) row[0]);
            String where = (String) row[0];
            assertEquals(row[1], layer.key(), where);
            assertSame(layer, IMAGENET.resolve((String) row[1]), where);
            assertArrayEquals(new int[] {(int) row[2], (int) row[3], (int) row[3]},
                    layer.shape(), where);
            assertEquals(row[4], layer.inChannels(), where);
            assertEquals(row[5], layer.attentionHeads(), where);
        }
    }

    @Test
    void resolve_aliasesOutsideTheList_resolveToTheSameLayers() {
        assertSame(IMAGENET.resolve("midblock"), IMAGENET.resolve("decoder_block_0"));
        assertSame(IMAGENET.resolve("encoder_bottleneck"), IMAGENET.resolve("encoder_block_15"));
        assertTrue(!IMAGENET.originalNames().contains("decoder_block_0"));
    }

    @Test
    void resolve_unknownName_throwsNamingIt() {
        UnknownLayerException error = assertThrows(UnknownLayerException.class,
                () -> IMAGENET.resolve("decoder_block_21"));

        assertEquals("decoder_block_21", error.layer());
        assertTrue(error.getMessage().contains("midblock"), error.getMessage());
        assertThrows(UnknownLayerException.class, () -> IMAGENET.resolve("8x8_block0"));
    }

    @Test
    void layers_goldenTinyConfig_matchBlocksJson() throws IOException {
        Path golden = goldenDir();
        NetworkConfig config = NetworkConfig.read(golden.resolve("config.json"));
        JsonNode blocks = new ObjectMapper().readTree(golden.resolve("blocks.json").toFile());
        JsonNode described = new ObjectMapper().readTree(golden.resolve("config.json").toFile())
                .get("blocks");

        LayerCatalog catalog = LayerCatalog.of(config);

        List<String> expected = new ArrayList<>();
        blocks.forEach(block -> expected.add(block.get("name").asText()));
        assertEquals(expected, catalog.keys());
        for (int i = 0; i < blocks.size(); i++) {
            LayerCatalog.Layer layer = catalog.layers().get(i);
            JsonNode shape = blocks.get(i).get("shape");
            assertArrayEquals(new int[] {shape.get(1).asInt(), shape.get(2).asInt(),
                    shape.get(3).asInt()}, layer.shape(), layer.key());
            assertEquals(described.get(i).get("in_channels").asInt(), layer.inChannels());
            int heads = described.get(i).path("num_heads").asInt(0);
            assertEquals(heads, layer.attentionHeads(), layer.key());
        }
    }

    static Path goldenDir() {
        String shared = System.getProperty("diffviews.shared.dir");
        Path dir = shared == null ? null : Path.of(shared, "golden", "edm-tiny-a");
        Assumptions.assumeTrue(dir != null && Files.isDirectory(dir),
                "golden directory " + dir + " is absent; set -Ddiffviews.shared.dir");
        return dir;
    }
}
