package io.github.diffviews.notebook;

import io.github.diffviews.figure.ContactSheet;
import io.github.diffviews.figure.Figures;
import io.github.diffviews.figure.HtmlFigureProvider;
import io.github.diffviews.figure.HtmlFigureWriter;
import io.github.diffviews.figure.MapPlot;
import io.github.diffviews.generation.Generation;
import io.github.diffviews.generation.GenerationStep;
import io.github.diffviews.generation.ImageBatch;
import io.github.diffviews.spi.BackendException;
import io.github.diffviews.spi.Backends;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows this library's figures and generations in Jupyter notebooks run by the IJava or JJava
 * kernel, which already show a {@code BufferedImage} as PNG.
 *
 * <p>When one of those kernels runs this JVM, the renderers below are registered with its
 * display API the first time a {@link MapPlot}, a {@link ContactSheet} or a {@link Generation} is
 * used, so the value of a cell's last expression shows itself:
 * <ul>
 *   <li>{@link MapPlot}: {@code text/html}, the interactive Plotly figure with a PNG inside that
 *       shows where scripts do not run, when an {@link HtmlFigureProvider} is on the class path
 *       ({@code diffviews-viz}); otherwise {@code image/png}. The first figure of a kernel session
 *       carries Plotly.js (about 11 MB) for the later ones;</li>
 *   <li>{@link ContactSheet}, {@link Generation} (the frames of its first image),
 *       {@link GenerationStep} (its composite frame) and {@link ImageBatch} (its images side by
 *       side): {@code image/png}.</li>
 * </ul>
 * The kernel is found by reflection, through the entry points JJava ({@code
 * org.dflib.jjava.jupyter.kernel.BaseKernel.notebookKernel()} from 1.0-a6, {@code
 * org.dflib.jjava.JJava.getKernelInstance()} before) and IJava ({@code
 * io.github.spencerpark.ijava.IJava.getKernelInstance()}) offer; without a kernel nothing
 * happens and nothing of a kernel is needed on the class path. {@link #install()} does the same
 * on request and says what it found; {@link #register(Object)} registers with a renderer
 * obtained some other way.
 */
public final class Notebooks {

    private static final Logger LOG = LoggerFactory.getLogger(Notebooks.class);

    /** The entry points that return the running kernel, tried in order. */
    private static final List<String[]> KERNELS = List.of(
            new String[] {"JJava", "org.dflib.jjava.jupyter.kernel.BaseKernel", "notebookKernel"},
            new String[] {"JJava", "org.dflib.jjava.JJava", "getKernelInstance"},
            new String[] {"IJava", "io.github.spencerpark.ijava.IJava", "getKernelInstance"});

    private static final String HTML = "text/html";

    private static final String PNG = "image/png";

    private static final Map<Object, Boolean> REGISTERED =
            Collections.synchronizedMap(new WeakHashMap<>());

    private static final AtomicBoolean LIBRARY_SENT = new AtomicBoolean();

    private static final AtomicInteger FIGURES = new AtomicInteger();

    private static volatile boolean noKernelClasses;

    private static volatile boolean interactive = true;

    private Notebooks() {
    }

    /**
     * Registers the renderers with the running kernel, if there is one; otherwise does nothing.
     * Never throws: trouble is logged.
     *
     * @return the kernel's name ({@code "JJava"} or {@code "IJava"}) if renderers are registered
     *     with it, now or before
     */
    public static Optional<String> installIfPresent() {
        if (noKernelClasses) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(findAndRegister());
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("Could not register DiffViews' notebook renderers: {}", e.toString());
            return Optional.empty();
        }
    }

    /**
     * Registers the renderers with the running kernel.
     *
     * @return the kernel's name, {@code "JJava"} or {@code "IJava"}
     * @throws IllegalStateException if no IJava or JJava kernel runs this JVM, or it refuses the
     *     renderers
     */
    public static String install() {
        String kernel = findAndRegister();
        if (kernel == null) {
            throw new IllegalStateException("No IJava or JJava kernel runs this JVM; the "
                    + "notebook renderers are registered only inside one");
        }
        return kernel;
    }

    /**
     * Registers the renderers with a kernel's display renderer: an
     * {@code io.github.spencerpark.jupyter.kernel.display.Renderer} (IJava),
     * {@code org.dflib.jjava.jupyter.kernel.display.Renderer} (JJava) or any renderer with the
     * same methods. Registering twice with the same renderer does nothing.
     *
     * @param renderer the kernel's renderer
     * @throws IllegalArgumentException if the object has not that display API
     * @throws IllegalStateException if the renderer refuses a registration
     */
    public static void register(Object renderer) {
        Objects.requireNonNull(renderer, "renderer");
        synchronized (REGISTERED) {
            if (REGISTERED.containsKey(renderer)) {
                return;
            }
            KernelRenderer kernel = KernelRenderer.of(renderer);
            kernel.register(MapPlot.class, List.of(HTML, PNG), List.of(),
                    List.of(new KernelRenderer.Representation(HTML, Notebooks::html, null),
                            new KernelRenderer.Representation(PNG,
                                    value -> base64(((MapPlot) value).toPngBytes()), HTML)));
            kernel.register(ContactSheet.class, List.of(PNG), List.of(), List.of(
                    png(value -> ((ContactSheet) value).toImage())));
            kernel.register(Generation.class, List.of(PNG), List.of(), List.of(
                    png(value -> Figures.frames((Generation) value).toImage())));
            kernel.register(GenerationStep.class, List.of(PNG), List.of(), List.of(
                    png(value -> ((GenerationStep) value).composite(0))));
            kernel.register(ImageBatch.class, List.of(PNG), List.of(), List.of(
                    png(value -> batchSheet((ImageBatch) value).toImage())));
            REGISTERED.put(renderer, Boolean.TRUE);
            LOG.debug("Registered DiffViews' notebook renderers with {}",
                    renderer.getClass().getName());
        }
    }

    /**
     * Chooses whether map plots show as interactive Plotly figures (when an
     * {@link HtmlFigureProvider} is on the class path) or as PNG images.
     *
     * @param enabled true (the default) for interactive figures
     */
    public static void interactive(boolean enabled) {
        interactive = enabled;
    }

    /**
     * Tells whether map plots show as interactive figures.
     *
     * @return true unless {@link #interactive(boolean)} turned it off
     */
    public static boolean interactive() {
        return interactive;
    }

    /**
     * Returns the HTML a notebook shows for a plot: the interactive figure, with a PNG of it
     * shown where scripts do not run. The first fragment of a JVM carries Plotly.js.
     *
     * @param plot the plot
     * @return the HTML fragment, or empty when interactive figures are off or no
     *     {@link HtmlFigureProvider} is on the class path
     */
    public static Optional<String> html(MapPlot plot) {
        if (!interactive) {
            return Optional.empty();
        }
        HtmlFigureWriter writer;
        try {
            writer = Backends.load(HtmlFigureProvider.KIND).select().get();
        } catch (BackendException e) {
            LOG.debug("Map plots show as PNG: {}", e.getMessage());
            return Optional.empty();
        }
        boolean includeLibrary = LIBRARY_SENT.compareAndSet(false, true);
        String id = "diffviews-figure-" + FIGURES.incrementAndGet() + "-"
                + Long.toHexString(System.nanoTime());
        return Optional.of(writer.fragment(plot.toJson(), id, includeLibrary,
                plot.toPngBytes()));
    }

    private static Object html(Object value) {
        return html((MapPlot) value).orElse(null);
    }

    private static String findAndRegister() {
        boolean anyClass = false;
        for (String[] entry : KERNELS) {
            Class<?> type = load(entry[1]);
            if (type == null) {
                continue;
            }
            anyClass = true;
            Object kernel = kernel(type, entry[2]);
            if (kernel == null) {
                continue;
            }
            Object renderer;
            try {
                renderer = kernel.getClass().getMethod("getRenderer").invoke(kernel);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("The " + entry[0] + " kernel "
                        + kernel.getClass().getName() + " has no usable getRenderer(): " + e, e);
            }
            register(renderer);
            return entry[0];
        }
        if (!anyClass) {
            noKernelClasses = true;
        }
        return null;
    }

    private static Class<?> load(String name) {
        for (ClassLoader loader : loaders()) {
            try {
                return Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                LOG.trace("{} is not visible to {}", name, loader);
            }
        }
        return null;
    }

    private static List<ClassLoader> loaders() {
        List<ClassLoader> loaders = new ArrayList<>();
        loaders.add(Notebooks.class.getClassLoader());
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null && context != loaders.get(0)) {
            loaders.add(context);
        }
        return loaders;
    }

    private static Object kernel(Class<?> type, String method) {
        try {
            Method getter = type.getMethod(method);
            return getter.invoke(null);
        } catch (InvocationTargetException e) {
            LOG.debug("No kernel from {}.{}(): {}", type.getName(), method, e.getCause());
            return null;
        } catch (ReflectiveOperationException | LinkageError e) {
            LOG.debug("{} has no usable {}(): {}", type.getName(), method, e.toString());
            return null;
        }
    }

    private static KernelRenderer.Representation png(
            java.util.function.Function<Object, BufferedImage> image) {
        return new KernelRenderer.Representation(PNG, value -> base64(encode(image.apply(value))),
                null);
    }

    private static ContactSheet batchSheet(ImageBatch batch) {
        List<BufferedImage> images = new ArrayList<>();
        List<String> captions = new ArrayList<>();
        for (int item = 0; item < batch.size(); item++) {
            images.add(batch.toBufferedImage(item));
            captions.add(Integer.toString(item));
        }
        return ContactSheet.of(images, captions).columns(Math.min(8, batch.size()))
                .cellSize(Math.max(64, Math.min(128, batch.width() * 4)));
    }

    private static byte[] encode(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot encode an image as PNG", e);
        }
        return out.toByteArray();
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
