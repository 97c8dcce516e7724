"""PyTorch CPU throughput of LNLJ (items/s) at given batch sizes.

  /usr/bin/python3 -m lnlj.bench --weights lnlj.pt --batches 1 16 --seconds 5
"""
import argparse
import json
import os
import time

import torch

from .model import LNLJ


def bench(model, batch, seconds=5.0, warmup=3):
    x = torch.randn(batch, 3, model.input_size, model.input_size)
    with torch.inference_mode():
        for _ in range(warmup):
            model(x)
        n, t0 = 0, time.perf_counter()
        while time.perf_counter() - t0 < seconds:
            model(x)
            n += 1
        dt = time.perf_counter() - t0
    return {"batch": batch, "iterations": n, "seconds": dt, "items_per_s": n * batch / dt, "ms_per_batch": 1000 * dt / n}


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--weights", help="weights file; random init if absent (speed does not depend on values)")
    ap.add_argument("--batches", type=int, nargs="+", default=[1, 16])
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--threads", type=int, default=0, help="torch threads (0 = torch default)")
    a = ap.parse_args(argv)
    if a.threads:
        torch.set_num_threads(a.threads)
    if a.weights and os.path.exists(a.weights):
        from .export import load_weights
        model, _ = load_weights(a.weights)
    else:
        model = LNLJ()
    model.eval()
    res = {"torch": torch.__version__, "threads": torch.get_num_threads(), "cpu_count": os.cpu_count(),
           "results": [bench(model, b, a.seconds) for b in a.batches]}
    print(json.dumps(res, indent=1))


if __name__ == "__main__":
    main()
