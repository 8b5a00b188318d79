package io.github.diffviews.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.diffviews.spi.BackendException;
import io.github.diffviews.spi.Backends;
import java.util.List;
import org.junit.jupiter.api.Test;

class EngineOptionsTest {

    @Test
    void of_devices_areParsed() {
        assertEquals(-1, EngineOptions.of("cpu", 0).gpuIndex());
        assertFalse(EngineOptions.of("CPU", 0).isGpu());
        assertEquals(0, EngineOptions.of("gpu", 2).gpuIndex());
        assertEquals(3, EngineOptions.of("gpu:3", 2).gpuIndex());
        assertEquals("gpu:3", EngineOptions.defaults().withDevice("GPU:3").device());
        assertEquals(4, EngineOptions.defaults().withThreads(4).threads());
    }

    @Test
    void of_badDeviceOrThreads_isRejected() {
        IllegalArgumentException device = assertThrows(IllegalArgumentException.class,
                () -> EngineOptions.of("cuda:0", 0));
        IllegalArgumentException threads = assertThrows(IllegalArgumentException.class,
                () -> EngineOptions.of("cpu", -2));

        assertTrue(device.getMessage().contains("'cuda:0'"), device.getMessage());
        assertTrue(threads.getMessage().contains("-2"), threads.getMessage());
    }

    @Test
    void select_noEngineOnTheClassPath_namesTheModuleToAdd() {
        Backends<EngineProvider> none = Backends.of(EngineProvider.KIND, List.of(), name -> null);

        BackendException error = assertThrows(BackendException.class, none::select);

        assertTrue(error.getMessage().contains("io.github.diffviews:diffviews-torch"),
                error.getMessage());
        assertEquals("diffviews.engine", EngineProvider.KIND.property());
        assertEquals("DIFFVIEWS_ENGINE", EngineProvider.KIND.envVariable());
    }
}
