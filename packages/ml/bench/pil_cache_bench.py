"""Python peer of buildCache (data-cache.bench.ts): the same work a PyTorch user's
preprocessing script would do with PIL and a process pool. For each sample of a Kaggle-layout
folder (train.csv; <id>_red|green|blue|yellow.png), decode the four PNGs, resize each to
--size x --size with Lanczos (sharp's default kernel, which buildCache uses), and write the
sample as HWC uint8 at its row of one file (a numpy memmap, as our cache is one uint8 file).
Prints one JSON object as its last line. Usage:
    /usr/bin/python3 pil_cache_bench.py --data DIR --out FILE --size 256 --workers 2
"""
import argparse
import csv
import json
import os
import time
from multiprocessing import Pool

import numpy as np
from PIL import Image

CHANNELS = ("red", "green", "blue", "yellow")
STATE = {}


def init(data, out, count, size):
    STATE["data"] = data
    STATE["size"] = size
    STATE["cache"] = np.memmap(out, dtype=np.uint8, mode="r+", shape=(count, size, size, 4))


def build(job):
    row, sample_id = job
    size = STATE["size"]
    for c, channel in enumerate(CHANNELS):
        with Image.open(os.path.join(STATE["data"], f"{sample_id}_{channel}.png")) as image:
            gray = image.convert("L").resize((size, size), Image.LANCZOS)
        STATE["cache"][row, :, :, c] = np.asarray(gray)
    return row


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--size", type=int, default=256)
    parser.add_argument("--workers", type=int, default=os.cpu_count())
    args = parser.parse_args()
    with open(os.path.join(args.data, "train.csv"), newline="") as f:
        ids = [row["Id"] for row in csv.DictReader(f)]
    # The Kaggle layout keeps the PNGs in train/ (as readKaggleDataset looks for them).
    images = os.path.join(args.data, "train")
    if not os.path.isdir(images):
        images = args.data
    first = os.path.join(images, f"{ids[0]}_red.png")
    if not os.path.exists(first):
        raise SystemExit(f"pil_cache_bench: {first} does not exist (is --data a Kaggle folder?)")
    started = time.perf_counter()
    np.memmap(args.out, dtype=np.uint8, mode="w+", shape=(len(ids), args.size, args.size, 4)).flush()
    with Pool(args.workers, init, (images, args.out, len(ids), args.size)) as pool:
        for _ in pool.imap_unordered(build, enumerate(ids), chunksize=8):
            pass
    seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "peer": f"PIL {Image.__version__} + multiprocessing.Pool",
                "workers": args.workers,
                "samples": len(ids),
                "seconds": seconds,
                "samplesPerSecond": len(ids) / seconds,
            }
        ),
        flush=True,
    )


if __name__ == "__main__":
    main()
