"""Export LNLJ to ONNX + descriptor, check PyTorch vs ONNX parity, verify a committed export.

  /usr/bin/python3 -m lnlj.export --weights lnlj.pt --out lnlj.onnx --provenance-json export/provenance.json
  /usr/bin/python3 -m lnlj.export --check          # sha256, names, parity reference, re-export bytes

The parity reference (export/parity_*.f32.gz + parity.json: an input batch and the PyTorch
outputs) is written beside the model so the Java side can run ONNX Runtime on the same input and
compare (processor/inference/src/test/java/io/ferstream/inference/LnljModelIT.java does exactly that).
"""
import argparse
import gzip
import hashlib
import io
import json
import os
import sys

import numpy as np
import torch

from .model import ExportWrapper, LNLJ, build
from .onnx_torch import OnnxTorch
from .preprocess import LNLJ_MEAN, LNLJ_RESIZE, LNLJ_STD, face_to_square, load_rgb, normalize

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # models/lnlj
FIXTURES = os.path.join(os.path.dirname(HERE), "fixtures")
OPSET = 13
TOLERANCE = 1e-4


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def load_weights(path):
    ck = torch.load(path, map_location="cpu")
    model = build(ck["config"])
    model.load_state_dict(ck["model"])
    return model.eval(), ck


def save_weights(path, model, meta=None):
    """Weights-only file (config + state dict + metadata), small enough to commit for re-export."""
    buf = io.BytesIO()
    torch.save({"config": model.config, "model": model.state_dict(), "meta": meta or {}}, buf)
    with open(path, "wb") as f:
        f.write(buf.getvalue())


def export_onnx(model, path):
    model = model.eval()
    size = model.input_size
    dyn = {"input": {0: "batch"}, "probabilities": {0: "batch"}, "region_weights": {0: "batch"}}
    with torch.no_grad():
        torch.onnx.export(ExportWrapper(model), torch.zeros(1, 3, size, size), path, opset_version=OPSET,
                          input_names=["input"], output_names=["probabilities", "region_weights"],
                          dynamic_axes=dyn, do_constant_folding=True)


def parity_inputs(size, n_random=2):
    """Real fixture faces where present (the Java test can reproduce them) plus seeded noise."""
    xs = []
    for img_name in ("grace_hopper_512x512.jpg", "sample1.jpg"):
        ref = os.path.join(FIXTURES, "reference", img_name + ".json")
        if os.path.exists(ref):
            det = json.load(open(ref))["detections"]
            if det:
                c = det[0]["crop"]
                img = load_rgb(os.path.join(FIXTURES, img_name))
                xs.append(normalize(face_to_square(img, size, (c["x"], c["y"], c["width"], c["height"])), LNLJ_MEAN, LNLJ_STD))
    g = torch.Generator().manual_seed(1234)
    xs += list(torch.randn(n_random, 3, size, size, generator=g))
    return torch.stack(xs)


def write_f32(path, t):
    with gzip.GzipFile(path, "wb", mtime=0) as f:  # mtime=0: byte-identical reruns
        f.write(np.ascontiguousarray(t.detach().numpy().astype("<f4")).tobytes())


def read_f32(path, shape):
    with gzip.open(path, "rb") as f:
        return torch.from_numpy(np.frombuffer(f.read(), dtype="<f4").reshape(shape).copy())


def parity(model, onnx_path, x):
    with torch.no_grad():
        ref = model.eval()(x)
        got = OnnxTorch(onnx_path)(x)
    return {k: (ref[k] - got[k]).abs().max().item() for k in ("probabilities", "region_weights")}, ref


FACE_API_CROP = ("face box from the detector, scaled to the frame, clipped to the frame: x0 = max(x, 0), y0 = max(y, 0), "
                 "w' = min(x + w - x0, W - x0), h' = min(y + h - y0, H - y0), then floor(x0), floor(y0), floor(w'), "
                 "floor(h') each (same rule as face-api's Box.clipAtImageBorders); skip the face if w' or h' <= 0")
SMOKE_WARNING = "smoke weights trained on synthetic images: they do NOT recognise facial expressions"


def descriptor(model, onnx_path, provenance, version, license_, recognises, warning=None):
    d = {
        "name": "lnlj",
        "version": version,
        "task": "expression-classifier",
        "file": os.path.basename(onnx_path),
        "sha256": sha256(onnx_path),
        "input": {
            "name": "input", "layout": "NCHW",
            "width": model.input_size, "height": model.input_size,
            "channelOrder": "RGB", "valueRange": [0, 255],
            "mean": LNLJ_MEAN, "std": LNLJ_STD,
            "resize": dict(LNLJ_RESIZE),
            "crop": FACE_API_CROP,
        },
        "labels": model.labels,
        "outputs": {"probabilities": "probabilities", "regionWeights": "region_weights"},
        "regions": [{"name": r[0], "box": [r[1], r[2], r[3], r[4]]} for r in model.regions],
        "regionBoxUnits": "fractions [x0, y0, x1, y1] of the padded square face crop",
        "opset": OPSET,
        "recognisesExpressions": recognises,
        "license": license_,
        "provenance": provenance,
    }
    if warning or not recognises:
        d["warning"] = warning or SMOKE_WARNING
    return d


