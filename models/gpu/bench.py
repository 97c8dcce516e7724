"""The exported graphs on a CUDA GPU: parity by precision, batch scaling, and a CPU thread layout.

  cd models && python3 gpu/bench.py --out /tmp/gpu-bench     (on a machine with a CUDA GPU)

Why PyTorch and not ONNX Runtime: the device machines this project is lent have PyTorch with CUDA
but only the CPU build of Python's onnxruntime, and the 446 MB onnxruntime_gpu jar cannot travel
there. So the committed .onnx files are run node by node on torch's CUDA kernels (cuDNN for the
convolutions, the same library ONNX Runtime's CUDA provider calls), by `DeviceGraph` below, which
extends lnlj/onnx_torch.py's interpreter with device placement and a compute dtype. It runs the
graph files themselves: what Java loads, not the code that wrote them. Two timings per point:
- eager: one Python call per node, so small batches measure Python, not the GPU;
- CUDA graph: the whole forward pass captured once and replayed, no per-node host work. This is the
  closer stand-in for ONNX Runtime's C++ provider, and the figure the closing numbers use.
If the onnxruntime there does have the CUDA provider, its figures are added.

Parity: every precision against a float64 run of the same graph on the CPU, on real inputs (the
fixtures' faces and frames, face boxes from face-api's reference outputs, jittered for more crops):
relative error, largest absolute difference, top-label agreement (classifiers) and detection
decisions at score 0.5 (detector).

Also, on the machine's CPU cores: ONNX Runtime (Python) throughput of the detector and the
face-api classifier for layouts of concurrent callers x intra-op threads on one shared session,
the question the job's task slots and inference.threads answer on a large machine.
"""
import argparse
import glob
import json
import os
import platform
import statistics
import sys
import threading
import time

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
MODELS = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(MODELS, "lnlj"))

from onnx import numpy_helper  # noqa: E402

from lnlj.onnx_torch import ONNX_DTYPES, OPS, OnnxTorch, _attrs  # noqa: E402
from lnlj.preprocess import load_rgb, normalize, prepare_for_descriptor, resize_bilinear  # noqa: E402

# Inputs from this index on are shapes, axes, scales or bounds: host values, never device data.
CONTROL_FROM = {"Reshape": 1, "Slice": 1, "Resize": 1, "Unsqueeze": 1, "Squeeze": 1, "Pad": 1,
                "ReduceMean": 1, "ReduceSum": 1, "Clip": 1}
BATCHES = [1, 2, 4, 8, 16, 32, 64, 128, 256]


class DeviceGraph(torch.nn.Module):
    """An ONNX graph run on one device in one float dtype (float16, float32 or float64)."""

    def __init__(self, path, device, dtype):
        super().__init__()
        parsed = OnnxTorch(path)  # parses and refuses unknown ops
        self.device, self.dtype = torch.empty(0, device=device).device, dtype
        self.input_names, self.output_names = parsed.input_names, parsed.output_names
        self.consts = dict(parsed.inits)
        self.nodes = []
        for n in parsed.model.graph.node:
            a = _attrs(n)
            if n.op_type == "Constant":
                self.consts[n.output[0]] = torch.from_numpy(numpy_helper.to_array(a["value"]).copy())
            else:
                self.nodes.append((n.op_type, list(n.input), list(n.output), a))
        self.on_device = {}  # constant name -> its copy on the device, made on first use

    def _to_device(self, name, v):
        if name in self.consts:
            if name not in self.on_device:
                self.on_device[name] = self._cast(self.consts[name]).to(self.device)
            return self.on_device[name]
        return self._cast(v).to(self.device)

    def _cast(self, v):
        return v.to(self.dtype) if v.is_floating_point() else v

    def forward(self, x):
        env = dict(self.consts)
        env[self.input_names[0]] = self._cast(x).to(self.device)
        for op, ins, outs, a in self.nodes:
            control = CONTROL_FROM.get(op, len(ins))
            args = [env[i] if i else None for i in ins]
            computed_on_device = any(v is not None and v.device == self.device and ins[k] not in self.consts
                                     for k, v in enumerate(args[:control]))
            for k, v in enumerate(args):
                if v is None:
                    continue
                if k >= control:
                    args[k] = v.cpu() if v.device.type != "cpu" else v
                elif computed_on_device and v.device != self.device:
                    args[k] = self._to_device(ins[k], v)
                elif computed_on_device and v.is_floating_point() and v.dtype != self.dtype:
                    args[k] = v.to(self.dtype)
            while args and args[-1] is None:
                args.pop()
            if op == "Cast" and computed_on_device and ONNX_DTYPES[a["to"]].is_floating_point:
                y = args[0].to(self.dtype)
            else:
                y = OPS[op](*args, **a)
            for name, v in zip(outs, y if isinstance(y, (tuple, list)) else (y,)):
                env[name] = v
        return [env[k] for k in self.output_names]


