"""Dataset readers (RAF-DB basic, FERPlus, AffectNet, folder-per-label) and augmentation.

Every reader returns a list of Sample(path, label, box) with labels already mapped to the face-api
order (labels.py); box is (x, y, w, h) in pixels or None for pre-cropped faces.
"""
import csv
import math
import os
import random
from collections import Counter, namedtuple

import torch
import torch.nn.functional as F

from .labels import ALIASES, label_set
from .preprocess import LNLJ_MEAN, LNLJ_STD, face_to_square, load_rgb, normalize

Sample = namedtuple("Sample", "path label box")

IMAGE_EXT = (".jpg", ".jpeg", ".png", ".bmp", ".webp")

# RAF-DB basic: 1 Surprise, 2 Fear, 3 Disgust, 4 Happiness, 5 Sadness, 6 Anger, 7 Neutral.
RAF_TO_OURS = {1: "surprised", 2: "fearful", 3: "disgusted", 4: "happy", 5: "sad", 6: "angry", 7: "neutral"}
# AffectNet: 0 Neutral 1 Happy 2 Sad 3 Surprise 4 Fear 5 Disgust 6 Anger 7 Contempt (8-10: none/uncertain/no-face)
AFFECTNET_TO_OURS = {0: "neutral", 1: "happy", 2: "sad", 3: "surprised", 4: "fearful", 5: "disgusted",
                     6: "angry", 7: "contempt"}
# FERPlus fer2013new.csv vote columns, in file order.
FERPLUS_VOTES = ["neutral", "happiness", "surprise", "sadness", "anger", "disgust", "fear", "contempt",
                 "unknown", "NF"]
FERPLUS_DIRS = {"Training": "FER2013Train", "PublicTest": "FER2013Valid", "PrivateTest": "FER2013Test"}


def _index(labels, name):
    name = ALIASES.get(name.lower(), name.lower())
    return labels.index(name) if name in labels else None


def read_rafdb(root, split="train", num_classes=7, aligned=True):
    """RAF-DB basic: root/EmoLabel/list_patition_label.txt ('train_00001.jpg 5') and
    root/Image/aligned/train_00001_aligned.jpg (or root/Image/original/train_00001.jpg)."""
    labels = label_set(num_classes)
    out = []
    with open(os.path.join(root, "EmoLabel", "list_patition_label.txt")) as f:
        for line in f:
            parts = line.split()
            if len(parts) != 2 or not parts[0].startswith(split + "_"):
                continue
            name, lab = parts[0], int(parts[1])
            if aligned:
                stem, ext = os.path.splitext(name)
                path = os.path.join(root, "Image", "aligned", stem + "_aligned" + ext)
            else:
                path = os.path.join(root, "Image", "original", name)
            out.append(Sample(path, _index(labels, RAF_TO_OURS[lab]), None))
    return out


def ferplus_majority(votes, num_classes=7):
    """votes: dict name->count (FERPLUS_VOTES). Returns our label index, or None when the sample is
    dropped: a tie for the top count, a majority of unknown / not-a-face, or contempt in 7-class mode."""
    top = max(votes.values())
    if top <= 0:
        return None
    winners = [k for k, v in votes.items() if v == top]
    if len(winners) != 1 or winners[0] in ("unknown", "NF"):
        return None
    return _index(label_set(num_classes), winners[0])


def read_ferplus(root, csv_path=None, usage="Training", num_classes=7):
    """FERPlus: fer2013new.csv (Usage, Image name, 10 vote columns) with images as written by
    Microsoft's generate_training_data.py: root/FER2013Train/fer0000000.png etc."""
    csv_path = csv_path or os.path.join(root, "fer2013new.csv")
    out = []
    with open(csv_path, newline="") as f:
        rows = csv.reader(f)
        header = next(rows)
        if [h.strip() for h in header[2:12]] != FERPLUS_VOTES:
            raise ValueError("unexpected FERPlus header %r" % header)
        for row in rows:
            if len(row) < 12 or row[0] != usage or not row[1].strip():
                continue  # rows without an image name have no face
            lab = ferplus_majority({k: int(v) for k, v in zip(FERPLUS_VOTES, row[2:12])}, num_classes)
            if lab is not None:
                out.append(Sample(os.path.join(root, FERPLUS_DIRS[usage], row[1].strip()), lab, None))
    return out


def read_affectnet(root, csv_path, num_classes=7, use_box=True):
    """AffectNet (training.csv / validation.csv): subDirectory_filePath, face_x, face_y, face_width,
    face_height, facial_landmarks, expression, valence, arousal. Images under
    root/Manually_Annotated_Images/. Classes 8-10 (none, uncertain, no-face) are dropped; contempt (7)
    is dropped in 7-class mode."""
    labels = label_set(num_classes)
    out = []
    with open(csv_path, newline="") as f:
        for row in csv.DictReader(f):
            e = int(row["expression"])
            if e not in AFFECTNET_TO_OURS:
                continue
            lab = _index(labels, AFFECTNET_TO_OURS[e])
            if lab is None:
                continue
            box = None
            if use_box and row.get("face_width"):
                box = (float(row["face_x"]), float(row["face_y"]), float(row["face_width"]), float(row["face_height"]))
            out.append(Sample(os.path.join(root, "Manually_Annotated_Images", row["subDirectory_filePath"]), lab, box))
    return out


