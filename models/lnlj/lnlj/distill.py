"""Distil face-api's FaceExpressionNet (teacher, ONNX) into LNLJ on the fixture face crops.

  /usr/bin/python3 -m lnlj.distill --minutes 6 --holdout sample6.jpg --out runs/distill

Data: the faces that face-api's detector found in models/fixtures/*.jpg|png (boxes from
models/fixtures/reference/*.json). One whole photo is held out. Training faces are augmented
heavily and online (box jitter, flip, rotation/scale, colour, blur/downscale, noise, mixup of two
faces); the teacher labels every augmented image itself, so the student learns the teacher's
function, not the un-augmented labels. The teacher runs through lnlj.onnx_torch (no Python
onnxruntime here) on exactly the pixels the student sees, with its own descriptor's normalisation.

Held-out report: top-1 agreement and KL(teacher || student) on the held-out photo's faces, as
they are and as fixed-seed augmented views.
"""
import argparse
import json
import math
import os
import random
import time

import torch
import torch.nn.functional as F

from .data import color_jitter, jitter_box, random_affine
from .export import save_weights
from .losses import LNLJLoss
from .model import LNLJ
from .onnx_torch import OnnxTorch
from .preprocess import LNLJ_MEAN, LNLJ_STD, crop_box, face_to_square, load_rgb, normalize, prepare_for_descriptor

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODELS = os.path.dirname(HERE)


class Teacher:
    def __init__(self, onnx_path, desc_path):
        self.desc = json.load(open(desc_path))
        self.net = OnnxTorch(onnx_path)
        inp = self.desc["input"]
        self.mean = torch.tensor(inp["mean"]).view(1, 3, 1, 1)
        self.std = torch.tensor(inp["std"]).view(1, 3, 1, 1)
        self.nhwc = inp["layout"] == "NHWC"
        self.bgr = inp.get("channelOrder", "RGB") == "BGR"
        self.size = inp["width"]
        self.labels = self.desc["labels"]

    @torch.no_grad()
    def __call__(self, pixels):
        """pixels: N x 3 x S x S RGB in [0, 255] (already cropped, padded and resized)."""
        x = pixels.flip(1) if self.bgr else pixels
        if x.shape[-1] != self.size:
            x = F.interpolate(x, size=(self.size, self.size), mode="bilinear", align_corners=False)
        x = (x - self.mean) / self.std
        if self.nhwc:
            x = x.permute(0, 2, 3, 1).contiguous()
        return self.net(x)[self.desc["outputs"]["probabilities"]]


def load_faces(fixtures):
    """[(photo, index, image CHW uint8, box)] for every detection in the reference JSONs."""
    faces = []
    ref = os.path.join(fixtures, "reference")
    for fn in sorted(os.listdir(ref)):
        if not fn.endswith((".jpg.json", ".png.json")):
            continue
        meta = json.load(open(os.path.join(ref, fn)))
        if not meta.get("detections"):
            continue
        img = load_rgb(os.path.join(fixtures, meta["image"]))
        for i, d in enumerate(meta["detections"]):
            b = d["box"]
            faces.append((meta["image"], i, img, (b["x"], b["y"], b["width"], b["height"])))
    return faces


def augment_face(img, box, rng, size):
    """Strong augmentation in pixel space (0..255) -> 3 x size x size."""
    box = jitter_box(box, rng, scale=0.2, shift=0.12)
    x = face_to_square(img, size, box)
    if rng.random() < 0.5:
        x = x.flip(2)
    x = random_affine(x, rng, max_rot=15, max_scale=0.1, max_shift=0.06)
    x = color_jitter(x, rng, 0.35, 0.35, 0.4)
    if rng.random() < 0.3:  # small / blurry faces: downscale then upscale
        s = rng.randint(24, 64)
        x = F.interpolate(F.interpolate(x[None], size=(s, s), mode="bilinear", align_corners=False,
                                        antialias=True), size=(size, size), mode="bilinear", align_corners=False)[0]
    if rng.random() < 0.3:
        x = x + rng.uniform(2, 10) * torch.randn_like(x)
    return x.clamp(0, 255)


def make_batch(faces, rng, n, size, mixup_p=0.3):
    xs = []
    for _ in range(n):
        _, _, img, box = faces[rng.randrange(len(faces))]
        x = augment_face(img, box, rng, size)
        if rng.random() < mixup_p:  # the teacher labels the blend itself, widening what it shows us
            _, _, img2, box2 = faces[rng.randrange(len(faces))]
            lam = rng.betavariate(0.4, 0.4)
            x = lam * x + (1 - lam) * augment_face(img2, box2, rng, size)
        xs.append(x)
    return torch.stack(xs)


