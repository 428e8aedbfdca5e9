"""PyTorch side of training.bench.ts: the same ResNet-style network (7x7/2 stem, 3x3/2 max-pool,
basic blocks, global average pool, 28 sigmoid outputs), Adam + BCE, timed the same way, each
measure in the memory layout asked for (channels_last or contiguous NCHW: which is faster
depends on the build and the CPU, so training.bench.ts probes both). Prints one JSON object
as its last line. Usage:
    /usr/bin/python3 torch_resnet_bench.py --size 128 --batch 16 --width 32 --blocks 1,1,1,1
        --threads 2 --train-layout contiguous --infer-layout channels_last [--no-mkldnn]
    --no-train / --no-infer skip that measure. --bf16 (training only, with --no-infer) runs the
    forward pass under torch.cpu.amp.autocast(dtype=torch.bfloat16), PyTorch's own CPU mixed
    precision (bfloat16 convolutions, float32 weights), the loss on its float32 output. Each measure is timed as the tfjs side times its
    own (tfjs_resnet_bench.ts): untimed warm-up windows of at least --window-s seconds until the
    last two agree within --settle (3%), then windows until at least --min-seconds (3 s) are
    timed; the rate is the images over the timed seconds, with every window's rate reported.

What a PyTorch user would set, and this side sets: training with ReLU(inplace=True) and the
residual added in place (torchvision's BasicBlock), Adam(foreach=True),
zero_grad(set_to_none=True); inference eager and by PyTorch's own inference paths, all under
inference_mode: torch.jit.trace + torch.jit.freeze (batch norm folded into the convolutions),
and that plus torch.jit.optimize_for_inference (oneDNN convolutions on prepacked weights in
its blocked layout). Where a step is missing or fails, torch.fx's conv+bn fusion
(fuse_conv_bn_eval) is the fallback, and the path taken is reported. training.bench.ts counts
the fastest path.
"""
import argparse
import json
import os
import time

import torch
from torch import nn


