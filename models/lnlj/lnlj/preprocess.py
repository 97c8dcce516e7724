"""Face-crop preprocessing exactly as models/DESCRIPTOR.md defines it (so train == Java inference):

  clip the face box to the image -> pad with zeros to a centred square (extra pixel bottom/right)
  -> bilinear resize (alignCorners / halfPixelCenters flags as in the descriptor)
  -> (pixel - mean[c]) / std[c], pixels in [0, 255], RGB.

Torch only (no PIL resampling) because PIL's bilinear antialiases on downscale, which the Java
runtime does not do.
"""
import numpy as np
import torch

# LNLJ's own input normalisation (written into lnlj.json).
LNLJ_MEAN = [127.5, 127.5, 127.5]
LNLJ_STD = [127.5, 127.5, 127.5]
LNLJ_RESIZE = {"pad": "center", "interpolation": "bilinear", "alignCorners": False, "halfPixelCenters": True}


def load_rgb(path):
    from PIL import Image
    with Image.open(path) as im:
        return torch.from_numpy(np.asarray(im.convert("RGB"), dtype=np.uint8).copy()).permute(2, 0, 1)


def crop_box(img, box):
    """img CHW; box (x, y, w, h) in pixels. Clipped to the image and floored exactly like face-api's
    Box.clipAtImageBorders (the rule in the descriptors, so Java crops the same pixels)."""
    _, H, W = img.shape
    x, y, w, h = box
    x0, y0 = max(x, 0.0), max(y, 0.0)
    cw, ch = min(x + w - x0, W - x0), min(y + h - y0, H - y0)
    x0, y0, cw, ch = int(x0 // 1), int(y0 // 1), int(cw // 1), int(ch // 1)
    if cw <= 0 or ch <= 0:
        raise ValueError("face box %r outside image %dx%d" % (box, W, H))
    return img[:, y0:y0 + ch, x0:x0 + cw]


def pad_center_square(img):
    c, h, w = img.shape
    s = max(h, w)
    out = torch.zeros((c, s, s), dtype=img.dtype)
    top, left = (s - h) // 2, (s - w) // 2  # extra pixel goes bottom/right
    out[:, top:top + h, left:left + w] = img
    return out


def _src_index(out_n, in_n, align_corners, half_pixel):
    d = torch.arange(out_n, dtype=torch.float64)
    if align_corners and out_n > 1:
        src = d * (in_n - 1) / (out_n - 1)
    elif half_pixel:
        src = (d + 0.5) * (in_n / out_n) - 0.5
    else:  # TF legacy "asymmetric"
        src = d * (in_n / out_n)
    src = src.clamp(min=0)
    i0 = src.floor().long().clamp(max=in_n - 1)
    i1 = (i0 + 1).clamp(max=in_n - 1)
    frac = (src - i0.double()).clamp(0, 1).float()
    return i0, i1, frac


def resize_bilinear(img, height, width, align_corners=False, half_pixel=True):
    """CHW -> float CHW, separable bilinear without antialiasing."""
    x = img.float()
    y0, y1, fy = _src_index(height, x.shape[1], align_corners, half_pixel)
    x = x[:, y0, :] * (1 - fy)[None, :, None] + x[:, y1, :] * fy[None, :, None]
    x0, x1, fx = _src_index(width, x.shape[2], align_corners, half_pixel)
    return x[:, :, x0] * (1 - fx)[None, None, :] + x[:, :, x1] * fx[None, None, :]


def normalize(img, mean, std):
    m = torch.tensor(mean, dtype=torch.float32)[:, None, None]
    s = torch.tensor(std, dtype=torch.float32)[:, None, None]
    return (img - m) / s


def face_to_square(img, size, box=None, resize=LNLJ_RESIZE):
    """Optional crop, centred pad, resize -> float CHW in pixel units (not yet normalised)."""
    if box is not None:
        img = crop_box(img, box)
    if resize.get("pad", "center") != "center":
        raise ValueError("classifier crops use centred padding")
    img = pad_center_square(img)
    return resize_bilinear(img, size, size, resize.get("alignCorners", False), resize.get("halfPixelCenters", True))


def prepare_for_descriptor(img, box, desc):
    """Preprocess one face for any classifier descriptor (used for the face-api teacher too)."""
    inp = desc["input"]
    x = face_to_square(img, inp["height"], box, inp["resize"])
    if inp.get("channelOrder", "RGB") == "BGR":
        x = x.flip(0)
    x = normalize(x, inp["mean"], inp["std"])
    if inp.get("layout", "NCHW") == "NHWC":
        x = x.permute(1, 2, 0)
    return x
