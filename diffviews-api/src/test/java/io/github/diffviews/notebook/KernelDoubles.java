package io.github.diffviews.notebook;

import io.github.spencerpark.jupyter.kernel.LanguageInfo;
import java.nio.charset.StandardCharsets;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;

/**
 * Kernels built from the real kernel jars, without a Jupyter connection: JJava's
 * {@code BaseKernel} (jjava-jupyter 1.0-a6) installed as the notebook kernel, and IJava's base
 * kernel (jupyter-jvm-basekernel 2.3.0).
 */
final class KernelDoubles {

    private KernelDoubles() {
    }

    /** A JJava kernel that evaluates nothing; only its renderer and notebook hook are used. */
    static final class JJavaKernel extends BaseKernel {

        JJavaKernel() {
            super("test", "1.0", null, java.util.List.of(), null,
                    new JupyterIO(StandardCharsets.UTF_8), new CommManager(), new Renderer(),
                    null, null, false, new StringStyler("", "", "", line -> ""));
        }

        /** Becomes {@code BaseKernel.notebookKernel()}, as the kernel does when it starts. */
        void becomeNotebookKernel() {
            installNotebookKernel();
        }

        /** Stops being the notebook kernel, as the kernel does when it shuts down. */
        void leave() {
            uninstallNotebookKernel();
        }

        @Override
        public Object evalRaw(String source) {
            throw new UnsupportedOperationException("evaluates nothing");
        }

        @Override
        public DisplayData inspect(String code, int at, boolean extraDetail) {
            return null;
        }

        @Override
        public ReplacementOptions complete(String code, int at) {
            return null;
        }

        @Override
        public String isComplete(String code) {
            return IS_COMPLETE_YES;
        }
    }

    /** An IJava base kernel that evaluates nothing; only its renderer is used. */
    static final class IJavaKernel extends io.github.spencerpark.jupyter.kernel.BaseKernel {

        @Override
        public io.github.spencerpark.jupyter.kernel.display.DisplayData eval(String expr) {
            throw new UnsupportedOperationException("evaluates nothing");
        }

        @Override
        public LanguageInfo getLanguageInfo() {
            return new LanguageInfo.Builder("java").build();
        }
    }
}