def conv_bn(cin, cout, k, stride):
    return nn.Sequential(
        nn.Conv2d(cin, cout, k, stride, padding=k // 2, bias=False),
        # momentum 0.1 in PyTorch's convention = 0.9 in Keras/tfjs's.
        nn.BatchNorm2d(cout, eps=1e-3, momentum=0.1),
    )


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.a = conv_bn(cin, cout, 3, stride)
        self.relu = nn.ReLU(inplace=True)
        self.b = conv_bn(cout, cout, 3, 1)
        self.proj = conv_bn(cin, cout, 1, stride) if stride != 1 or cin != cout else None

    def forward(self, x):
        # As torchvision's BasicBlock: ReLU in place, the shortcut added in place (batch
        # norm's backward needs its input, not its output, so both are safe in training).
        y = self.b(self.relu(self.a(x)))
        y += self.proj(x) if self.proj is not None else x
        return self.relu(y)


class ResNet(nn.Module):
    def __init__(self, channels, width, blocks):
        super().__init__()
        layers = [
            conv_bn(channels, width, 7, 2),
            nn.ReLU(inplace=True),
            nn.MaxPool2d(3, 2, padding=1),
        ]
        cin = width
        for stage, count in enumerate(blocks):
            cout = width * 2**stage
            for i in range(count):
                layers.append(BasicBlock(cin, cout, 2 if stage > 0 and i == 0 else 1))
                cin = cout
        self.features = nn.Sequential(*layers)
        self.head = nn.Linear(cin, 28)

    def forward(self, x):
        return torch.sigmoid(self.head(self.features(x).mean(dim=(2, 3))))


def window(step, seconds):
    """Steps until at least `seconds` have passed: (steps, elapsed)."""
    start = time.perf_counter()
    steps = 0
    while True:
        step()
        steps += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return steps, elapsed


def settled_rate(step, batch, window_s, min_seconds, settle, max_warmup_s):
    """The same procedure as settledRate in training-lib.ts (keep them alike)."""
    warmup = []
    warmup_seconds = 0.0
    settled = False
    while True:
        steps, elapsed = window(step, window_s)
        warmup.append(batch * steps / elapsed)
        warmup_seconds += elapsed
        if len(warmup) >= 2 and abs(warmup[-1] - warmup[-2]) <= settle * max(warmup[-2:]):
            settled = True
            break
        if warmup_seconds >= max_warmup_s:
            break
    windows = []
    images = 0
    seconds = 0.0
    while seconds < min_seconds:
        steps, elapsed = window(step, window_s)
        windows.append(batch * steps / elapsed)
        images += batch * steps
        seconds += elapsed
    return {
        "imagesPerSecond": images / seconds,
        "seconds": seconds,
        "windows": windows,
        "warmupWindows": warmup,
        "settled": settled,
    }


def inference_paths(model, x):
    """PyTorch's inference paths for a trained model beside eager: traced and frozen (batch
    norm folded into the convolutions, aten kernels in the model's layout), and that plus
    optimize_for_inference (oneDNN's blocked layout, prepacked weights), or the fallback where
    a step is missing. Returns {name: (callable, how it was built)}."""
    paths = {}
    try:
        with torch.no_grad():
            frozen = torch.jit.freeze(torch.jit.trace(model, x))
        paths["frozen"] = (frozen, "jit.trace+freeze")
        optimised = torch.jit.optimize_for_inference(frozen)
        paths["optimised"] = (optimised, "jit.trace+freeze+optimize_for_inference")
    except Exception as error:  # noqa: BLE001 - any missing step falls back, and says why
        from torch.fx.experimental.optimization import fuse

        why = f"{type(error).__name__}: {error}"
        paths["optimised"] = (fuse(model), f"fx fuse_conv_bn_eval (jit failed: {why})")
    return paths


LAYOUTS = {"channels_last": torch.channels_last, "contiguous": torch.contiguous_format}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, required=True)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--channels", type=int, default=4)
    parser.add_argument("--width", type=int, default=32)
    parser.add_argument("--blocks", default="1,1,1,1")
    parser.add_argument("--no-train", action="store_true")
    parser.add_argument("--no-infer", action="store_true")
    parser.add_argument("--window-s", type=float, default=0.5)
    parser.add_argument("--min-seconds", type=float, default=3.0)
    parser.add_argument("--settle", type=float, default=0.03)
    parser.add_argument("--max-warmup-s", type=float, default=20.0)
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--train-layout", choices=LAYOUTS, default="channels_last")
    parser.add_argument("--infer-layout", choices=LAYOUTS, default="channels_last")
    parser.add_argument("--no-mkldnn", action="store_true")
    parser.add_argument("--bf16", action="store_true")
    args = parser.parse_args()
    if args.bf16 and not args.no_infer:
        parser.error("--bf16 times training only: add --no-infer")
    torch.set_num_threads(args.threads)
    torch.backends.mkldnn.enabled = not args.no_mkldnn
    torch.manual_seed(0)
    model = ResNet(args.channels, args.width, [int(b) for b in args.blocks.split(",")])
    x_nchw = torch.rand(args.batch, args.channels, args.size, args.size)
    y = (torch.rand(args.batch, 28) < 0.1).float()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, foreach=True)
    loss_fn = nn.BCELoss()
    result = {
        "framework": f"pytorch {torch.__version__}",
        "threads": torch.get_num_threads(),
        "interopThreads": torch.get_num_interop_threads(),
        "mkldnn": torch.backends.mkldnn.enabled,
        "mkldnnAvailable": torch.backends.mkldnn.is_available(),
        "params": sum(p.numel() for p in model.parameters()),
        "precision": "bfloat16 autocast" if args.bf16 else "float32",
        "trainLayout": args.train_layout,
        "inferLayout": args.infer_layout,
        "settings": {
            "reluInplace": True,
            "residualAddInplace": True,
            "adamForeach": True,
            "zeroGradSetToNone": True,
            "inferenceMode": True,
        },
        "train": None,
        # {path: timing}; "eager" plus inference_paths' names.
        "infer": {},
        "inferPaths": {},
    }
    timing = dict(
        batch=args.batch,
        window_s=args.window_s,
        min_seconds=args.min_seconds,
        settle=args.settle,
        max_warmup_s=args.max_warmup_s,
    )

    if not args.no_train:
        layout = LAYOUTS[args.train_layout]
        model = model.to(memory_format=layout)
        x = x_nchw.contiguous(memory_format=layout)

        def train_step():
            optimizer.zero_grad(set_to_none=True)
            if args.bf16:
                with torch.cpu.amp.autocast(dtype=torch.bfloat16):
                    out = model(x)
                loss = loss_fn(out.float(), y)
            else:
                loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()

        model.train()
        result["train"] = settled_rate(train_step, **timing)
    if not args.no_infer:
        layout = LAYOUTS[args.infer_layout]
        model = model.to(memory_format=layout)
        x = x_nchw.contiguous(memory_format=layout)
        model.eval()
        paths = {"eager": (model, "eager nn.Module"), **inference_paths(model, x)}
        for name, (run, how) in paths.items():
            result["inferPaths"][name] = how
            with torch.inference_mode():
                result["infer"][name] = settled_rate(lambda run=run: run(x), **timing)
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
