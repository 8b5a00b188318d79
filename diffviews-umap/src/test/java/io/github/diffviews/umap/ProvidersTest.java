package io.github.diffviews.umap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.diffviews.projection.ProjectionProvider;
import io.github.diffviews.projection.Projections;
import io.github.diffviews.spi.BackendProvider;
import io.github.diffviews.spi.Backends;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProvidersTest {

    @Test
    void serviceLoader_findsNativeFirstThenSmile() {
        List<String> names = Backends.load(ProjectionProvider.KIND).providers().stream()
                .map(BackendProvider::name).toList();

        assertEquals(List.of("native", "smile"), names);
    }

    @Test
    void backend_byNameOrDefault_returnsThatBackend() {
        assertEquals("native", Projections.backend().name());
        assertEquals("smile", Projections.backend("smile").name());
    }

    @Test
    void select_environmentNamesSmile_smileWins() {
        Backends<ProjectionProvider> backends = Backends.of(ProjectionProvider.KIND,
                List.of(new NativeUmapProvider(), new SmileUmapProvider()),
                Map.of("DIFFVIEWS_PROJECTION", "smile")::get);

        assertEquals("smile", backends.select().name());
    }
}
