"""PyTorch side of training.bench.ts: the same ResNet-style network (7x7/2 stem, 3x3/2 max-pool,
basic blocks, global average pool, 28 sigmoid outputs), Adam + BCE, channels_last, timed
the same way. Prints one JSON object. Usage:
    /usr/bin/python3 torch_resnet_bench.py --size 128 --batch 16 --width 32 --blocks 1,1,1,1
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


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, required=True)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--channels", type=int, default=4)
    parser.add_argument("--width", type=int, default=32)
    parser.add_argument("--blocks", default="1,1,1,1")
    parser.add_argument("--train-steps", type=int, default=8)
    parser.add_argument("--infer-steps", type=int, default=16)
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    model = ResNet(args.channels, args.width, [int(b) for b in args.blocks.split(",")])
    model = model.to(memory_format=torch.channels_last)
    x = torch.rand(args.batch, args.channels, args.size, args.size).to(memory_format=torch.channels_last)
    y = (torch.rand(args.batch, 28) < 0.1).float()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.BCELoss()

    def train_step():
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()

    model.train()
    train_seconds = timed(train_step, 2, args.train_steps)
    model.eval()
    with torch.no_grad():
        infer_seconds = timed(lambda: model(x), 2, args.infer_steps)
    print(json.dumps({
        "framework": f"pytorch {torch.__version__}",
        "threads": torch.get_num_threads(),
        "params": sum(p.numel() for p in model.parameters()),
        "trainImagesPerSecond": args.batch * args.train_steps / train_seconds,
        "inferImagesPerSecond": args.batch * args.infer_steps / infer_seconds,
    }))


if __name__ == "__main__":
    main()
