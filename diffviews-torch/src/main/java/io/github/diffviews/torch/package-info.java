/**
 * The {@code pytorch} engine: EDM's preconditioner around the ADM U-Net ("DhariwalUNet"), built
 * from DJL blocks on DJL's PyTorch engine, with parameters named exactly as upstream's
 * {@code state_dict()} ({@code model.enc.16x16_block0.conv0.weight}, …) and loaded from
 * safetensors. {@link io.github.diffviews.torch.PtEngineProvider} registers it with the engine
 * SPI; everything else here is package-private. Masks and captures are arguments of each call,
 * so one loaded network serves concurrent generations.
 */
package io.github.diffviews.torch;
