#!/usr/bin/env python3
"""Convert an upstream EDM or DMD2 checkpoint to safetensors for DiffViews for Java.

The Java engine reads weights from a safetensors file whose tensor names are the upstream
``EDMPrecond.state_dict()`` names (``model.enc.16x16_block0.conv0.weight``, ...) and the network
architecture from a ``network`` object of upstream constructor arguments. This script writes both
from a checkpoint you already have; it is a one-off, offline step and is never needed at run time.

Inputs it understands:

* an EDM training snapshot or released pickle (``edm-imagenet-64x64-cond-adm.pkl``) or a DMD2
  pickle made by the Python diffviews tool: a pickled dict whose ``'ema'`` entry is the
  ``EDMPrecond`` module. Unpickling needs the ``torch_utils`` and ``dnnlib`` packages of the
  NVlabs/edm repository (or the DMD2 repository): pass its checkout with ``--edm-repo``.
* a ``torch.save`` file (``.pt``/``.pth``) holding either such a dict, a module, or a plain state
  dict. A plain state dict carries no architecture: give ``--preset`` or ``--network``.

Outputs, in OUT_DIR: ``model.safetensors`` (every tensor as little-endian F32, in state-dict
order, with the source recorded in ``__metadata__``) and ``network.json``
(``{"network": {"precond_kwargs": {...}, "model_kwargs": {...}}}``), ready to be merged into a
model's ``config.json``.

Usage::

    python3 convert_pickle_to_safetensors.py edm-imagenet-64x64-cond-adm.pkl out/ \
        --edm-repo ~/src/edm
    python3 convert_pickle_to_safetensors.py state_dict.pt out/ --preset dmd2-imagenet-64

Only numpy and torch are needed (the safetensors file is written by this script itself).
"""

import argparse
import json
import math
import os
import pickle
import struct
import sys

PRECOND_KEYS = ("img_resolution", "img_channels", "label_dim", "use_fp16", "sigma_min",
                "sigma_max", "sigma_data", "model_type")
MODEL_KEYS = ("model_channels", "channel_mult", "channel_mult_emb", "num_blocks",
              "attn_resolutions", "dropout", "label_dropout", "augment_dim")
# Arguments EDMPrecond passes to the U-Net itself; they are not model_kwargs.
DERIVED_KEYS = ("img_resolution", "in_channels", "out_channels", "label_dim")

IMAGENET_64 = {
    "precond_kwargs": {"img_resolution": 64, "img_channels": 3, "label_dim": 1000,
                       "use_fp16": False, "sigma_min": 0, "sigma_max": "inf",
                       "sigma_data": 0.5, "model_type": "DhariwalUNet"},
    "model_kwargs": {"model_channels": 192, "channel_mult": [1, 2, 3, 4],
                     "channel_mult_emb": 4, "num_blocks": 3, "attn_resolutions": [32, 16, 8],
                     "dropout": 0.0, "label_dropout": 0, "augment_dim": 0},
}
PRESETS = {
    "dmd2-imagenet-64": IMAGENET_64,
    "edm-imagenet-64": {"precond_kwargs": dict(IMAGENET_64["precond_kwargs"]),
                        "model_kwargs": dict(IMAGENET_64["model_kwargs"], dropout=0.1)},
}


def json_value(value):
    """Turns a constructor argument into JSON (infinity as "inf", tuples as lists)."""
    if isinstance(value, float) and math.isinf(value):
        return "inf" if value > 0 else "-inf"
    if isinstance(value, (list, tuple)):
        return [json_value(v) for v in value]
    if hasattr(value, "item"):
        return value.item()
    return value


def network_from_module(net):
    """Reads precond_kwargs and model_kwargs from an EDMPrecond module's recorded arguments."""
    precond = {}
    init_kwargs = getattr(net, "init_kwargs", None)
    if init_kwargs is not None:
        precond_args = dict(init_kwargs)
    else:
        precond_args = {key: getattr(net, key) for key in PRECOND_KEYS if hasattr(net, key)}
    for key in PRECOND_KEYS:
        if key in precond_args:
            precond[key] = json_value(precond_args[key])
    model = {}
    for key, value in precond_args.items():
        if key in MODEL_KEYS:
            model[key] = json_value(value)
    inner = getattr(getattr(net, "model", None), "init_kwargs", None)
    if inner is not None:
        for key, value in dict(inner).items():
            if key in MODEL_KEYS and key not in model:
                model[key] = json_value(value)
    if "img_resolution" not in precond or "img_channels" not in precond:
        raise SystemExit("error: the module does not record img_resolution/img_channels; "
                         "use --preset or --network")
    precond["use_fp16"] = False  # the Java engine computes in float32
    model["augment_dim"] = model.get("augment_dim", 0) or 0
    return {"precond_kwargs": precond, "model_kwargs": model}


