"""Local Non-local Joint Network (LNLJ), a small CPU-oriented variant.

After Shi et al., "Adaptively Enhancing Facial Expression Crucial Regions via a Local Non-local
Joint Network", MIR 2024 (arXiv 2203.14045). The paper's ideas kept here:
  * a U-Net gives one integrated feature map mixing deep semantics and low-level detail;
  * an ensemble of local networks (one per facial region, unshared weights) reads that map;
  * a non-local attention network estimates each region's significance (softmax over regions);
  * the weights are fed back into the local part (weighted fusion, weighted local supervision,
    see losses.py) so crucial regions gain weight during training; no landmarks are needed.
Sizes are our own choices (see MODEL_CARD.md): depthwise-separable convs keep it ~0.1 GFLOP.

Input: NCHW float, RGB, 112x112 by default, values (pixel - 127.5) / 127.5 after a centred
zero-pad to a square and a bilinear resize (half-pixel centres). See preprocess.py.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from .labels import label_set

# Regions as fractions (x0, y0, x1, y1) of the square face crop. The crop is a detector box padded
# to a square, not a landmark-aligned face, so boxes are generous and overlap. "left"/"right" are
# image sides (the subject's right eye is on the image left).
NAMED_REGIONS = [
    ("brow_eye_left", 0.05, 0.10, 0.55, 0.50),
    ("brow_eye_right", 0.45, 0.10, 0.95, 0.50),
    ("glabella", 0.30, 0.10, 0.70, 0.45),
    ("nose", 0.28, 0.35, 0.72, 0.72),
    ("cheek_left", 0.02, 0.45, 0.45, 0.85),
    ("cheek_right", 0.55, 0.45, 0.98, 0.85),
    ("mouth", 0.20, 0.60, 0.80, 0.95),
]


def grid_regions(rows, cols):
    return [("r%dc%d" % (r, c), c / cols, r / rows, (c + 1) / cols, (r + 1) / rows)
            for r in range(rows) for c in range(cols)]


def parse_regions(spec):
    """'named' | 'gridRxC' | list of (name, x0, y0, x1, y1)."""
    if spec is None or spec == "named":
        return list(NAMED_REGIONS)
    if isinstance(spec, str) and spec.startswith("grid"):
        r, c = spec[4:].lower().split("x")
        return grid_regions(int(r), int(c))
    regions = [tuple(r) for r in spec]
    for name, x0, y0, x1, y1 in regions:
        if not (0 <= x0 < x1 <= 1 and 0 <= y0 < y1 <= 1):
            raise ValueError("bad region %s" % name)
    return regions


def box_to_cells(box, size):
    """Fractional box -> integer [a, b) cell ranges on a size x size map (at least one cell)."""
    _, x0, y0, x1, y1 = box

    def rng(lo, hi):
        a = min(int(math.floor(lo * size)), size - 1)
        b = max(int(math.ceil(hi * size)), a + 1)
        return a, min(b, size)

    return rng(y0, y1) + rng(x0, x1)  # (ya, yb, xa, xb)


class ConvBNReLU(nn.Sequential):
    def __init__(self, cin, cout, k=3, stride=1, groups=1):
        super().__init__(
            nn.Conv2d(cin, cout, k, stride, k // 2, groups=groups, bias=False),
            nn.BatchNorm2d(cout),
            nn.ReLU(inplace=True),
        )


class SepConv(nn.Sequential):
    """Depthwise 3x3 + pointwise 1x1: ~8x fewer FLOPs than a full 3x3, fast on CPU."""

    def __init__(self, cin, cout, stride=1):
        super().__init__(ConvBNReLU(cin, cin, 3, stride, groups=cin), ConvBNReLU(cin, cout, 1))


class UNet(nn.Module):
    """Encoder 112->56->28->14->7, decoder back to 28 with skip concatenation.

    Output F (stride 4, 28x28 at 112 input) carries the deep context from the 7x7 bottleneck and
    the edge/texture detail of the 28x28 encoder level -- the "integrated features" of the paper.
    """

    def __init__(self, widths=(16, 24, 48, 96, 160), dec=(96, 64)):
        super().__init__()
        w0, w1, w2, w3, w4 = widths
        self.stem = ConvBNReLU(3, w0, 3, 2)                        # 1/2
        self.e1 = SepConv(w0, w1)                                   # 1/2
        self.e2 = nn.Sequential(SepConv(w1, w2, 2), SepConv(w2, w2))  # 1/4
        self.e3 = nn.Sequential(SepConv(w2, w3, 2), SepConv(w3, w3))  # 1/8
        self.e4 = nn.Sequential(SepConv(w3, w4, 2), SepConv(w4, w4))  # 1/16
        self.d3 = nn.Sequential(ConvBNReLU(w4 + w3, dec[0], 1), SepConv(dec[0], dec[0]))
        self.d2 = nn.Sequential(ConvBNReLU(dec[0] + w2, dec[1], 1), SepConv(dec[1], dec[1]))
        self.out_channels = dec[1]
        self.deep_channels = w4

    @staticmethod
    def up(x):
        # nearest x2: exact, cheap, exports to a plain ONNX Resize; the 1x1+sep conv after it smooths.
        return F.interpolate(x, scale_factor=2.0, mode="nearest")

    def forward(self, x):
        x = self.e1(self.stem(x))
        s2 = self.e2(x)
        s3 = self.e3(s2)
        s4 = self.e4(s3)
        d3 = self.d3(torch.cat([self.up(s4), s3], 1))
        d2 = self.d2(torch.cat([self.up(d3), s2], 1))
        return d2, s4


class NonLocalBlock(nn.Module):
    """Embedded-Gaussian non-local block (Wang et al. 2018): every position attends to all others."""

    def __init__(self, c, inner):
        super().__init__()
        self.theta = nn.Conv2d(c, inner, 1)
        self.phi = nn.Conv2d(c, inner, 1)
        self.g = nn.Conv2d(c, inner, 1)
        self.out = nn.Sequential(nn.Conv2d(inner, c, 1, bias=False), nn.BatchNorm2d(c))
        self.scale = inner ** -0.5

    def forward(self, x):
        n, _, h, w = x.shape
        q = self.theta(x).flatten(2).transpose(1, 2)   # N, HW, C'
        k = self.phi(x).flatten(2)                      # N, C', HW
        v = self.g(x).flatten(2).transpose(1, 2)        # N, HW, C'
        att = torch.softmax(torch.matmul(q, k) * self.scale, dim=-1)
        y = torch.matmul(att, v).transpose(1, 2).reshape(n, -1, h, w)
        return x + self.out(y)


class LocalNet(nn.Module):
    """One region's network (weights are not shared between regions: an ensemble)."""

    def __init__(self, cin, dim, num_classes):
        super().__init__()
        self.body = nn.Sequential(SepConv(cin, dim // 2 + dim // 4), SepConv(dim // 2 + dim // 4, dim, 2))
        self.head = nn.Linear(dim, num_classes)

    def forward(self, x):
        f = self.body(x).mean((2, 3))
        return f, self.head(f)


class LNLJ(nn.Module):
    def __init__(self, num_classes=7, regions="named", input_size=112,
                 widths=(16, 24, 48, 96, 160), dec=(96, 64), local_dim=128,
                 nl_channels=64, nl_inner=32, dropout=0.2):
        super().__init__()
        if input_size % 16:
            raise ValueError("input_size must be a multiple of 16")
        self.labels = label_set(num_classes)
        self.num_classes = num_classes
        self.input_size = input_size
        self.regions = parse_regions(regions)
        self.region_names = [r[0] for r in self.regions]
        self.config = dict(num_classes=num_classes, regions=self.regions, input_size=input_size,
                           widths=list(widths), dec=list(dec), local_dim=local_dim,
                           nl_channels=nl_channels, nl_inner=nl_inner, dropout=dropout)

        self.unet = UNet(widths, dec)
        c = self.unet.out_channels
        fsize = input_size // 4
        # Static crops: fixed cell ranges make a plain ONNX Slice, no RoIAlign needed.
        self.local_cells = [box_to_cells(r, fsize) for r in self.regions]
        self.locals = nn.ModuleList(LocalNet(c, local_dim, num_classes) for _ in self.regions)

        # Non-local attention network on the integrated map at 1/8 resolution (14x14 = 196 tokens).
        self.nl_down = SepConv(c, nl_channels, 2)
        self.nl = NonLocalBlock(nl_channels, nl_inner)
        self.nl_cells = [box_to_cells(r, fsize // 2) for r in self.regions]
        self.score = nn.Sequential(nn.Linear(2 * nl_channels, nl_channels), nn.ReLU(inplace=True),
                                   nn.Linear(nl_channels, 1))
        # Learned per-region prior, added to the content score.
        self.region_bias = nn.Parameter(torch.zeros(len(self.regions)))

        self.global_proj = nn.Sequential(nn.Linear(self.unet.deep_channels, local_dim), nn.ReLU(inplace=True))
        self.drop = nn.Dropout(dropout)
        self.classifier = nn.Linear(2 * local_dim, num_classes)

    def forward(self, x):
        feat, deep = self.unet(x)

        local_feats, local_logits = [], []
        for (ya, yb, xa, xb), net in zip(self.local_cells, self.locals):
            f, l = net(feat[:, :, ya:yb, xa:xb])
            local_feats.append(f)
            local_logits.append(l)
        local_feats = torch.stack(local_feats, 1)        # N, R, D
        local_logits = torch.stack(local_logits, 1)      # N, R, C

        nlmap = self.nl(self.nl_down(feat))
        g = nlmap.mean((2, 3))
        scores = []
        for ya, yb, xa, xb in self.nl_cells:
            m = nlmap[:, :, ya:yb, xa:xb].mean((2, 3))
            scores.append(self.score(torch.cat([m, g], 1)))
        scores = torch.cat(scores, 1) + self.region_bias  # N, R
        weights = torch.softmax(scores, 1)

        fused_local = (weights.unsqueeze(2) * local_feats).sum(1)
        glob = self.global_proj(deep.mean((2, 3)))
        logits = self.classifier(self.drop(torch.cat([fused_local, glob], 1)))
        return {
            "logits": logits,
            "probabilities": torch.softmax(logits, 1),
            "region_weights": weights,
            "region_scores": scores,
            "local_logits": local_logits,
        }


class ExportWrapper(nn.Module):
    """The two named inference outputs, in the order export.py names them."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, x):
        out = self.model(x)
        return out["probabilities"], out["region_weights"]


def build(config):
    return LNLJ(**config)


def count_params(model):
    return sum(p.numel() for p in model.parameters())
