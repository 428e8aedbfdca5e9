"""PyTorch side of training.bench.ts: the same ResNet-style network (7x7/2 stem, 3x3/2 max-pool,
basic blocks, global average pool, 28 sigmoid outputs), Adam + BCE, timed the same way, each
measure in the memory layout asked for (channels_last or contiguous NCHW: which is faster
depends on the build and the CPU, so training.bench.ts probes both). Prints one JSON object
as its last line. Usage:
    /usr/bin/python3 torch_resnet_bench.py --size 128 --batch 16 --width 32 --blocks 1,1,1,1
        --threads 2 --train-layout contiguous --infer-layout channels_last [--no-mkldnn]
    --train-steps 0 / --infer-steps 0 skip that measure; --warmup-steps (8) untimed steps run
    before each measure, as on the tfjs side.
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
        self.b = conv_bn(cout, cout, 3, 1)
        self.proj = conv_bn(cin, cout, 1, stride) if stride != 1 or cin != cout else None

    def forward(self, x):
        y = self.b(torch.relu(self.a(x)))
        return torch.relu(y + (self.proj(x) if self.proj is not None else x))


class ResNet(nn.Module):
    def __init__(self, channels, width, blocks):
        super().__init__()
        layers = [conv_bn(channels, width, 7, 2), nn.ReLU(), nn.MaxPool2d(3, 2, padding=1)]
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


def timed(step, warmup, iterations):
    for _ in range(warmup):
        step()
    start = time.perf_counter()
    for _ in range(iterations):
        step()
    return time.perf_counter() - start


LAYOUTS = {"channels_last": torch.channels_last, "contiguous": torch.contiguous_format}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, required=True)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--channels", type=int, default=4)
    parser.add_argument("--width", type=int, default=32)
    parser.add_argument("--blocks", default="1,1,1,1")
    parser.add_argument("--train-steps", type=int, default=8)
    parser.add_argument("--warmup-steps", type=int, default=8)
    parser.add_argument("--infer-steps", type=int, default=16)
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--train-layout", choices=LAYOUTS, default="channels_last")
    parser.add_argument("--infer-layout", choices=LAYOUTS, default="channels_last")
    parser.add_argument("--no-mkldnn", action="store_true")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.backends.mkldnn.enabled = not args.no_mkldnn
    torch.manual_seed(0)
    model = ResNet(args.channels, args.width, [int(b) for b in args.blocks.split(",")])
    x_nchw = torch.rand(args.batch, args.channels, args.size, args.size)
    y = (torch.rand(args.batch, 28) < 0.1).float()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.BCELoss()
    result = {
        "framework": f"pytorch {torch.__version__}",
        "threads": torch.get_num_threads(),
        "interopThreads": torch.get_num_interop_threads(),
        "mkldnn": torch.backends.mkldnn.enabled,
        "mkldnnAvailable": torch.backends.mkldnn.is_available(),
        "params": sum(p.numel() for p in model.parameters()),
        "trainLayout": args.train_layout,
        "inferLayout": args.infer_layout,
        "trainImagesPerSecond": None,
        "inferImagesPerSecond": None,
    }

    if args.train_steps > 0:
        layout = LAYOUTS[args.train_layout]
        model = model.to(memory_format=layout)
        x = x_nchw.contiguous(memory_format=layout)

        def train_step():
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()

        model.train()
        seconds = timed(train_step, args.warmup_steps, args.train_steps)
        result["trainImagesPerSecond"] = args.batch * args.train_steps / seconds
    if args.infer_steps > 0:
        layout = LAYOUTS[args.infer_layout]
        model = model.to(memory_format=layout)
        x = x_nchw.contiguous(memory_format=layout)
        model.eval()
        with torch.no_grad():
            seconds = timed(lambda: model(x), args.warmup_steps, args.infer_steps)
        result["inferImagesPerSecond"] = args.batch * args.infer_steps / seconds
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