def plain_batch(faces, size, resize=None):
    kw = {} if resize is None else {"resize": resize}
    return torch.stack([face_to_square(img, size, box, **kw) for _, _, img, box in faces])


@torch.no_grad()
def agreement(student, teacher, pixels, teacher_pixels=None):
    """teacher_pixels: the teacher's own crop (its descriptor's resize flags), as deployed;
    default: the same pixels as the student (augmented views)."""
    student.eval()
    t = teacher(pixels if teacher_pixels is None else teacher_pixels)
    s = student(normalize(pixels, LNLJ_MEAN, LNLJ_STD))["probabilities"]
    kl = (t * (t.clamp_min(1e-8).log() - s.clamp_min(1e-8).log())).sum(1)
    return {"n": len(pixels), "top1_agreement": (t.argmax(1) == s.argmax(1)).float().mean().item(),
            "kl_teacher_student_mean": kl.mean().item(),
            "teacher_top1": [teacher.labels[i] for i in t.argmax(1).tolist()],
            "student_top1": [student.labels[i] for i in s.argmax(1).tolist()]}


def plain_agreement(model, teacher, faces):
    """Faces as detected, each model with its own descriptor preprocessing (as FerStream runs them)."""
    return agreement(model, teacher, plain_batch(faces, model.input_size),
                     plain_batch(faces, teacher.size, teacher.desc["input"]["resize"]))


def evaluate_weights(weights, teacher, faces, holdout):
    from .export import load_weights
    model, _ = load_weights(weights)
    return {"weights": weights, "holdout": holdout,
            "heldout_plain": plain_agreement(model, teacher, [f for f in faces if f[0] == holdout]),
            "train_plain": plain_agreement(model, teacher, [f for f in faces if f[0] != holdout])}


