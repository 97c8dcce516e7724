#!/usr/bin/python3
"""Parity of the converted ONNX graphs with face-api itself.

    /usr/bin/python3 parity.py      (after `node reference.mjs`; run-parity.sh does both)

For every fixture image this re-implements face-api's whole TinyFaceDetector + FaceExpressionNet
pipeline in numpy around the ONNX files (evaluated by np_onnx.py, float32) - pad, resize, normalise
as the descriptors say, decode + NMS, crop, classify - starting from the very pixels face-api was
given (work/<image>.rgb, written by reference.mjs), and compares with face-api's results in
../fixtures/reference/<image>.json. Pass criteria: same number of faces, boxes within 1 px, scores
within 1e-3, expression probabilities within 1e-4, same top label. Intermediate differences
(preprocessed input, raw grid, face input) are printed for diagnosis. Exit status 1 on any failure.
"""
import json
import math
import os
import sys

import numpy as np

from np_onnx import Model

HERE = os.path.dirname(os.path.abspath(__file__))
FIX = os.path.join(HERE, "..", "fixtures")
REF = os.path.join(FIX, "reference")
WORK = os.path.join(HERE, "work")
TOL_BOX, TOL_SCORE, TOL_PROB = 1.0, 1e-3, 1e-4


def js_round(v):  # JavaScript Math.round: halves go up
    return math.floor(v + 0.5)


def pad_to_square(img, center):
    """ops/padToSquare.ts: zeros appended after (bottom/right) = round(diff * (0.5 if center else 1)),
    the rest (centre mode only) prepended."""
    h, w = img.shape[:2]
    if h == w:
        return img
    diff = abs(h - w)
    after = js_round(diff * (0.5 if center else 1))
    before = diff - after if center else 0
    pads = ((0, 0), (before, after), (0, 0)) if h > w else ((before, after), (0, 0), (0, 0))
    return np.pad(img, pads)


def resize_bilinear(img, size):
    """tf.image.resizeBilinear(alignCorners=false, halfPixelCenters=false) as the TF.js wasm kernel
    computes it, all in float32 (this reproduces face-api's tensors bit for bit):
    scale = in/out, src = dst * scale, neighbours floor(src) and min(ceil(src), in-1),
    frac = src - floor(src), lerp along x on the two rows, then along y."""
    f = np.float32
    ih, iw = img.shape[:2]
    ys = np.arange(size, dtype=f) * (f(ih) / f(size))
    xs = np.arange(size, dtype=f) * (f(iw) / f(size))
    y0 = np.floor(ys).astype(int); y1 = np.minimum(np.ceil(ys).astype(int), ih - 1); fy = (ys - np.floor(ys))[:, None, None]
    x0 = np.floor(xs).astype(int); x1 = np.minimum(np.ceil(xs).astype(int), iw - 1); fx = (xs - np.floor(xs))[None, :, None]
    im = img.astype(f)
    top = im[y0][:, x0] + (im[y0][:, x1] - im[y0][:, x0]) * fx
    bot = im[y1][:, x0] + (im[y1][:, x1] - im[y1][:, x0]) * fx
    return top + (bot - top) * fy


def to_input(img, size, center):
    """NetInput.toBatchTensor: pad to square, resize unless already size x size; values 0..255."""
    sq = pad_to_square(img.astype(np.float32), center)
    return sq if sq.shape[0] == size else resize_bilinear(sq, size)


def normalise(x, desc):
    i = desc["input"]
    return ((x - np.array(i["mean"], np.float32)) / np.array(i["std"], np.float32))[None]


def sigmoid(v):
    return 1 / (1 + math.exp(-v))


def decode(grid, W, H, d):
    """TinyYolov2Base.extractBoxes + nonMaxSuppression + ObjectDetection, following the descriptor's
    boxEncoding text. Plain Python floats, i.e. the same double arithmetic as face-api's JS."""
    dec, S = d["decoder"], d["input"]["width"]
    scale = S / max(H, W)
    rw, rh = js_round(W * scale), js_round(H * scale)          # computeReshapedDimensions
    cfx, cfy = max(rw, rh) / rw, max(rw, rh) / rh
    G, A = grid.shape[0], len(dec["anchors"])
    g = grid.reshape(G, G, A, 5).astype(np.float64)
    cands = []
    for r in range(G):
        for c in range(G):
            for a, (aw, ah) in enumerate(dec["anchors"]):
                tx, ty, tw, th, ts = (float(v) for v in g[r, c, a])
                score = sigmoid(ts)
                if score > dec["scoreThreshold"]:
                    cx = ((c + sigmoid(tx)) / G) * cfx
                    cy = ((r + sigmoid(ty)) / G) * cfy
                    w = ((math.exp(tw) * aw) / G) * cfx
                    h = ((math.exp(th) * ah) / G) * cfy
                    x, y = cx - w / 2, cy - h / 2
                    cands.append((score, (x, y, (x + w) - x, (y + h) - y)))
    # NMS on boxes scaled by the input size; stable ascending sort then pop = highest score first
    order = sorted(range(len(cands)), key=lambda k: cands[k][0])
    scaled = [tuple(v * S for v in b) for _, b in cands]

    def iou(p, q):
        iw = max(0.0, min(p[0] + p[2], q[0] + q[2]) - max(p[0], q[0]))
        ih = max(0.0, min(p[1] + p[3], q[1] + q[3]) - max(p[1], q[1]))
        inter = iw * ih
        return inter / (p[2] * p[3] + q[2] * q[3] - inter)

    picks = []
    while order:
        cur = order.pop()
        picks.append(cur)
        order = [k for k in order if iou(scaled[cur], scaled[k]) <= dec["iouThreshold"]]
    picks = picks[:dec["maxDetections"]]
    return [(cands[k][0], tuple(v * s for v, s in zip(cands[k][1], (W, H, W, H)))) for k in picks]


