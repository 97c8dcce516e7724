#!/usr/bin/python3
"""INT8 variants of the face-api graphs: static QDQ quantization, calibrated on the fixture faces.

    /usr/bin/python3 quantize.py            # calibrate, write *_int8.onnx, their descriptors and
                                            # int8_calibration.json
    /usr/bin/python3 quantize.py --check    # the committed ranges still come out of the calibration
                                            # (relative 1e-4), and the committed files are exactly
                                            # what those ranges give

Why by hand: ONNX Runtime's quantization tool is Python-only and Debian 12 has no onnxruntime for
Python (python3-onnx and numpy only). The format is the one that tool writes and ONNX Runtime's CPU
provider fuses into integer kernels (QLinearConv, QLinearAdd, QLinearLeakyRelu, ...):

* activations: uint8, asymmetric, one scale and zero point per tensor, over the range that loses
  least to rounding and clipping on the values the FP32 graph produces on the calibration set
  (np_onnx.py evaluates it; see calibrate). Each quantized tensor T becomes QuantizeLinear ->
  DequantizeLinear, and its consumers read the dequantized copy.
* weights: int8, symmetric (zero point 0), one scale per output channel; biases int32 with scale
  input scale x weight scale, so the fused kernels add them exactly.
* MaxPool's output keeps its input's parameters (a max changes no value), so ONNX Runtime can run it
  on uint8 directly.
* the graph's input and outputs stay float32, and so do the tensors behind them: the detector's last
  convolution (box sizes go through exp, a uint8 step there moves boxes by several per cent) and the
  classifier's logits before the softmax. Descriptors, pre- and post-processing are unchanged.

Calibration set: face-api's own decoded pixels of every fixture image (work/*.rgb, written by
reference.mjs), and each mirrored: 18 detector inputs; and the face crops face-api made of them
(../fixtures/reference/*.json), mirrored too: 52 classifier inputs. The ranges are committed in
int8_calibration.json so the graphs rebuild bit for bit anywhere, while --check recomputes them.
"""
import hashlib
import json
import os
import sys
from collections import namedtuple

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from np_onnx import Model
from parity import FIX, HERE, REF, WORK, normalise, to_input

CALIBRATION = os.path.join(HERE, "int8_calibration.json")
RANGE_TOLERANCE = 1e-4
HISTOGRAM_BINS = 2048
CLIP_FRACTIONS = [1.0 - 0.025 * i for i in range(33)]  # 1.0 down to 0.2
QUANTIZED_OPS = {"Conv", "Gemm", "Add", "LeakyRelu", "Relu", "MaxPool", "AveragePool"}
# descriptor, and the tensors kept float32 though a quantized op produces them
Spec = namedtuple("Spec", "descriptor keep_float")
MODELS = [
    Spec("tiny_face_detector.json", {"conv8_25"}),
    Spec("face_expression.json", {"fc_75"}),
]


def calibration_inputs():
    """(detector inputs, classifier inputs), normalised as the descriptors say, each also mirrored."""
    det_desc = json.load(open(os.path.join(HERE, "tiny_face_detector.json")))
    exp_desc = json.load(open(os.path.join(HERE, "face_expression.json")))
    frames, faces = [], []
    for name in sorted(f for f in os.listdir(FIX) if f.lower().endswith((".jpg", ".jpeg", ".png"))):
        ref = json.load(open(os.path.join(REF, f"{name}.json")))
        W, H = ref["width"], ref["height"]
        img = np.fromfile(os.path.join(WORK, f"{name}.rgb"), np.uint8).reshape(H, W, 3)
        for view in (img, img[:, ::-1]):
            frames.append(normalise(to_input(view, det_desc["input"]["width"], center=False), det_desc))
        for d in ref["detections"]:
            c = d["crop"]
            crop = img[c["y"]:c["y"] + c["height"], c["x"]:c["x"] + c["width"]]
            for view in (crop, crop[:, ::-1]):
                faces.append(normalise(to_input(view, exp_desc["input"]["width"], center=True), exp_desc))
    return {"tiny_face_detector.json": frames, "face_expression.json": faces}


def quantized_tensors(graph, spec):
    """Activation tensors that get a QuantizeLinear/DequantizeLinear pair: every non-constant input
    of a quantized op, and every output of one unless kept float."""
    constants = {t.name for t in graph.initializer}
    names = []
    for n in graph.node:
        if n.op_type not in QUANTIZED_OPS:
            continue
        for t in list(n.input) + list(n.output):
            if t and t not in constants and t not in spec.keep_float and t not in names:
                names.append(t)
    return names


