package io.github.spencerpark.ijava;

import io.github.spencerpark.jupyter.kernel.BaseKernel;

/**
 * Stands in for IJava's entry class, which is not published to Maven Central: IJava 1.3 hands
 * notebook code its kernel through {@code IJava.getKernelInstance()}, a static method of this
 * name and package. The kernel returned is a real {@code jupyter-jvm-basekernel} 2.3.0 kernel, the
 * base of IJava's {@code JavaKernel}, so its renderer is the one IJava uses.
 */
public final class IJava {

    private static BaseKernel kernel;

    private IJava() {
    }

    /** Returns the running kernel, or null, as IJava does. */
    public static BaseKernel getKernelInstance() {
        return kernel;
    }

    /** Sets the running kernel, as IJava's {@code main} does. */
    public static void setKernel(BaseKernel running) {
        kernel = running;
    }
}
