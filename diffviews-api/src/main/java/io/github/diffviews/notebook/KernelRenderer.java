package io.github.diffviews.notebook;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * A kernel's display {@code Renderer}, driven by reflection so that nothing of the kernel is
 * needed to compile or run this library.
 *
 * <p>IJava's base kernel ({@code io.github.spencerpark.jupyter.kernel.display}) and JJava's
 * ({@code org.dflib.jjava.jupyter.kernel.display}) have the same display API under different
 * packages: {@code Renderer.createRegistration(Class)} returns a registration that takes
 * {@code preferring(String...)}, {@code supporting(String...)} and
 * {@code register(RenderFunction)}; a {@code RenderFunction} receives the value and a
 * {@code RenderContext}, whose {@code renderIfRequested(MIMEType, BiConsumer)} hands the output
 * {@code DisplayData} to the callback when that type was asked for; {@code DisplayData} takes
 * {@code putData(String, Object)} and answers {@code hasDataForType(MIMEType)};
 * {@code MIMEType.parse(String)} makes the types. This class looks those up beside the class that
 * declares {@code createRegistration}, and implements {@code RenderFunction} with a proxy.
 */
final class KernelRenderer {

    /** One MIME type a value can be shown as. */
    record Representation(String mime, Function<Object, Object> producer, String unlessPresent) {
    }

    private final Object renderer;
    private final ClassLoader loader;
    private final Method createRegistration;
    private final Class<?> renderFunction;
    private final Method parseMime;
    private final Method renderIfRequested;
    private final Method hasDataForType;
    private final Method putData;
    private final Map<String, Object> mimeTypes = new HashMap<>();

    private KernelRenderer(Object renderer) throws ReflectiveOperationException {
        this.renderer = renderer;
        createRegistration = renderer.getClass().getMethod("createRegistration", Class.class);
        Class<?> rendererType = createRegistration.getDeclaringClass();
        loader = rendererType.getClassLoader();
        String display = rendererType.getPackageName();
        renderFunction = Class.forName(display + ".RenderFunction", false, loader);
        Class<?> mimeType = Class.forName(display + ".mime.MIMEType", false, loader);
        parseMime = mimeType.getMethod("parse", String.class);
        Class<?> context = Class.forName(display + ".RenderContext", false, loader);
        renderIfRequested = context.getMethod("renderIfRequested", mimeType, BiConsumer.class);
        Class<?> displayData = Class.forName(display + ".DisplayData", false, loader);
        hasDataForType = displayData.getMethod("hasDataForType", mimeType);
        putData = displayData.getMethod("putData", String.class, Object.class);
    }

    /**
     * Wraps a kernel's renderer.
     *
     * @param renderer the kernel's {@code Renderer}
     * @return the wrapper
     * @throws IllegalArgumentException if the object does not have the display API
     */
    static KernelRenderer of(Object renderer) {
        try {
            return new KernelRenderer(renderer);
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalArgumentException(renderer.getClass().getName() + " is not a "
                    + "Jupyter kernel renderer with the IJava/JJava display API: " + e, e);
        }
    }

    /**
     * Registers how values of a type are shown.
     *
     * @param type the type; subclasses are covered too
     * @param preferred the MIME types shown by default
     * @param supported further MIME types shown when asked for by name
     * @param representations how to produce each type, tried in order
     */
    void register(Class<?> type, List<String> preferred, List<String> supported,
            List<Representation> representations) {
        try {
            Object registration = createRegistration.invoke(renderer, type);
            Class<?> registrationType = registration.getClass();
            registrationType.getMethod("preferring", String[].class).invoke(registration,
                    (Object) preferred.toArray(String[]::new));
            if (!supported.isEmpty()) {
                registrationType.getMethod("supporting", String[].class).invoke(registration,
                        (Object) supported.toArray(String[]::new));
            }
            Object function = Proxy.newProxyInstance(loader, new Class<?>[] {renderFunction},
                    handler(type, representations));
            registrationType.getMethod("register", renderFunction).invoke(registration,
                    function);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("The kernel refused the renderer of "
                    + type.getName() + ": " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot register the renderer of " + type.getName()
                    + " with " + renderer.getClass().getName() + ": " + e, e);
        }
    }

    private InvocationHandler handler(Class<?> type, List<Representation> representations) {
        return (proxy, method, args) -> {
            switch (method.getName()) {
                case "render":
                    render(args[0], args[1], representations);
                    return null;
                case "equals":
                    return proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "toString":
                    return "DiffViews renderer of " + type.getName();
                default:
                    throw new UnsupportedOperationException(method.getName());
            }
        };
    }

    private void render(Object value, Object context, List<Representation> representations)
            throws ReflectiveOperationException {
        for (Representation representation : representations) {
            BiConsumer<Object, Object> fill = (requested, output) -> {
                if (representation.unlessPresent() != null
                        && has(output, representation.unlessPresent())) {
                    return;
                }
                Object data = representation.producer().apply(value);
                if (data != null) {
                    invoke(putData, output, representation.mime(), data);
                }
            };
            try {
                renderIfRequested.invoke(context, mime(representation.mime()), fill);
            } catch (InvocationTargetException e) {
                throw unwrap(e);
            }
        }
    }

    private boolean has(Object output, String mime) {
        return (Boolean) invoke(hasDataForType, output, mime(mime));
    }

    private synchronized Object mime(String text) {
        return mimeTypes.computeIfAbsent(text, key -> invoke(parseMime, null, key));
    }

    private static Object invoke(Method method, Object target, Object... args) {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw unwrap(e);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("Cannot call " + method + ": " + e, e);
        }
    }

    private static RuntimeException unwrap(InvocationTargetException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(cause);
    }
}
