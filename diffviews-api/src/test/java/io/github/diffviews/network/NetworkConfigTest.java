package io.github.diffviews.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.diffviews.io.DataFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkConfigTest {

    @Test
    void read_goldenConfigAsItIs_readsUpstreamKwargs() throws IOException {
        NetworkConfig config = NetworkConfig.read(
                LayerCatalogTest.goldenDir().resolve("config.json"));

        assertEquals(16, config.imgResolution());
        assertEquals(3, config.imgChannels());
        assertEquals(10, config.labelDim());
        assertEquals(32, config.modelChannels());
        assertEquals(List.of(1, 2), config.channelMult());
        assertEquals(1, config.numBlocks());
        assertEquals(List.of(8), config.attnResolutions());
        assertEquals(128, config.embChannels());
        assertEquals(Double.POSITIVE_INFINITY, config.sigmaMax());
        assertEquals(0.5, config.sigmaData());
    }

    @Test
    void fromJson_networkObject_readsTheNestedKwargs() {
        String json = "{\"adapter\": \"x\", \"network\": {\"precond_kwargs\": {"
                + "\"img_resolution\": 32, \"img_channels\": 1, \"label_dim\": 10},"
                + "\"model_kwargs\": {\"model_channels\": 32, \"channel_mult\": [1, 2, 2],"
                + "\"num_blocks\": 1, \"attn_resolutions\": [16]}}}";

        NetworkConfig config = NetworkConfig.fromJson(json);

        assertEquals(32, config.imgResolution());
        assertEquals(List.of(1, 2, 2), config.channelMult());
        assertEquals(0.10, config.dropout());
    }

    @Test
    void toJson_roundTrip_givesAnEqualConfig() {
        for (String name : NetworkConfig.presetNames()) {
            NetworkConfig preset = NetworkConfig.preset(name);

            NetworkConfig back = NetworkConfig.fromJson(preset.toJson().toString());

            assertEquals(preset, back, name);
            assertEquals("inf", preset.toJson().get("precond_kwargs").get("sigma_max").asText());
        }
    }

    @Test
    void preset_imagenet_hasTheReferenceHyperParameters() {
        NetworkConfig edm = NetworkConfig.preset("edm-imagenet-64");

        assertEquals(64, edm.imgResolution());
        assertEquals(1000, edm.labelDim());
        assertEquals(192, edm.modelChannels());
        assertEquals(List.of(1, 2, 3, 4), edm.channelMult());
        assertEquals(768, edm.embChannels());
        assertEquals(List.of(32, 16, 8), edm.attnResolutions());
        assertEquals(false, edm.useFp16());
        assertThrows(IllegalArgumentException.class, () -> NetworkConfig.preset("sd-1.5"));
    }

    @Test
    void build_otherModelType_isRejected() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> tiny().modelType("SongUNet").build());

        assertTrue(error.getMessage().contains("SongUNet"), error.getMessage());
    }

    @Test
    void build_augmentDim_isRejected() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> tiny().augmentDim(9).build());

        assertTrue(error.getMessage().contains("augment_dim = 9"), error.getMessage());
    }

    @Test
    void build_channelsGroupNormCannotSplit_isRejectedNamingTheLayer() {
        // 48 base channels with multipliers 1-2-2: the decoder concatenates 96 + 48 = 144
        // channels, which min(32, 36) = 32 groups cannot split.
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> tiny().modelChannels(48).channelMult(1, 2, 2).build());

        assertTrue(error.getMessage().contains("144 channels"), error.getMessage());
    }

    @Test
    void build_badValues_areRejected() {
        assertThrows(IllegalArgumentException.class, () -> tiny().imgResolution(0).build());
        assertThrows(IllegalArgumentException.class, () -> tiny().labelDim(-1).build());
        assertThrows(IllegalArgumentException.class, () -> tiny().sigmaData(0).build());
        assertThrows(IllegalArgumentException.class, () -> tiny().imgResolution(18)
                .channelMult(1, 2, 2).build());
        assertThrows(IllegalArgumentException.class, () -> tiny().dropout(1.5).build());
    }

    @Test
    void fromJson_unknownKeyOrWrongType_isRejectedNamingIt() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> NetworkConfig.fromJson("{\"precond_kwargs\": {\"img_resolution\": 16,"
                        + "\"img_channels\": 3, \"lable_dim\": 10}}"));
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
                () -> NetworkConfig.fromJson("{\"precond_kwargs\": {\"img_resolution\": 16.5,"
                        + "\"img_channels\": 3}}"));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> NetworkConfig.fromJson("{\"model_kwargs\": {}}"));

        assertTrue(unknown.getMessage().contains("lable_dim"), unknown.getMessage());
        assertTrue(type.getMessage().contains("img_resolution = 16.5"), type.getMessage());
        assertTrue(missing.getMessage().contains("precond_kwargs"), missing.getMessage());
    }

    @Test
    void read_notJson_throwsDataFormatExceptionNamingTheFile(@TempDir Path dir)
            throws IOException {
        Path file = dir.resolve("config.json");
        Files.writeString(file, "{ not json");

        DataFormatException error = assertThrows(DataFormatException.class,
                () -> NetworkConfig.read(file));

        assertTrue(error.getMessage().startsWith(file.toString()), error.getMessage());
    }

    private static NetworkConfig.Builder tiny() {
        return NetworkConfig.builder().imgResolution(16).imgChannels(3).labelDim(10)
                .modelChannels(32).channelMult(1, 2).numBlocks(1).attnResolutions(8);
    }
}