def load_checkpoint(path, edm_repo):
    """Returns (state_dict, module or None) from a pickle or torch.save file."""
    import torch

    if edm_repo:
        sys.path.insert(0, os.path.abspath(os.path.expanduser(edm_repo)))
    if path.endswith(".pkl"):
        with open(path, "rb") as f:
            try:
                data = pickle.load(f)
            except ModuleNotFoundError as e:
                raise SystemExit(f"error: unpickling {path} needs module '{e.name}'; pass the "
                                 "NVlabs/edm (or DMD2) checkout with --edm-repo") from e
    else:
        data = torch.load(path, map_location="cpu")
    module = None
    if isinstance(data, dict) and "ema" in data:
        data = data["ema"]
    if isinstance(data, torch.nn.Module):
        module = data
        state = module.state_dict()
    elif isinstance(data, dict):
        state = data
    else:
        raise SystemExit(f"error: {path} holds a {type(data).__name__}, expected a dict with "
                         "'ema', a module or a state dict")
    return state, module


def write_safetensors(path, tensors, metadata):
    """Writes tensors as little-endian F32 with an 8-byte aligned data block."""
    import numpy as np

    header = {"__metadata__": metadata}
    arrays = []
    offset = 0
    for name, tensor in tensors.items():
        array = np.ascontiguousarray(tensor.detach().cpu().float().numpy(), dtype="<f4")
        header[name] = {"dtype": "F32", "shape": list(array.shape),
                        "data_offsets": [offset, offset + array.nbytes]}
        offset += array.nbytes
        arrays.append(array)
    encoded = json.dumps(header, separators=(",", ":")).encode("utf-8")
    encoded += b" " * (-len(encoded) % 8)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(encoded)))
        f.write(encoded)
        for array in arrays:
            f.write(array.tobytes())
    os.replace(tmp, path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("checkpoint", help="EDM/DMD2 .pkl, or a torch.save .pt/.pth file")
    parser.add_argument("out_dir", help="directory for model.safetensors and network.json")
    parser.add_argument("--edm-repo", help="checkout of NVlabs/edm (or DMD2) for unpickling")
    parser.add_argument("--preset", choices=sorted(PRESETS),
                        help="network architecture when the checkpoint does not record it")
    parser.add_argument("--network", help="JSON file with precond_kwargs and model_kwargs "
                        "(at the top level or under 'network')")
    parser.add_argument("--strip-prefix", default="",
                        help="remove this prefix from every tensor name (e.g. 'generator.')")
    args = parser.parse_args()

    state, module = load_checkpoint(args.checkpoint, args.edm_repo)
    tensors = {}
    for name, tensor in state.items():
        if args.strip_prefix and name.startswith(args.strip_prefix):
            name = name[len(args.strip_prefix):]
        tensors[name] = tensor
    bad = [name for name in tensors if not name.startswith("model.")]
    if bad:
        raise SystemExit("error: tensor names must start with 'model.' (EDMPrecond's U-Net); "
                         f"found {bad[:5]}; use --strip-prefix")

    if args.network:
        with open(args.network) as f:
            network = json.load(f)
        network = network.get("network", network)
        network = {k: network[k] for k in ("precond_kwargs", "model_kwargs") if k in network}
    elif args.preset:
        network = PRESETS[args.preset]
    elif module is not None:
        network = network_from_module(module)
    else:
        raise SystemExit("error: a plain state dict carries no architecture; use --preset or "
                         "--network")

    os.makedirs(args.out_dir, exist_ok=True)
    weights = os.path.join(args.out_dir, "model.safetensors")
    write_safetensors(weights, tensors, {"source": os.path.basename(args.checkpoint),
                                         "network": json.dumps(network)})
    with open(os.path.join(args.out_dir, "network.json"), "w") as f:
        json.dump({"network": network}, f, indent=2)
        f.write("\n")
    count = sum(t.numel() for t in tensors.values())
    print(f"{weights}: {len(tensors)} tensors, {count} values")
    print(f"{os.path.join(args.out_dir, 'network.json')}: {json.dumps(network)}")


if __name__ == "__main__":
    main()