def read_folders(root, num_classes=7):
    """root/<label>/*.jpg, label folder names in labels.py (or aliases such as 'happiness')."""
    labels = label_set(num_classes)
    out = []
    for d in sorted(os.listdir(root)):
        lab = _index(labels, d)
        full = os.path.join(root, d)
        if lab is None or not os.path.isdir(full):
            continue
        for fn in sorted(os.listdir(full)):
            if fn.lower().endswith(IMAGE_EXT):
                out.append(Sample(os.path.join(full, fn), lab, None))
    return out


def read_dataset(kind, root, split="train", num_classes=7, csv_path=None):
    if kind == "rafdb":
        return read_rafdb(root, "train" if split == "train" else "test", num_classes)
    if kind == "ferplus":
        usage = {"train": "Training", "val": "PublicTest", "test": "PrivateTest"}[split]
        return read_ferplus(root, csv_path, usage, num_classes)
    if kind == "affectnet":
        name = "training.csv" if split == "train" else "validation.csv"
        return read_affectnet(root, csv_path or os.path.join(root, name), num_classes)
    if kind == "folder":
        return read_folders(os.path.join(root, split) if os.path.isdir(os.path.join(root, split)) else root, num_classes)
    raise ValueError("unknown dataset kind %r" % kind)


def class_weights(samples, num_classes, power=0.5):
    """Inverse-frequency^power weights normalised to mean 1. power 0.5 (not 1) because full inverse
    frequency over-boosts tiny classes such as disgust/contempt and hurts overall accuracy."""
    cnt = Counter(s.label for s in samples)
    w = torch.tensor([(1.0 / max(cnt.get(c, 0), 1)) ** power for c in range(num_classes)])
    return w * num_classes / w.sum()


# ---------------------------------------------------------------- augmentation (float CHW, 0..255)

def jitter_box(box, rng, scale=0.1, shift=0.08):
    """Detector boxes vary; train on boxes that do too."""
    x, y, w, h = box
    s = 1 + rng.uniform(-scale, scale)
    cx = x + w / 2 + rng.uniform(-shift, shift) * w
    cy = y + h / 2 + rng.uniform(-shift, shift) * h
    return (cx - w * s / 2, cy - h * s / 2, w * s, h * s)


def random_affine(x, rng, max_rot=12, max_scale=0.08, max_shift=0.06):
    a = math.radians(rng.uniform(-max_rot, max_rot))
    s = 1 + rng.uniform(-max_scale, max_scale)
    tx, ty = rng.uniform(-max_shift, max_shift) * 2, rng.uniform(-max_shift, max_shift) * 2
    theta = torch.tensor([[math.cos(a) / s, -math.sin(a) / s, tx],
                          [math.sin(a) / s, math.cos(a) / s, ty]], dtype=torch.float32)[None]
    grid = F.affine_grid(theta, [1] + list(x.shape), align_corners=False)
    return F.grid_sample(x[None], grid, mode="bilinear", padding_mode="zeros", align_corners=False)[0]


def color_jitter(x, rng, b=0.25, c=0.25, s=0.25):
    x = x * (1 + rng.uniform(-b, b))
    mean = x.mean()
    x = (x - mean) * (1 + rng.uniform(-c, c)) + mean
    gray = x.mean(0, keepdim=True)
    x = (x - gray) * (1 + rng.uniform(-s, s)) + gray
    if rng.random() < 0.1:  # occasional grayscale: FER2013-style inputs are grey
        x = x.mean(0, keepdim=True).expand_as(x).clone()
    return x.clamp(0, 255)


def random_erasing(x, rng, p=0.25, area=(0.02, 0.15)):
    """On the normalised tensor (0 = mid-grey): simulates occlusion by hands, glasses, masks."""
    if rng.random() >= p:
        return x
    _, H, W = x.shape
    a = rng.uniform(*area) * H * W
    r = math.exp(rng.uniform(math.log(0.3), math.log(3.3)))
    h, w = min(int(round(math.sqrt(a * r))), H), min(int(round(math.sqrt(a / r))), W)
    y0, x0 = rng.randint(0, H - h), rng.randint(0, W - w)
    x = x.clone()
    x[:, y0:y0 + h, x0:x0 + w] = 0
    return x


def augment(x, rng):
    if rng.random() < 0.5:
        x = x.flip(2)
    x = random_affine(x, rng)
    return color_jitter(x, rng)


class FaceDataset(torch.utils.data.Dataset):
    def __init__(self, samples, size=112, train=False, seed=0, cache=False):
        self.samples, self.size, self.train, self.seed = samples, size, train, seed
        self.rng = random.Random(seed)
        self.cache = {} if cache else None
        self._worker = None

    def __len__(self):
        return len(self.samples)

    def _image(self, i):
        if self.cache is not None and i in self.cache:
            return self.cache[i]
        img = load_rgb(self.samples[i].path)
        if self.cache is not None:
            self.cache[i] = img
        return img

    def __getitem__(self, i):
        info = torch.utils.data.get_worker_info()
        if info is not None and self._worker != info.id:  # DataLoader workers must not share one random stream
            self._worker = info.id
            self.rng = random.Random(self.seed * 1000 + info.id + 1 + int(info.seed % 100000))
        s = self.samples[i]
        img = self._image(i)
        box = s.box
        if box is not None and self.train:
            box = jitter_box(box, self.rng)
        x = face_to_square(img, self.size, box)
        if self.train:
            x = augment(x, self.rng)
        x = normalize(x, LNLJ_MEAN, LNLJ_STD)
        if self.train:
            x = random_erasing(x, self.rng)
        return x, s.label