def face_crop(box, W, H):
    """FaceDetection.forSize(W,H).box then Box.clipAtImageBorders (floors x, y, width, height)."""
    x, y, w, h = box
    x, y, w, h = x * (1 / W), y * (1 / H), w * (1 / W), h * (1 / H)   # relativeBox
    x, y, w, h = x * W, y * H, w * W, h * H                           # forSize
    x0, y0 = max(x, 0), max(y, 0)
    cw, ch = min(x + w - x0, W - x0), min(y + h - y0, H - y0)
    return tuple(math.floor(v) for v in (x0, y0, cw, ch))


def load_f32(path, shape):
    return np.fromfile(path, "<f4").reshape(shape)


def main():
    det_desc = json.load(open(os.path.join(HERE, "tiny_face_detector.json")))
    exp_desc = json.load(open(os.path.join(HERE, "face_expression.json")))
    det = Model(os.path.join(HERE, det_desc["file"]))
    expr = Model(os.path.join(HERE, exp_desc["file"]))
    labels = exp_desc["labels"]
    S, F = det_desc["input"]["width"], exp_desc["input"]["width"]

    worst = dict(inp=0.0, grid=0.0, box=0.0, score=0.0, face=0.0, prob=0.0)
    failures = []
    print(f"{'image':38} {'faces':>5} {'input416':>9} {'grid':>9} {'box px':>8} {'score':>9} {'face112':>9} {'prob':>9} top")
    for name in sorted(f for f in os.listdir(FIX) if f.lower().endswith((".jpg", ".jpeg", ".png"))):
        ref = json.load(open(os.path.join(REF, f"{name}.json")))
        W, H = ref["width"], ref["height"]
        img = np.fromfile(os.path.join(WORK, f"{name}.rgb"), np.uint8).reshape(H, W, 3)

        inp = to_input(img, S, center=False)
        d_inp = float(np.abs(inp - load_f32(os.path.join(WORK, f"{name}.input416.f32"), inp.shape)).max())
        grid = det.run(normalise(inp, det_desc))[0][0]
        ref_grid = load_f32(os.path.join(WORK, f"{name}.grid.f32"), grid.shape)
        d_grid = float(np.abs(grid - ref_grid).max())
        dets = decode(grid, W, H, det_desc)

        row = dict(inp=d_inp, grid=d_grid, box=0.0, score=0.0, face=0.0, prob=0.0)
        tops, bad = [], []
        if len(dets) != len(ref["detections"]):
            bad.append(f"{len(dets)} faces, face-api found {len(ref['detections'])}")
        else:
            # both lists are in NMS order (descending score); pair by that order, check it is the same face
            for i, ((score, box), rd) in enumerate(zip(dets, ref["detections"])):
                rb = rd["box"]
                d_box = max(abs(a - b) for a, b in zip(box, (rb["x"], rb["y"], rb["width"], rb["height"])))
                row["box"] = max(row["box"], d_box)
                row["score"] = max(row["score"], abs(score - rd["score"]))
                crop = face_crop(box, W, H)
                rc = rd["crop"]
                ref_crop = (rc["x"], rc["y"], rc["width"], rc["height"])
                if crop != ref_crop:
                    # a sub-pixel box difference crossed an integer: classify face-api's crop so the
                    # probabilities still compare the network, and say so
                    print(f"  note: {name} face {i}: crop {crop} vs face-api {ref_crop}; using face-api's crop")
                    crop = ref_crop
                x, y, w, h = crop
                face = to_input(img[y:y + h, x:x + w], F, center=True)
                ref_face = load_f32(os.path.join(WORK, f"{name}.face{i}.f32"), face.shape)
                row["face"] = max(row["face"], float(np.abs(face - ref_face).max()))
                probs = expr.run(normalise(face, exp_desc))[0][0]
                row["prob"] = max(row["prob"], float(np.abs(probs - np.array(rd["expressions"])).max()))
                top = labels[int(np.argmax(probs))]
                tops.append(top)
                if top != rd["top"]:
                    bad.append(f"face {i} top {top} vs {rd['top']}")
            if row["box"] > TOL_BOX: bad.append(f"box diff {row['box']:.3f} px")
            if row["score"] > TOL_SCORE: bad.append(f"score diff {row['score']:.2e}")
            if row["prob"] > TOL_PROB: bad.append(f"prob diff {row['prob']:.2e}")
        for k in worst:
            worst[k] = max(worst[k], row[k])
        print(f"{name:38} {len(dets):>2}/{len(ref['detections']):<2} {row['inp']:9.2e} {row['grid']:9.2e} {row['box']:8.1e} "
              f"{row['score']:9.2e} {row['face']:9.2e} {row['prob']:9.2e} {','.join(tops) or '-'}"
              f"{'   FAIL: ' + '; '.join(bad) if bad else ''}")
        failures += [f"{name}: {b}" for b in bad]
    print(f"{'max over all images':38} {'':5} {worst['inp']:9.2e} {worst['grid']:9.2e} {worst['box']:8.1e} "
          f"{worst['score']:9.2e} {worst['face']:9.2e} {worst['prob']:9.2e}")
    print(f"tolerances: box {TOL_BOX} px, score {TOL_SCORE}, probabilities {TOL_PROB}, same top label")
    if failures:
        print("PARITY FAILED:\n  " + "\n  ".join(failures))
        sys.exit(1)
    print("PARITY OK")


if __name__ == "__main__":
    main()