# ----------------------------------------------------------------------------------------- inputs

def load_desc(rel):
    with open(os.path.join(MODELS, rel)) as f:
        return json.load(f)


def fixture_faces(rng, jitter_per_face):
    """(image, box) for each face face-api found in the fixtures, plus jittered copies of the box."""
    out = []
    for ref in sorted(glob.glob(os.path.join(MODELS, "fixtures", "reference", "*.jpg.json"))
                      + glob.glob(os.path.join(MODELS, "fixtures", "reference", "*.png.json"))):
        with open(ref) as f:
            r = json.load(f)
        path = os.path.join(MODELS, "fixtures", r["image"])
        if not os.path.exists(path):
            continue
        img = load_rgb(path)
        for d in r.get("detections", []):
            b = d["box"]
            box = (b["x"], b["y"], b["width"], b["height"])
            out.append((img, box))
            for _ in range(jitter_per_face):
                s = rng.uniform(0.85, 1.15)
                w, h = box[2] * s, box[3] * s
                cx = box[0] + box[2] / 2 + rng.uniform(-0.1, 0.1) * box[2]
                cy = box[1] + box[3] / 2 + rng.uniform(-0.1, 0.1) * box[3]
                out.append((img, (cx - w / 2, cy - h / 2, w, h)))
    return out


def classifier_inputs(desc, faces):
    return torch.stack([prepare_for_descriptor(img, box, desc) for img, box in faces])


def detector_inputs(desc, rng, crops_per_image):
    """Whole frames and random square tiles of the fixtures, as the tiled detector feeds them."""
    inp = desc["input"]
    side = inp["width"]
    xs = []
    for path in sorted(glob.glob(os.path.join(MODELS, "fixtures", "*.jpg"))):
        img = load_rgb(path)
        _, H, W = img.shape
        views = [(0, 0, W, H)]
        for _ in range(crops_per_image):
            s = int(min(W, H) * rng.uniform(0.25, 0.6))
            views.append((int(rng.integers(0, W - s + 1)), int(rng.integers(0, H - s + 1)), s, s))
        for x, y, w, h in views:
            v = img[:, y:y + h, x:x + w]
            m = max(w, h)
            sq = torch.zeros((3, m, m), dtype=v.dtype)
            sq[:, :h, :w] = v  # face-api pads bottom-right
            t = resize_bilinear(sq, side, side, False, False)
            xs.append(normalize(t, inp["mean"], inp["std"]).permute(1, 2, 0))
    return torch.stack(xs)


# ----------------------------------------------------------------------------------------- parity

def detector_decisions(grid, threshold=0.5):
    g = grid.float().reshape(grid.shape[0], grid.shape[1], grid.shape[2], -1, 5)
    return torch.sigmoid(g[..., 4]) > threshold


def parity(name, kind, ref_outputs, outputs):
    ref, out = ref_outputs[0].double().cpu(), outputs[0].double().cpu()
    row = {"model": name, "items": int(ref.shape[0]),
           "rel_err": float((out - ref).norm() / ref.norm()),
           "max_abs": float((out - ref).abs().max())}
    if kind == "classifier":
        row["top_label_agree"] = float((out.argmax(1) == ref.argmax(1)).double().mean())
    else:
        dr, do = detector_decisions(ref), detector_decisions(out)
        row["detections_ref"] = int(dr.sum())
        row["detection_decisions_differ"] = int((dr != do).sum())
    if not torch.isfinite(out).all():
        row["nonfinite"] = True
    return row


# ----------------------------------------------------------------------------------------- timing

def time_fn(fn, min_seconds=0.1, repeats=3):
    """Median milliseconds per call, timed with CUDA events over enough calls to last min_seconds."""
    fn()
    torch.cuda.synchronize()
    t0 = time.perf_counter()
    fn()
    torch.cuda.synchronize()
    one = max(time.perf_counter() - t0, 1e-5)
    iters = max(3, min(2000, int(min_seconds / one)))
    samples = []
    for _ in range(repeats):
        start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        start.record()
        for _ in range(iters):
            fn()
        end.record()
        torch.cuda.synchronize()
        samples.append(start.elapsed_time(end) / iters)
    return statistics.median(samples), (max(samples) - min(samples)) / statistics.median(samples)


def captured(forward, x):
    """forward(x) captured as a CUDA graph; returns a replay function."""
    s = torch.cuda.Stream()
    s.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(s):
        for _ in range(3):
            forward(x)
    torch.cuda.current_stream().wait_stream(s)
    g = torch.cuda.CUDAGraph()
    with torch.cuda.graph(g):
        forward(x)
    return g.replay


