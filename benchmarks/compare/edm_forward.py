#!/usr/bin/env python3
"""Times one forward of EDM's preconditioned ADM U-Net in PyTorch eager, the peer of the JMH
benchmark EngineForwardBenchmark.

The network is written here from the documented structure (see the golden README and the
reference notes): EDMPrecond around DhariwalUNet, with the same parameter names as upstream's
state_dict, so it loads the safetensors file the Java benchmark uses and both compute the same
function. Run with Debian's python3 and torch:

    /usr/bin/python3 edm_forward.py --weights W.safetensors --network network.json \
        --threads 2 --iterations 5 [--output out.npy --input x.npy]

Prints one JSON line: median, mean and all times in seconds, thread count, torch version.
"""

import argparse
import json
import math
import statistics
import struct
import time

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn


def groups(channels):
    return min(32, channels // 4)


class GroupNorm(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.groups = groups(channels)
        self.weight = nn.Parameter(torch.ones(channels))
        self.bias = nn.Parameter(torch.zeros(channels))

    def forward(self, x):
        return F.group_norm(x, self.groups, self.weight, self.bias, eps=1e-5)


class UNetBlock(nn.Module):
    def __init__(self, cin, cout, emb, up=False, down=False, heads=0):
        super().__init__()
        self.up, self.down, self.heads, self.cout = up, down, heads, cout
        self.norm0 = GroupNorm(cin)
        self.conv0 = nn.Conv2d(cin, cout, 3, padding=1)
        self.affine = nn.Linear(emb, 2 * cout)
        self.norm1 = GroupNorm(cout)
        self.conv1 = nn.Conv2d(cout, cout, 3, padding=1)
        self.skip = nn.Conv2d(cin, cout, 1) if cin != cout else None
        if heads:
            self.norm2 = GroupNorm(cout)
            self.qkv = nn.Conv2d(cout, 3 * cout, 1)
            self.proj = nn.Conv2d(cout, cout, 1)

    def resample(self, x):
        if self.down:
            return F.avg_pool2d(x, 2)
        if self.up:
            return F.interpolate(x, scale_factor=2, mode="nearest")
        return x

    def forward(self, x, emb):
        h = self.conv0(self.resample(F.silu(self.norm0(x))))
        scale, shift = self.affine(emb)[:, :, None, None].chunk(2, dim=1)
        h = self.conv1(F.silu(shift + self.norm1(h) * (scale + 1)))
        shortcut = self.resample(x)
        if self.skip is not None:
            shortcut = self.skip(shortcut)
        x = h + shortcut
        if self.heads:
            b, c, height, width = x.shape
            qkv = self.qkv(self.norm2(x)).reshape(b * self.heads, c // self.heads, 3, -1)
            q, k, v = qkv.unbind(2)
            w = torch.einsum("ncq,nck->nqk", q, k / math.sqrt(c // self.heads)).softmax(dim=2)
            a = torch.einsum("nqk,nck->ncq", w, v)
            x = self.proj(a.reshape(b, c, height, width)) + x
        return x


class DhariwalUNet(nn.Module):
    def __init__(self, res, channels, label_dim, mc, mult, mult_emb, blocks, attn, per_head=64):
        super().__init__()
        emb = mc * mult_emb
        self.mc = mc
        self.map_layer0 = nn.Linear(mc, emb)
        self.map_layer1 = nn.Linear(emb, emb)
        self.map_label = nn.Linear(label_dim, emb, bias=False) if label_dim else None
        heads = lambda c, on: c // per_head if on else 0  # noqa: E731
        self.enc = nn.ModuleDict()
        cout = channels
        for level, m in enumerate(mult):
            r = res >> level
            if level == 0:
                cin, cout = cout, mc * m
                self.enc[f"{r}x{r}_conv"] = nn.Conv2d(cin, cout, 3, padding=1)
            else:
                self.enc[f"{r}x{r}_down"] = UNetBlock(cout, cout, emb, down=True)
            for i in range(blocks):
                cin, cout = cout, mc * m
                self.enc[f"{r}x{r}_block{i}"] = UNetBlock(cin, cout, emb,
                                                          heads=heads(cout, r in attn))
        skips = [b.out_channels if isinstance(b, nn.Conv2d) else b.cout
                 for b in self.enc.values()]
        self.dec = nn.ModuleDict()
        for level, m in reversed(list(enumerate(mult))):
            r = res >> level
            if level == len(mult) - 1:
                self.dec[f"{r}x{r}_in0"] = UNetBlock(cout, cout, emb, heads=heads(cout, True))
                self.dec[f"{r}x{r}_in1"] = UNetBlock(cout, cout, emb)
            else:
                self.dec[f"{r}x{r}_up"] = UNetBlock(cout, cout, emb, up=True)
            for i in range(blocks + 1):
                cin, cout = cout + skips.pop(), mc * m
                self.dec[f"{r}x{r}_block{i}"] = UNetBlock(cin, cout, emb,
                                                          heads=heads(cout, r in attn))
        self.out_norm = GroupNorm(cout)
        self.out_conv = nn.Conv2d(cout, channels, 3, padding=1)

    def forward(self, x, noise_labels, labels):
        half = self.mc // 2
        freqs = (1 / 10000) ** (torch.arange(half, dtype=torch.float32) / half)
        angles = noise_labels[:, None] * freqs[None, :]
        emb = torch.cat([angles.cos(), angles.sin()], dim=1)
        emb = F.silu(self.map_layer0(emb))
        emb = self.map_layer1(emb)
        if self.map_label is not None:
            emb = emb + self.map_label(labels)
        emb = F.silu(emb)
        skips = []
        for block in self.enc.values():
            x = block(x, emb) if isinstance(block, UNetBlock) else block(x)
            skips.append(x)
        for name, block in self.dec.items():
            if "_block" in name:
                x = torch.cat([x, skips.pop()], dim=1)
            x = block(x, emb)
        return self.out_conv(F.silu(self.out_norm(x)))


class EDMPrecond(nn.Module):
    def __init__(self, pk, mk):
        super().__init__()
        self.sigma_data = pk.get("sigma_data", 0.5)
        self.label_dim = pk.get("label_dim", 0)
        self.model = DhariwalUNet(pk["img_resolution"], pk["img_channels"], self.label_dim,
                                  mk.get("model_channels", 192), mk.get("channel_mult", [1, 2, 3, 4]),
                                  mk.get("channel_mult_emb", 4), mk.get("num_blocks", 3),
                                  mk.get("attn_resolutions", [32, 16, 8]),
                                  mk.get("channels_per_head", 64))

    def forward(self, x, sigma, labels):
        sigma = sigma.reshape(-1, 1, 1, 1)
        sd = self.sigma_data
        c_skip = sd ** 2 / (sigma ** 2 + sd ** 2)
        c_out = sigma * sd / (sigma ** 2 + sd ** 2).sqrt()
        c_in = 1 / (sd ** 2 + sigma ** 2).sqrt()
        c_noise = sigma.log().flatten() / 4
        return c_skip * x + c_out * self.model(c_in * x, c_noise, labels)


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    length = struct.unpack("<Q", data[:8])[0]
    header = json.loads(data[8:8 + length])
    base = 8 + length
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        begin, end = entry["data_offsets"]
        assert entry["dtype"] == "F32", entry["dtype"]
        array = np.frombuffer(data, dtype="<f4", count=(end - begin) // 4, offset=base + begin)
        tensors[name] = torch.from_numpy(array.reshape(entry["shape"]).copy())
    return tensors


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--weights", required=True)
    parser.add_argument("--network", required=True, help="JSON with precond/model kwargs")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--iterations", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--batch", type=int, default=1)
    parser.add_argument("--input", help="x.npy to denoise instead of seeded noise")
    parser.add_argument("--sigma", help="sigma.npy for --input (default: 80 for every item)")
    parser.add_argument("--labels", help="labels.npy for --input (default: class 1)")
    parser.add_argument("--output", help="write the denoised batch of the first run here")
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    with open(args.network) as f:
        network = json.load(f)
    network = network.get("network", network)
    pk, mk = network["precond_kwargs"], network["model_kwargs"]
    net = EDMPrecond(pk, mk).eval()
    state = {k: v for k, v in read_safetensors(args.weights).items()
             if not k.endswith("resample_filter")}
    net.load_state_dict(state, strict=True)

    res, ch, labels_dim = pk["img_resolution"], pk["img_channels"], pk.get("label_dim", 0)
    if args.input:
        x = torch.from_numpy(np.load(args.input).astype(np.float32))
    else:
        x = torch.randn(args.batch, ch, res, res, generator=torch.Generator().manual_seed(1)) * 80
    batch = x.shape[0]
    sigma = torch.full((batch,), 80.0)
    labels = torch.zeros(batch, labels_dim)
    if labels_dim:
        labels[:, 1] = 1
    if args.sigma:
        sigma = torch.from_numpy(np.load(args.sigma).astype(np.float32))
    if args.labels:
        labels = torch.from_numpy(np.load(args.labels).astype(np.float32))

    times = []
    with torch.no_grad():
        for i in range(args.warmup + args.iterations):
            start = time.perf_counter()
            out = net(x, sigma, labels)
            elapsed = time.perf_counter() - start
            if i == 0 and args.output:
                np.save(args.output, out.numpy())
            if i >= args.warmup:
                times.append(elapsed)
    print(json.dumps({"peer": "pytorch-eager", "torch": torch.__version__,
                      "threads": torch.get_num_threads(), "batch": batch,
                      "median_s": statistics.median(times), "mean_s": statistics.mean(times),
                      "times_s": times}))


if __name__ == "__main__":
    main()