def calibrate(path, spec, inputs):
    """The range each quantized tensor is quantized over, as float32: of the ranges that clip the
    values seen on the inputs to a fraction of their extremes, the one whose uint8 rounding and
    clipping loses least (mean squared error over a histogram of those values). A few large values
    would otherwise stretch the 256 levels over a range most values never use."""
    model = Model(path)
    names = quantized_tensors(model.model.graph, spec)
    lo = {t: np.inf for t in names}
    hi = {t: -np.inf for t in names}
    for x in inputs:
        env = model.trace(x)
        for t in names:
            lo[t] = min(lo[t], float(env[t].min()))
            hi[t] = max(hi[t], float(env[t].max()))
    # a second pass: each histogram spans its tensor's extremes, known only after the first
    counts = {t: np.zeros(HISTOGRAM_BINS) for t in names}
    for x in inputs:
        env = model.trace(x)
        for t in names:
            counts[t] += np.histogram(env[t], HISTOGRAM_BINS, (min(lo[t], 0.0), max(hi[t], 0.0)))[0]
    ranges = {}
    for t in names:
        edges = np.linspace(min(lo[t], 0.0), max(hi[t], 0.0), HISTOGRAM_BINS + 1)
        values = (edges[:-1] + edges[1:]) / 2
        best = None
        for fraction in CLIP_FRACTIONS:
            candidate = (lo[t] * fraction, hi[t] * fraction)
            scale, zero = activation_params(*candidate)
            rounded = (np.clip(np.round(values / scale) + zero, 0, 255) - zero) * scale
            loss = float(np.sum(counts[t] * (values - rounded) ** 2))
            if best is None or loss < best[0]:
                best = (loss, candidate)
        ranges[t] = best[1]
    # MaxPool outputs take their input's range: the same parameters let it run on uint8 unchanged
    for n in model.model.graph.node:
        if n.op_type == "MaxPool":
            ranges[n.output[0]] = ranges[n.input[0]]
    return {t: [float(np.float32(r[0])), float(np.float32(r[1]))] for t, r in ranges.items()}


def activation_params(lo, hi):
    """uint8 scale and zero point whose range holds [lo, hi] and represents 0 exactly."""
    lo, hi = min(lo, 0.0), max(hi, 0.0)
    scale = np.float32((hi - lo) / 255.0) if hi > lo else np.float32(1.0)
    zero = int(np.clip(round(-lo / float(scale)), 0, 255))
    return scale, zero


def weight_params(w):
    """int8 per-output-channel symmetric quantization of w (channel axis 0 for Conv)."""
    amax = np.abs(w.reshape(w.shape[0], -1)).max(axis=1)
    scales = np.where(amax > 0, amax / 127.0, 1.0).astype(np.float32)
    q = np.clip(np.round(w / scales.reshape((-1,) + (1,) * (w.ndim - 1))), -127, 127).astype(np.int8)
    return q, scales


def quantize(path, spec, ranges):
    """The QDQ model for the FP32 model at path, from the calibrated ranges."""
    model = onnx.load(path)
    g = model.graph
    weights = {t.name: numpy_helper.to_array(t) for t in g.initializer}
    params = {t: activation_params(*ranges[t]) for t in quantized_tensors(g, spec)}
    inits, nodes = [], []

    def qdq(t):
        s, z = params[t]
        inits.extend([numpy_helper.from_array(np.array(s, np.float32), f"{t}/scale"),
                      numpy_helper.from_array(np.array(z, np.uint8), f"{t}/zero_point")])
        nodes.append(helper.make_node("QuantizeLinear", [t, f"{t}/scale", f"{t}/zero_point"], [f"{t}/q"], name=f"{t}/quantize"))
        nodes.append(helper.make_node("DequantizeLinear", [f"{t}/q", f"{t}/scale", f"{t}/zero_point"], [f"{t}/dq"], name=f"{t}/dequantize"))

    def dequantized_constant(name, q, scales, zero_dtype, axis):
        inits.extend([numpy_helper.from_array(q, f"{name}/q"),
                      numpy_helper.from_array(scales, f"{name}/scale"),
                      numpy_helper.from_array(np.zeros(scales.shape, zero_dtype), f"{name}/zero_point")])
        attrs = {"axis": axis} if scales.ndim else {}
        nodes.append(helper.make_node("DequantizeLinear", [f"{name}/q", f"{name}/scale", f"{name}/zero_point"], [f"{name}/dq"], name=f"{name}/dequantize", **attrs))

    for n in g.node:
        ins = list(n.input)
        if n.op_type in ("Conv", "Gemm"):
            x_scale = params[ins[0]][0]
            w = weights[ins[1]]
            if n.op_type == "Gemm":  # B is [K, N]: one scale per output column, quantized on axis 1
                q, scales = weight_params(w.T)
                q, axis = np.ascontiguousarray(q.T), 1
            else:
                q, scales = weight_params(w)
                axis = 0
            dequantized_constant(ins[1], q, scales, np.int8, axis)
            ins[1] = f"{ins[1]}/dq"
            if len(ins) > 2 and ins[2]:
                b_scales = (x_scale * scales).astype(np.float32)
                b_q = np.round(weights[ins[2]] / b_scales).astype(np.int32)
                dequantized_constant(ins[2], b_q, b_scales, np.int32, 0)
                ins[2] = f"{ins[2]}/dq"
        ins = [f"{t}/dq" if t in params else t for t in ins]
        nodes.append(helper.make_node(n.op_type, ins, list(n.output), name=n.name, **{a.name: helper.get_attribute_value(a) for a in n.attribute}))
        for t in n.output:
            if t in params:
                qdq(t)
    used = {i for node in nodes for i in node.input}
    kept = [t for t in g.initializer if t.name in used]
    graph = helper.make_graph(nodes, g.name + "_int8", list(g.input), list(g.output), kept + inits)
    out = helper.make_model(graph, opset_imports=list(model.opset_import), producer_name="ferstream-quantize.py")
    out.ir_version = model.ir_version
    onnx.checker.check_model(out)
    return out