def scaling(name, make_forward, sample, variants, batches, log):
    rows = []
    for variant in variants:
        set_precision(variant)
        dtype = torch.float16 if variant == "fp16" else torch.float32
        forward = make_forward(dtype)
        for b in batches:
            reps = -(-b // sample.shape[0])
            x = sample.repeat((reps,) + (1,) * (sample.dim() - 1))[:b].to("cuda", dtype).contiguous()
            row = {"model": name, "variant": variant, "batch": b}
            with torch.inference_mode():
                try:
                    torch.cuda.reset_peak_memory_stats()
                    ms, spread = time_fn(lambda: forward(x))
                    row.update(eager_ms=ms, eager_items_per_s=b * 1000 / ms, eager_spread=spread)
                except Exception as e:  # noqa: BLE001 - a point that fails is reported, not fatal
                    row["eager_error"] = repr(e)[:300]
                try:
                    replay = captured(forward, x)
                    ms, spread = time_fn(replay)
                    row.update(graph_ms=ms, graph_items_per_s=b * 1000 / ms, graph_spread=spread)
                except Exception as e:  # noqa: BLE001
                    row["graph_error"] = repr(e)[:300]
                row["peak_mib"] = torch.cuda.max_memory_allocated() / 2 ** 20
            rows.append(row)
            log(json.dumps(row))
            del x
            torch.cuda.empty_cache()
    return rows


def set_precision(variant):
    tf32 = variant == "tf32"
    torch.backends.cuda.matmul.allow_tf32 = tf32
    torch.backends.cudnn.allow_tf32 = tf32


# ----------------------------------------------------------------------------------------- ORT

def ort_section(graphs, inputs, log, seconds):
    try:
        import onnxruntime as ort
    except ImportError as e:
        return {"error": repr(e)}
    res = {"version": ort.__version__, "providers": ort.get_available_providers(), "cuda": [], "cpu_layouts": []}
    log("onnxruntime %s providers %s" % (ort.__version__, res["providers"]))
    if "CUDAExecutionProvider" in res["providers"]:
        for name, path in graphs.items():
            sess = ort.InferenceSession(path, providers=["CUDAExecutionProvider"])
            for b in BATCHES:
                x = np.ascontiguousarray(np.resize(inputs[name], (b,) + inputs[name].shape[1:]))
                rate = _ort_rate(lambda: sess.run(None, {sess.get_inputs()[0].name: x}), seconds / 4) * b
                res["cuda"].append({"model": name, "batch": b, "items_per_s": rate})
                log(json.dumps(res["cuda"][-1]))
    cores = os.cpu_count() or 1
    layouts = [(c, max(1, cores // c)) for c in (1, 2, 4, 8, 16) if c <= cores]
    for name, batch in (("detector", 1), ("face-api-classifier", 8)):
        x = np.ascontiguousarray(np.resize(inputs[name], (batch,) + inputs[name].shape[1:]))
        for callers, threads in layouts:
            so = ort.SessionOptions()
            so.intra_op_num_threads = threads
            so.inter_op_num_threads = 1
            sess = ort.InferenceSession(graphs[name], so, providers=["CPUExecutionProvider"])
            feed = {sess.get_inputs()[0].name: x}
            sess.run(None, feed)
            counts = [0] * callers
            stop = time.perf_counter() + seconds

            def work(i):
                while time.perf_counter() < stop:
                    sess.run(None, feed)
                    counts[i] += 1

            t0 = time.perf_counter()
            ths = [threading.Thread(target=work, args=(i,)) for i in range(callers)]
            for t in ths:
                t.start()
            for t in ths:
                t.join()
            dt = time.perf_counter() - t0
            row = {"model": name, "batch": batch, "callers": callers, "intra_op_threads": threads,
                   "items_per_s": sum(counts) * batch / dt}
            res["cpu_layouts"].append(row)
            log(json.dumps(row))
    return res


def _ort_rate(fn, seconds):
    fn()
    n, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        fn()
        n += 1
    return n / (time.perf_counter() - t0)


# ----------------------------------------------------------------------------------------- main

def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--batches", type=int, nargs="+", default=BATCHES)
    ap.add_argument("--variants", nargs="+", default=["fp32", "tf32", "fp16"])
    ap.add_argument("--cpu-seconds", type=float, default=3.0)
    ap.add_argument("--skip-cpu", action="store_true")
    ap.add_argument("--device", default="cuda", help="cpu: a dry run of inputs and parity only (float32 vs float64)")
    ap.add_argument("--limit", type=int, default=0, help="at most this many parity items per model (dry runs)")
    a = ap.parse_args(argv)
    os.makedirs(a.out, exist_ok=True)
    logf = open(os.path.join(a.out, "log.txt"), "a")

    def log(s):
        print(s, flush=True)
        logf.write(s + "\n")
        logf.flush()

    torch.backends.cudnn.benchmark = True
    rng = np.random.default_rng(7)
    env = {"torch": torch.__version__, "cuda": torch.version.cuda, "cudnn": torch.backends.cudnn.version(),
           "gpu": torch.cuda.get_device_name(0) if a.device == "cuda" else None, "cpu_count": os.cpu_count(), "python": platform.python_version(),
           "cpu": platform.processor()}
    log(json.dumps(env))

    graphs = {"detector": os.path.join(MODELS, "face-api", "tiny_face_detector.onnx"),
              "face-api-classifier": os.path.join(MODELS, "face-api", "face_expression.onnx"),
              "lnlj": os.path.join(MODELS, "lnlj", "lnlj.onnx")}
    descs = {"detector": load_desc("face-api/tiny_face_detector.json"),
             "face-api-classifier": load_desc("face-api/face_expression.json"),
             "lnlj": load_desc("lnlj/lnlj.json")}
    faces = fixture_faces(rng, jitter_per_face=7)
    inputs = {"detector": detector_inputs(descs["detector"], rng, crops_per_image=8),
              "face-api-classifier": classifier_inputs(descs["face-api-classifier"], faces),
              "lnlj": classifier_inputs(descs["lnlj"], faces)}
    if a.limit:
        inputs = {k: v[:a.limit] for k, v in inputs.items()}
    log(json.dumps({k: list(v.shape) for k, v in inputs.items()}))

    results = {"env": env, "parity": [], "scaling": []}
    for name, path in graphs.items():
        kind = "detector" if name == "detector" else "classifier"
        with torch.inference_mode():
            ref = DeviceGraph(path, "cpu", torch.float64)(inputs[name].double())
            for variant in a.variants:
                set_precision(variant)
                dtype = torch.float16 if variant == "fp16" else torch.float32
                if a.device == "cpu" and dtype != torch.float32:
                    continue
                out = DeviceGraph(path, a.device, dtype)(inputs[name].to(a.device))
                row = parity(name, kind, ref, out)
                row["variant"] = variant
                results["parity"].append(row)
                log(json.dumps(row))

    if a.device == "cpu":
        summary(results, log)
        return
    for name, path in graphs.items():
        def make_forward(dtype, path=path):
            g = DeviceGraph(path, "cuda", dtype)
            return lambda x: g(x)
        results["scaling"] += scaling(name, make_forward, inputs[name], a.variants, a.batches, log)

    # LNLJ as the PyTorch module it was exported from, for comparison with its graph file.
    try:
        from lnlj.export import load_weights
        model, _ = load_weights(os.path.join(MODELS, "lnlj", "lnlj.pt"))
        model = model.cuda().eval()

        def make_module(dtype):
            m = model.to(dtype)
            return lambda x: m(x)
        results["scaling"] += scaling("lnlj-pytorch-module", make_module, inputs["lnlj"], a.variants, a.batches, log)
    except Exception as e:  # noqa: BLE001
        log("lnlj module: %r" % e)

    with open(os.path.join(a.out, "results.json"), "w") as f:
        json.dump(results, f, indent=1)
    if not a.skip_cpu:
        np_inputs = {k: v.numpy().astype(np.float32) for k, v in inputs.items()}
        results["onnxruntime"] = ort_section(graphs, np_inputs, log, a.cpu_seconds)
    with open(os.path.join(a.out, "results.json"), "w") as f:
        json.dump(results, f, indent=1)
    summary(results, log)


def summary(results, log):
    log("\n== parity against float64 on the CPU ==")
    for r in results["parity"]:
        extra = ("top label agree %.4f" % r["top_label_agree"]) if "top_label_agree" in r else (
            "decisions differ %d of %d detections" % (r["detection_decisions_differ"], r["detections_ref"]))
        log("%-22s %-5s n=%-4d rel %.2e max %.2e %s" % (r["model"], r["variant"], r["items"], r["rel_err"],
                                                        r["max_abs"], extra))
    log("\n== items/s (CUDA graph replay; eager in brackets) ==")
    for r in results["scaling"]:
        log("%-22s %-5s b=%-4d %10.0f (%8.0f)  %.0f MiB" % (r["model"], r["variant"], r["batch"],
                                                          r.get("graph_items_per_s", float("nan")),
                                                          r.get("eager_items_per_s", float("nan")), r["peak_mib"]))


if __name__ == "__main__":
    main()
