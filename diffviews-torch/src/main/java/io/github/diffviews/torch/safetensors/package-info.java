/**
 * Reading and writing safetensors files in plain Java: the weights of a network are stored under
 * their upstream parameter names, read as 32-bit floats whatever their stored precision
 * ({@code F32}, {@code F16}, {@code BF16}, {@code F64}), and written as {@code F32}.
 */
package io.github.diffviews.torch.safetensors;