def int8_descriptor(desc_name, data, ranges):
    desc = json.load(open(os.path.join(HERE, desc_name)))
    stem = desc["file"][:-len(".onnx")]
    desc["name"] += "-int8"
    desc["file"] = f"{stem}_int8.onnx"
    desc["sha256"] = hashlib.sha256(data).hexdigest()
    desc["precision"] = {
        "type": "int8-qdq",
        "fp32": desc_name,
        "activations": "uint8, asymmetric, per tensor, the range with the least rounding and clipping error on the calibration set",
        "weights": "int8, symmetric, per output channel; biases int32",
        "calibration": "models/face-api/int8_calibration.json (fixture frames and faces, mirrored)",
        "quantizedTensors": len(ranges),
    }
    desc["provenance"]["converter"] = "models/face-api/quantize.py (from " + desc_name[:-5] + ".onnx)"
    desc["provenance"]["parity"] = "it-tests/bench.sh precision (see MODEL_CARD.md, INT8 variants)"
    return f"{stem}_int8", json.dumps(desc, indent=2) + "\n"


def outputs(ranges):
    """{relative path: bytes} of every file this script writes."""
    files = {}
    for spec in MODELS:
        desc_name = spec.descriptor
        desc = json.load(open(os.path.join(HERE, desc_name)))
        model = quantize(os.path.join(HERE, desc["file"]), spec, ranges[desc_name])
        data = model.SerializeToString()
        stem, text = int8_descriptor(desc_name, data, ranges[desc_name])
        files[f"{stem}.onnx"] = data
        files[f"{stem}.json"] = text.encode()
    return files


def main():
    check = "--check" in sys.argv[1:]
    inputs = calibration_inputs()
    ranges = {}
    for spec in MODELS:
        desc_name = spec.descriptor
        desc = json.load(open(os.path.join(HERE, desc_name)))
        ranges[desc_name] = calibrate(os.path.join(HERE, desc["file"]), spec, inputs[desc_name])
        print(f"{desc_name}: {len(ranges[desc_name])} tensors calibrated on {len(inputs[desc_name])} inputs")
    if not check:
        with open(CALIBRATION, "w") as f:
            json.dump(ranges, f, indent=1)
            f.write("\n")
        for rel, data in outputs(ranges).items():
            with open(os.path.join(HERE, rel), "wb") as f:
                f.write(data)
            print(f"wrote {rel} ({len(data):,} B)")
        return
    committed = json.load(open(CALIBRATION))
    problems = []
    for desc_name in committed:
        for t, (lo, hi) in committed[desc_name].items():
            new = ranges[desc_name].get(t)
            width = max(hi - lo, 1e-6)
            if new is None or abs(new[0] - lo) > RANGE_TOLERANCE * width or abs(new[1] - hi) > RANGE_TOLERANCE * width:
                problems.append(f"{desc_name} {t}: calibrated {new}, committed {[lo, hi]}")
    for rel, data in outputs(committed).items():
        path = os.path.join(HERE, rel)
        if not os.path.exists(path) or open(path, "rb").read() != data:
            problems.append(f"{rel} differs from what the committed ranges give (run quantize.py)")
    if problems:
        print("INT8 CHECK FAILED:\n  " + "\n  ".join(problems))
        sys.exit(1)
    print("INT8 variants OK: ranges reproduced, files identical")


if __name__ == "__main__":
    main()