@torch.no_grad()
def recalibrate_bn(model, batches):
    """Precise BN: re-estimate BN statistics with the final weights (running averages taken while
    the weights were still moving lag behind on a short run)."""
    bns = [m for m in model.modules() if isinstance(m, torch.nn.BatchNorm2d)]
    moms = [m.momentum for m in bns]
    for m in bns:
        m.reset_running_stats()
        m.momentum = None  # cumulative average
    model.train()
    for x in batches:
        model(x)
    for m, mom in zip(bns, moms):
        m.momentum = mom
    model.eval()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--teacher", default=os.path.join(MODELS, "face-api", "face_expression.onnx"))
    ap.add_argument("--teacher-desc", default=os.path.join(MODELS, "face-api", "face_expression.json"))
    ap.add_argument("--fixtures", default=os.path.join(MODELS, "fixtures"))
    ap.add_argument("--holdout", default="sample6.jpg", help="photo whose faces are never trained on")
    ap.add_argument("--minutes", type=float, default=6.0, help="training wall-clock budget")
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=3e-3)
    ap.add_argument("--temperature", type=float, default=2.0)
    ap.add_argument("--steps", type=int, default=0, help="fixed step count instead of --minutes (repeatable runs)")
    ap.add_argument("--eval-views", type=int, default=40, help="augmented views per held-out face")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--out", default="runs/distill")
    ap.add_argument("--weights-out", default=os.path.join(HERE, "lnlj.pt"))
    ap.add_argument("--eval-only", metavar="WEIGHTS", help="only report agreement of WEIGHTS on --holdout")
    a = ap.parse_args(argv)
    if a.threads:
        torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    rng = random.Random(a.seed)

    teacher = Teacher(a.teacher, a.teacher_desc)
    faces = load_faces(a.fixtures)
    if a.eval_only:
        print(json.dumps(evaluate_weights(a.eval_only, teacher, faces, a.holdout), indent=1))
        return
    os.makedirs(a.out, exist_ok=True)
    train = [f for f in faces if f[0] != a.holdout]
    held = [f for f in faces if f[0] == a.holdout]
    if not train or not held:
        raise SystemExit("need training and held-out faces (holdout %s, faces %d)" % (a.holdout, len(faces)))
    print("faces: %d train from %s, %d held out (%s)" % (len(train), sorted({f[0] for f in train}), len(held), a.holdout))

    model = LNLJ(num_classes=len(teacher.labels))
    if model.labels != teacher.labels:
        raise SystemExit("label order differs from the teacher's")
    size = model.input_size
    loss_fn = LNLJLoss(None, aux_weight=0.5, rank_weight=0.1)
    opt = torch.optim.AdamW(model.parameters(), lr=a.lr, weight_decay=5e-4)

    # Schedule: warm-up then cosine to zero over the budget. With --steps it is step-based (repeatable);
    # otherwise it follows wall-clock time, so a busy machine still ends on an annealed model.
    t_start = time.time()
    budget = a.minutes * 60
    step, hist = 0, []

    def progress():
        return step / a.steps if a.steps else (time.time() - t_start) / budget

    while progress() < 1:
        p = progress()
        for g in opt.param_groups:
            g["lr"] = a.lr * min(1.0, p / 0.05 + 1e-3) * 0.5 * (1 + math.cos(math.pi * p))
        model.train()
        pix = make_batch(train, rng, a.batch, size)
        soft = teacher(pix)
        if a.temperature != 1:  # soften the teacher for the KD term (Hinton et al.)
            soft_t = torch.softmax(soft.clamp_min(1e-8).log() / a.temperature, 1)
        else:
            soft_t = soft
        out = model(normalize(pix, LNLJ_MEAN, LNLJ_STD))
        loss, parts = loss_fn(out, None, soft_target=soft_t, temperature=a.temperature)
        # plain T=1 term too: the deployed probabilities are the T=1 ones
        loss = loss + 0.5 * F.kl_div(F.log_softmax(out["logits"], 1), soft, reduction="batchmean")
        opt.zero_grad()
        loss.backward()
        opt.step()
        if step % 25 == 0:
            rec = {"step": step, "t": round(time.time() - t_start, 1), **{k: round(v.item(), 4) for k, v in parts.items()}}
            hist.append(rec)
            print(rec, flush=True)
        step += 1
    train_seconds = time.time() - t_start

    recalibrate_bn(model, [normalize(make_batch(train, rng, a.batch, size, 0.0), LNLJ_MEAN, LNLJ_STD) for _ in range(8)])

    erng = random.Random(12345)
    held_views = torch.cat([torch.stack([augment_face(img, box, erng, size) for _ in range(a.eval_views)])
                            for _, _, img, box in held])
    report = {
        "teacher": os.path.relpath(a.teacher, MODELS), "teacher_sha256": teacher.desc.get("sha256"),
        "holdout_photo": a.holdout,
        "train_faces": ["%s#%d" % (p, i) for p, i, _, _ in train],
        "heldout_faces": ["%s#%d" % (p, i) for p, i, _, _ in held],
        "steps": step, "batch": a.batch, "augmented_images_seen": step * a.batch,
        "train_seconds": round(train_seconds, 1), "torch_threads": torch.get_num_threads(),
        "heldout_plain": plain_agreement(model, teacher, held),
        "heldout_augmented_views": {k: v for k, v in agreement(model, teacher, held_views).items() if "top1" not in k or k == "top1_agreement"},
        "train_plain": plain_agreement(model, teacher, train),
        "history": hist,
    }
    report["heldout_augmented_views"]["views_per_face"] = a.eval_views
    with open(os.path.join(a.out, "distill_report.json"), "w") as f:
        json.dump(report, f, indent=1)
    print(json.dumps({k: v for k, v in report.items() if k != "history"}, indent=1))
    provenance = {
        "run": "models/lnlj/lnlj/distill.py",
        "teacher": "face-api FaceExpressionNet 1.7.15 (models/face-api/face_expression.onnx, sha256 %s)" % teacher.desc.get("sha256"),
        "data": "%d face crops from %s (face-api detections in models/fixtures/reference), heavily augmented online; "
                "held out: %s (%d faces)" % (len(train), ", ".join(sorted({f[0] for f in train})), a.holdout, len(held)),
        "steps": step, "batch": a.batch, "seed": a.seed, "train_seconds": round(train_seconds, 1),
        "heldout_top1_agreement": report["heldout_plain"]["top1_agreement"],
        "heldout_kl": report["heldout_plain"]["kl_teacher_student_mean"],
        "heldout_augmented_top1_agreement": report["heldout_augmented_views"]["top1_agreement"],
        "heldout_augmented_kl": report["heldout_augmented_views"]["kl_teacher_student_mean"],
    }
    with open(os.path.join(a.out, "provenance.json"), "w") as f:
        json.dump(provenance, f, indent=1)
    save_weights(a.weights_out, model, {"smoke": False, "provenance": provenance})
    print("wrote", a.weights_out)


if __name__ == "__main__":
    main()
