"""Train / evaluate LNLJ on a benchmark or on the synthetic smoke set.

  /usr/bin/python3 -m lnlj.train --dataset rafdb --root /data/RAF-DB --epochs 40 --out runs/raf
  /usr/bin/python3 -m lnlj.train --dataset synthetic --epochs 3 --out runs/smoke
  /usr/bin/python3 -m lnlj.train --dataset rafdb --root ... --resume runs/raf/last.pt --eval-only
"""
import argparse
import json
import math
import os
import time

import torch

from . import data
from .losses import LNLJLoss
from .model import LNLJ, build
from .preprocess import LNLJ_MEAN, LNLJ_STD, normalize
from .synth import synthetic_images


def evaluate(model, loader, num_classes):
    model.eval()
    conf = torch.zeros(num_classes, num_classes, dtype=torch.long)
    wsum, n = None, 0
    with torch.no_grad():
        for x, y in loader:
            out = model(x)
            pred = out["logits"].argmax(1)
            for t, p in zip(y.tolist(), pred.tolist()):
                conf[t, p] += 1
            w = out["region_weights"].sum(0)
            wsum = w if wsum is None else wsum + w
            n += len(y)
    total = conf.sum().item()
    per_class = [(conf[c, c].item() / conf[c].sum().item()) if conf[c].sum() else None for c in range(num_classes)]
    valid = [a for a in per_class if a is not None]
    return {
        "n": total,
        "accuracy": conf.diag().sum().item() / max(total, 1),
        "per_class_accuracy": dict(zip(model.labels, per_class)),
        "mean_class_accuracy": sum(valid) / max(len(valid), 1),
        "confusion": conf.tolist(),  # rows = true, columns = predicted, label order = model.labels
        "mean_region_weights": dict(zip(model.region_names, (wsum / max(n, 1)).tolist())) if wsum is not None else {},
    }


def lr_at(progress, base, warmup=0.05):
    """Linear warm-up then cosine to zero; a pure function of progress so resume needs no state."""
    return base * min(1.0, (progress + 1e-3) / warmup) * 0.5 * (1 + math.cos(math.pi * min(progress, 1.0)))