def write_parity_reference(model, onnx_path, outdir):
    x = parity_inputs(model.input_size)
    diffs, ref = parity(model, onnx_path, x)
    os.makedirs(outdir, exist_ok=True)
    write_f32(os.path.join(outdir, "parity_input.f32.gz"), x)
    write_f32(os.path.join(outdir, "parity_probabilities.f32.gz"), ref["probabilities"])
    write_f32(os.path.join(outdir, "parity_region_weights.f32.gz"), ref["region_weights"])
    meta = {
        "model": os.path.basename(onnx_path), "modelSha256": sha256(onnx_path),
        "input": {"file": "parity_input.f32.gz", "shape": list(x.shape), "layout": "NCHW",
                  "note": "already normalised: (pixel - 127.5) / 127.5; rows 0..k-1 are fixture faces, the rest seeded noise"},
        "outputs": {"probabilities": {"file": "parity_probabilities.f32.gz", "shape": list(ref["probabilities"].shape)},
                    "region_weights": {"file": "parity_region_weights.f32.gz", "shape": list(ref["region_weights"].shape)}},
        "dtype": "float32", "byteOrder": "little-endian", "compression": "gzip",
        "producedBy": "PyTorch %s eager (lnlj/export.py)" % torch.__version__,
        "tolerance": TOLERANCE,
        "maxAbsDiffOnnxGraphInterpreter": diffs,
    }
    with open(os.path.join(outdir, "parity.json"), "w") as f:
        json.dump(meta, f, indent=1)
    return diffs


def check(desc_path, weights_path=None):
    ok = True
    desc = json.load(open(desc_path))
    base = os.path.dirname(os.path.abspath(desc_path))
    onnx_path = os.path.join(base, desc["file"])
    h = sha256(onnx_path)
    print("sha256 %s %s" % (h, "OK" if h == desc["sha256"] else "MISMATCH (descriptor %s)" % desc["sha256"]))
    ok &= h == desc["sha256"]
    import onnx
    m = onnx.load(onnx_path)
    onnx.checker.check_model(m)
    names_ok = [i.name for i in m.graph.input] == [desc["input"]["name"]] and \
        [o.name for o in m.graph.output] == [desc["outputs"]["probabilities"], desc["outputs"]["regionWeights"]]
    print("names", "OK" if names_ok else "MISMATCH")
    ok &= names_ok
    pdir = os.path.join(base, "export")
    meta = json.load(open(os.path.join(pdir, "parity.json")))
    x = read_f32(os.path.join(pdir, meta["input"]["file"]), meta["input"]["shape"])
    got = OnnxTorch(onnx_path)(x)
    for k, spec in meta["outputs"].items():
        d = (got[k] - read_f32(os.path.join(pdir, spec["file"]), spec["shape"])).abs().max().item()
        print("parity %s max abs diff %.3g %s" % (k, d, "OK" if d <= meta["tolerance"] else "FAIL"))
        ok &= d <= meta["tolerance"]
    if weights_path and os.path.exists(weights_path):
        import tempfile
        model, _ = load_weights(weights_path)
        with tempfile.TemporaryDirectory() as t:
            p = os.path.join(t, "re.onnx")
            export_onnx(model, p)
            same = sha256(p) == h
        print("re-export from %s: %s" % (os.path.basename(weights_path), "byte-identical" if same else
                                        "DIFFERENT bytes (torch/onnx version differs from the one that exported?)"))
        ok &= same
    print("CHECK", "PASSED" if ok else "FAILED")
    return ok


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--weights", default=os.path.join(HERE, "lnlj.pt"), help="weights file (save_weights) or train checkpoint")
    ap.add_argument("--out", default=os.path.join(HERE, "lnlj.onnx"))
    ap.add_argument("--version", default="0.1.0")
    ap.add_argument("--license", default="MIT")
    ap.add_argument("--provenance-json", help="JSON file with the provenance block (written by distill.py)")
    ap.add_argument("--smoke", action="store_true", help="weights did not learn expressions; say so in the descriptor")
    ap.add_argument("--warning", help="quality caveat written into the descriptor")
    ap.add_argument("--recognises", choices=["yes", "no"], default=None,
                    help="descriptor flag recognisesExpressions (default: yes unless --smoke)")
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--no-reexport", action="store_true", help="with --check: skip the byte-identical re-export test")
    a = ap.parse_args(argv)
    desc_path = os.path.splitext(a.out)[0] + ".json"
    if a.check:
        sys.exit(0 if check(desc_path, None if a.no_reexport else a.weights) else 1)
    model, ck = load_weights(a.weights)
    export_onnx(model, a.out)
    diffs = write_parity_reference(model, a.out, os.path.join(os.path.dirname(os.path.abspath(a.out)), "export"))
    print("parity (ONNX graph run by lnlj.onnx_torch vs PyTorch) max abs diff:", diffs)
    if max(diffs.values()) > TOLERANCE:
        sys.exit("parity above %g" % TOLERANCE)
    prov = json.load(open(a.provenance_json)) if a.provenance_json else ck.get("meta", {}).get("provenance", {})
    prov = dict(prov, exporter="models/lnlj/lnlj/export.py (torch %s, opset %d)" % (torch.__version__, OPSET))
    recognises = not a.smoke and not ck.get("meta", {}).get("smoke", False)
    if a.recognises:
        recognises = a.recognises == "yes"
    d = descriptor(model, a.out, prov, a.version, a.license, recognises, a.warning)
    with open(desc_path, "w") as f:
        json.dump(d, f, indent=2)
        f.write("\n")
    print("wrote %s and %s (sha256 %s)" % (a.out, desc_path, d["sha256"]))


if __name__ == "__main__":
    main()
