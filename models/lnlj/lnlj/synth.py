"""Synthetic 'faces' for smoke tests: the class is encoded by a blob in one facial region, so the
region attention has something real to find. These images are not faces; weights trained on
them do not recognise expressions."""
import os

import torch

from .model import NAMED_REGIONS


def synthetic_images(n, num_classes=7, size=112, seed=0):
    g = torch.Generator().manual_seed(seed)
    yy, xx = torch.meshgrid(torch.linspace(0, 1, size), torch.linspace(0, 1, size), indexing="ij")
    face = (((xx - 0.5) / 0.42) ** 2 + ((yy - 0.5) / 0.5) ** 2 < 1).float()
    imgs, labels = [], []
    for i in range(n):
        c = i % num_classes
        _, x0, y0, x1, y1 = NAMED_REGIONS[c % len(NAMED_REGIONS)]
        cx = (x0 + x1) / 2 + 0.04 * (torch.rand(1, generator=g).item() - 0.5)
        cy = (y0 + y1) / 2 + 0.04 * (torch.rand(1, generator=g).item() - 0.5)
        blob = torch.exp(-(((xx - cx) ** 2 + (yy - cy) ** 2) / (2 * 0.05 ** 2)))
        tone = 90 + 80 * torch.rand(3, 1, 1, generator=g)
        img = face * tone + 120 * blob * (1 if c < len(NAMED_REGIONS) else -1) + 12 * torch.randn(3, size, size, generator=g)
        imgs.append(img.clamp(0, 255))
        labels.append(c)
    return torch.stack(imgs), torch.tensor(labels)


def write_folder_dataset(root, n, num_classes=7, size=112, seed=0):
    """Writes root/<label>/<i>.png with the labels' face-api names (for the folder reader)."""
    from PIL import Image
    from .labels import label_set
    names = label_set(num_classes)
    imgs, labels = synthetic_images(n, num_classes, size, seed)
    for i, (img, lab) in enumerate(zip(imgs, labels)):
        d = os.path.join(root, names[lab])
        os.makedirs(d, exist_ok=True)
        Image.fromarray(img.round().byte().permute(1, 2, 0).numpy()).save(os.path.join(d, "%04d.png" % i))