def train_epoch(model, loader, loss_fn, opt, lr_fn=None, first_step=0):
    model.train()
    tot, n, correct = 0.0, 0, 0
    for i, (x, y) in enumerate(loader):
        if lr_fn is not None:
            for g in opt.param_groups:
                g["lr"] = lr_fn(first_step + i)
        out = model(x)
        loss, _ = loss_fn(out, y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        tot += loss.item() * len(y)
        n += len(y)
        correct += (out["logits"].argmax(1) == y).sum().item()
    return tot / max(n, 1), correct / max(n, 1)


def save_checkpoint(path, model, opt, epoch, best, history):
    tmp = path + ".tmp"
    torch.save({"config": model.config, "model": model.state_dict(), "optimizer": opt.state_dict(),
                "epoch": epoch, "best": best,
                "history": history}, tmp)
    os.replace(tmp, path)  # never leave a half-written checkpoint behind


def load_model(path):
    ck = torch.load(path, map_location="cpu")
    model = build(ck["config"])
    model.load_state_dict(ck["model"])
    return model, ck


def make_loaders(args):
    if args.dataset == "synthetic":
        xs, ys = synthetic_images(args.synthetic_n, args.classes, args.input_size, seed=args.seed)
        xv, yv = synthetic_images(max(args.synthetic_n // 4, args.classes), args.classes, args.input_size, seed=args.seed + 1)
        tr = torch.utils.data.TensorDataset(normalize(xs, LNLJ_MEAN, LNLJ_STD), ys)
        va = torch.utils.data.TensorDataset(normalize(xv, LNLJ_MEAN, LNLJ_STD), yv)
        cw = data.class_weights([data.Sample(None, int(c), None) for c in ys], args.classes)
    else:
        trs = data.read_dataset(args.dataset, args.root, "train", args.classes, args.csv)
        vas = data.read_dataset(args.dataset, args.root, args.eval_split, args.classes, args.val_csv)
        if args.max_samples:
            trs = trs[:args.max_samples]
        tr = data.FaceDataset(trs, args.input_size, train=True, seed=args.seed)
        va = data.FaceDataset(vas, args.input_size, train=False)
        cw = data.class_weights(trs, args.classes)
    g = torch.Generator().manual_seed(args.seed)
    tl = torch.utils.data.DataLoader(tr, args.batch, shuffle=True, generator=g, num_workers=args.workers, drop_last=len(tr) > args.batch)
    vl = torch.utils.data.DataLoader(va, args.batch, shuffle=False, num_workers=args.workers)
    return tl, vl, cw


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dataset", required=True, choices=["rafdb", "ferplus", "affectnet", "folder", "synthetic"])
    ap.add_argument("--root", help="dataset root")
    ap.add_argument("--csv", help="training CSV (FERPlus fer2013new.csv / AffectNet training.csv)")
    ap.add_argument("--val-csv", help="evaluation CSV (AffectNet validation.csv); FERPlus reuses --csv")
    ap.add_argument("--eval-split", default="test", choices=["val", "test"])
    ap.add_argument("--classes", type=int, default=7, choices=[7, 8])
    ap.add_argument("--regions", default="named", help="'named', 'gridRxC', or a JSON list of [name,x0,y0,x1,y1]")
    ap.add_argument("--input-size", type=int, default=112)
    ap.add_argument("--epochs", type=int, default=40)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--weight-decay", type=float, default=5e-4)
    ap.add_argument("--aux-weight", type=float, default=0.5)
    ap.add_argument("--rank-weight", type=float, default=0.1)
    ap.add_argument("--margin", type=float, default=0.05)
    ap.add_argument("--label-smoothing", type=float, default=0.1)
    ap.add_argument("--no-class-weights", action="store_true")
    ap.add_argument("--max-samples", type=int, default=0)
    ap.add_argument("--synthetic-n", type=int, default=140)
    ap.add_argument("--workers", type=int, default=0)
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", default="runs/lnlj")
    ap.add_argument("--resume", help="checkpoint to resume from")
    ap.add_argument("--eval-only", action="store_true")
    ap.add_argument("--weights-out", help="also write a weights-only file (for export.py) from the final model")
    args = ap.parse_args(argv)

    torch.manual_seed(args.seed)
    if args.threads:
        torch.set_num_threads(args.threads)
    if args.csv and args.val_csv is None and args.dataset == "ferplus":
        args.val_csv = args.csv
    regions = json.loads(args.regions) if args.regions.startswith("[") else args.regions
    tl, vl, cw = make_loaders(args)

    model = LNLJ(num_classes=args.classes, regions=regions, input_size=args.input_size)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=args.weight_decay)
    start, best, history = 0, -1.0, []
    if args.resume:
        ck = torch.load(args.resume, map_location="cpu")
        model = build(ck["config"])
        model.load_state_dict(ck["model"])
        opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=args.weight_decay)
        opt.load_state_dict(ck["optimizer"])
        start, best, history = ck["epoch"] + 1, ck["best"], ck["history"]
        print("resumed from %s at epoch %d" % (args.resume, start))
    if args.eval_only:
        print(json.dumps(evaluate(model, vl, args.classes), indent=1))
        return model, None

    loss_fn = LNLJLoss(None if args.no_class_weights else cw, args.aux_weight, args.rank_weight, args.margin,
                       label_smoothing=args.label_smoothing)
    os.makedirs(args.out, exist_ok=True)
    res = None
    for epoch in range(start, args.epochs):
        t0 = time.time()
        total_steps = max(args.epochs * len(tl), 1)
        loss, acc = train_epoch(model, tl, loss_fn, opt, lambda st: lr_at(st / total_steps, args.lr), epoch * len(tl))
        res = evaluate(model, vl, args.classes)
        history.append({"epoch": epoch, "loss": loss, "train_acc": acc, "val_acc": res["accuracy"],
                        "seconds": time.time() - t0})
        print("epoch %d loss %.4f train_acc %.3f val_acc %.3f (%.1fs)" % (epoch, loss, acc, res["accuracy"], time.time() - t0), flush=True)
        save_checkpoint(os.path.join(args.out, "last.pt"), model, opt, epoch, max(best, res["accuracy"]), history)
        if res["accuracy"] > best:
            best = res["accuracy"]
            save_checkpoint(os.path.join(args.out, "best.pt"), model, opt, epoch, best, history)
            with open(os.path.join(args.out, "best_eval.json"), "w") as f:
                json.dump(res, f, indent=1)
    if args.weights_out:
        from .export import save_weights
        save_weights(args.weights_out, model, {
            "smoke": args.dataset == "synthetic",
            "provenance": {"run": "lnlj.train", "dataset": args.dataset, "root": args.root, "epochs": args.epochs,
                           "seed": args.seed, "final_eval": {k: res[k] for k in ("n", "accuracy")} if res else None}})
    return model, res


if __name__ == "__main__":
    main()
