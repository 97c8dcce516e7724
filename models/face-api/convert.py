#!/usr/bin/python3
"""Convert face-api's TF.js weights (TinyFaceDetector, FaceExpressionNet) to ONNX + descriptors.

    /usr/bin/python3 convert.py            # write *.onnx and *.json next to this script
    /usr/bin/python3 convert.py --check    # regenerate into a temp dir, compare sha256, exit 1 on mismatch
    /usr/bin/python3 convert.py --detector-size 1664 DIR   # the detector at another input size, to measure

Needs only numpy and onnx (Debian python3-numpy, python3-onnx) and `npm ci` (the weights are read
from node_modules/@vladmandic/face-api/model/). The graphs are rebuilt by hand from face-api's
source (src/tinyYolov2/TinyYolov2Base.ts runMobilenet, src/faceFeatureExtractor/*.ts,
src/faceProcessor/FaceProcessor.ts); MODEL_CARD.md explains the mapping.

Conventions of both graphs:
  * input "input": float32 NHWC [N, H, W, 3], RGB, ALREADY normalised as (pixel - mean[c]) / 255
    (face-api's normalize() + div(255)); normalisation stays outside so the Java side owns all
    preprocessing and the descriptor is the single source of truth. N is dynamic.
  * internally NCHW (Transpose right after the input), because ONNX Conv is NCHW-only.
  * TF 'same' padding is written as explicit asymmetric pads (extra row/column at the end, as TF
    does), computed for the fixed spatial size, instead of auto_pad, so every runtime agrees.
Determinism: no timestamps or random names, fixed opset/IR version, initialisers in a fixed order,
so the same weights give byte-identical files (checked by --check).
"""
import hashlib
import json
import os
import shutil
import sys
import tempfile

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
PKG = os.path.join(HERE, "node_modules", "@vladmandic", "face-api")
MODEL_DIR = os.path.join(PKG, "model")
OPSET = 13          # onnxruntime 1.23 supports opsets 7..23; 13 is plenty for these ops
IR_VERSION = 7      # the IR version that goes with opset 13
LABELS = ["neutral", "happy", "sad", "angry", "fearful", "disgusted", "surprised"]  # FaceExpressions.ts


def package_version():
    with open(os.path.join(PKG, "package.json")) as f:
        return json.load(f)["version"]


def load_weights(model):
    """Read a TF.js weights manifest + shards and dequantise exactly as tfjs-core io_utils does:
    value = q * scale + min computed in double, then stored in a Float32Array."""
    with open(os.path.join(MODEL_DIR, f"{model}-weights_manifest.json")) as f:
        manifest = json.load(f)
    weights, files = {}, []
    for group in manifest:
        data = b"".join(open(os.path.join(MODEL_DIR, p), "rb").read() for p in group["paths"])
        files += group["paths"]
        offset = 0
        for w in group["weights"]:
            n = int(np.prod(w["shape"])) if w["shape"] else 1
            q = w.get("quantization")
            if q:
                assert q["dtype"] == "uint8", q  # only uint8 occurs in these two models
                raw = np.frombuffer(data, np.uint8, n, offset)
                offset += n
                val = (raw.astype(np.float64) * q["scale"] + q["min"]).astype(np.float32)
            else:
                assert w["dtype"] == "float32", w
                val = np.frombuffer(data, "<f4", n, offset).copy()
                offset += 4 * n
            weights[w["name"]] = val.reshape(w["shape"])
        assert offset == len(data), f"{model}: {len(data) - offset} bytes left over"
    return weights, files


class Graph:
    """Minimal builder: NCHW tensors, TF-style weights converted on the way in."""

    def __init__(self, w):
        self.w, self.nodes, self.inits, self.n = w, [], [], 0

    def name(self, hint):
        self.n += 1
        return f"{hint}_{self.n}"

    def const(self, name, arr):
        self.inits.append(numpy_helper.from_array(np.ascontiguousarray(arr, np.float32), name))
        return name

    def op(self, op_type, inputs, hint, out=None, **attrs):
        out = out or self.name(hint)
        self.nodes.append(helper.make_node(op_type, inputs, [out], name=f"{hint}/{op_type}_{self.n}", **attrs))
        return out

    def conv(self, x, prefix, filt, bias, stride, pads, group=1, hint=None):
        # TF filters are HWIO (depthwise: H W C 1); ONNX wants OIHW (depthwise: C 1 H W)
        f = self.w[filt]
        wt = f.transpose(2, 3, 0, 1) if group > 1 else f.transpose(3, 2, 0, 1)
        ins = [x, self.const(filt, wt)]
        if bias:
            ins.append(self.const(bias, self.w[bias]))
        return self.op("Conv", ins, hint or prefix, kernel_shape=list(f.shape[:2]),
                       strides=[stride, stride], pads=pads, group=group)


def same_pads(size, k, s):
    """TF 'same': out = ceil(size/s), total pad = max((out-1)*s + k - size, 0), extra at the end.
    Returned in ONNX order [top, left, bottom, right] (square input, so the same for both axes)."""
    out = -(-size // s)
    total = max((out - 1) * s + k - size, 0)
    return [total // 2, total // 2, total - total // 2, total - total // 2], out


def build_tiny_face_detector(w, size=416):
    """TinyYolov2Base.runMobilenet with the TinyFaceDetector config
    (withSeparableConvs, isFirstLayerConv2d, filterSizes of length 7 -> no conv6/conv7)."""
    g = Graph(w)
    x = g.op("Transpose", ["input"], "to_nchw", perm=[0, 3, 1, 2])
    # conv0: plain 3x3 conv, 'valid' (no padding), bias, leaky relu
    x = g.conv(x, "conv0", "conv0/filters", "conv0/bias", 1, [0, 0, 0, 0])
    x = g.op("LeakyRelu", [x], "conv0", alpha=0.10000000149011612)
    s = size - 2
    for i in range(1, 6):
        # maxPool [2,2] stride 2 'same' before each separable conv
        pads, s = same_pads(s, 2, 2)
        x = g.op("MaxPool", [x], f"pool{i - 1}", kernel_shape=[2, 2], strides=[2, 2], pads=pads)
        # tinyYolov2/depthwiseSeparableConv: pad 1 on every side, 'valid' separable conv, bias, leaky
        c = w[f"conv{i}/depthwise_filter"].shape[2]
        x = g.conv(x, f"conv{i}", f"conv{i}/depthwise_filter", None, 1, [1, 1, 1, 1], group=c, hint=f"conv{i}_dw")
        x = g.conv(x, f"conv{i}", f"conv{i}/pointwise_filter", f"conv{i}/bias", 1, [0, 0, 0, 0], hint=f"conv{i}_pw")
        # leaky(x) = relu(x - 0.1x) + 0.1x in face-api; LeakyRelu(0.1) is the same function
        x = g.op("LeakyRelu", [x], f"conv{i}", alpha=0.10000000149011612)
    # maxPool [2,2] stride 1 'same' after conv5 (grid stays 13x13)
    pads, s = same_pads(s, 2, 1)
    x = g.op("MaxPool", [x], "pool5", kernel_shape=[2, 2], strides=[1, 1], pads=pads)
    x = g.conv(x, "conv8", "conv8/filters", "conv8/bias", 1, [0, 0, 0, 0])
    g.op("Transpose", [x], "to_nhwc", out="grid", perm=[0, 2, 3, 1])
    assert s == size // 32, s
    n_out = w["conv8/bias"].shape[0]
    return g, [size, size, 3], ["grid", [size // 32, size // 32, n_out]]


def build_face_expression(w, size=112):
    """FaceFeatureExtractor.forwardInput (4 x denseBlock4 + avgPool 7x7/2 valid) followed by
    FaceProcessor.runNet (fully connected 256 -> 7) and FaceExpressionNet's softmax."""
    g = Graph(w)
    x = g.op("Transpose", ["input"], "to_nchw", perm=[0, 3, 1, 2])
    s = size

    def sep_conv(x, prefix, stride, s):
        # common/depthwiseSeparableConv: tf.separableConv2d(stride, 'same') + bias (no activation)
        pads, out = same_pads(s, 3, stride)
        c = w[f"{prefix}/depthwise_filter"].shape[2]
        x = g.conv(x, prefix, f"{prefix}/depthwise_filter", None, stride, pads, group=c, hint=f"{prefix}_dw")
        return g.conv(x, prefix, f"{prefix}/pointwise_filter", f"{prefix}/bias", 1, [0, 0, 0, 0], hint=f"{prefix}_pw"), out

    for b in range(4):
        p = f"dense{b}"
        if b == 0:  # isFirstLayer: plain conv2d stride 2 'same' + bias
            pads, s = same_pads(s, 3, 2)
            out1 = g.conv(x, f"{p}/conv0", f"{p}/conv0/filters", f"{p}/conv0/bias", 2, pads)
        else:
            out1, s = sep_conv(x, f"{p}/conv0", 2, s)
        out1 = g.op("Relu", [out1], f"{p}/out1")
        out2, _ = sep_conv(out1, f"{p}/conv1", 1, s)
        in3 = g.op("Relu", [g.op("Add", [out1, out2], f"{p}/in3")], f"{p}/in3")
        out3, _ = sep_conv(in3, f"{p}/conv2", 1, s)
        # same association order as face-api: out1 + (out2 + out3)
        in4 = g.op("Relu", [g.op("Add", [out1, g.op("Add", [out2, out3], f"{p}/in4")], f"{p}/in4")], f"{p}/in4")
        out4, _ = sep_conv(in4, f"{p}/conv3", 1, s)
        s23 = g.op("Add", [out3, out4], f"{p}/sum")
        s123 = g.op("Add", [out2, s23], f"{p}/sum")
        x = g.op("Relu", [g.op("Add", [out1, s123], f"{p}/sum")], f"{p}/out")
    x = g.op("AveragePool", [x], "avgpool", kernel_shape=[7, 7], strides=[2, 2])
    x = g.op("Flatten", [x], "flatten", axis=1)   # [N,256,1,1] -> [N,256]; same order as TF's as2D
    x = g.op("Gemm", [x, g.const("fc/weights", w["fc/weights"]), g.const("fc/bias", w["fc/bias"])], "fc")
    g.op("Softmax", [x], "softmax", out="probabilities", axis=1)
    return g, [size, size, 3], ["probabilities", [len(LABELS)]]


def make_model(g, in_shape, out, doc):
    out_name, out_shape = out
    graph = helper.make_graph(
        g.nodes, doc.split(":")[0],
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["N"] + in_shape)],
        [helper.make_tensor_value_info(out_name, TensorProto.FLOAT, ["N"] + out_shape)],
        initializer=g.inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)],
                              producer_name="ferstream/models/face-api/convert.py",
                              producer_version=package_version(), doc_string=doc)
    model.ir_version = IR_VERSION
    onnx.checker.check_model(model, full_check=True)
    return model


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def common_fields(version, files, onnx_file, out_dir):
    return {
        "version": version,
        "file": onnx_file,
        "sha256": sha256(os.path.join(out_dir, onnx_file)),
        "opset": OPSET,
        "license": "MIT",
        "provenance": {
            "source": f"npm:@vladmandic/face-api@{version}",
            "files": [f"model/{f}" for f in files],
            "filesSha256": {f"model/{f}": sha256(os.path.join(MODEL_DIR, f)) for f in files},
            "converter": "models/face-api/convert.py",
            "parity": "models/face-api/run-parity.sh (see MODEL_CARD.md)",
        },
    }


def write_all(out_dir):
    version = package_version()
    # --- TinyFaceDetector ---------------------------------------------------------------------
    w, files = load_weights("tiny_face_detector_model")
    g, ins, out = build_tiny_face_detector(w)
    files.insert(0, "tiny_face_detector_model-weights_manifest.json")
    onnx.save(make_model(g, ins, out, "tiny_face_detector: face-api TinyFaceDetector (tiny-yolo-v2 style, "
                         "separable convs), input NHWC RGB normalised (x-mean)/255, output raw 13x13x25 grid"),
              os.path.join(out_dir, "tiny_face_detector.onnx"))
    det = {
        "name": "face-api-tiny-face-detector",
        "task": "face-detector",
        **common_fields(version, files, "tiny_face_detector.onnx", out_dir),
        "input": {
            "name": "input", "layout": "NHWC", "width": 416, "height": 416, "channelOrder": "RGB",
            "valueRange": [0, 255],
            "mean": [117.001, 114.697, 97.404],   # tinyFaceDetector/const.ts MEAN_RGB
            "std": [255, 255, 255],               # TinyYolov2Base.forwardInput: .div(255)
            "resize": {"pad": "bottom-right", "interpolation": "bilinear",
                       "alignCorners": False, "halfPixelCenters": False},
        },
        "outputs": {"grid": "grid"},
        "decoder": {
            "type": "tiny-yolo-v2",
            "gridLayout": "NHWC",
            "gridSize": 13,
            "stride": 32,
            "boxLayout": "per cell: anchors x [tx, ty, tw, th, tscore]; channel = anchor*5 + k",
            "anchors": [[1.603231, 2.094468], [6.041143, 7.080126], [2.882459, 3.518061],
                        [4.266906, 5.178857], [9.041765, 10.66308]],   # tinyFaceDetector/const.ts BOX_ANCHORS
            "classes": ["face"],
            "boxEncoding": (
                "For grid row r, column c, anchor a (G = gridSize, (aw, ah) = anchors[a]): "
                "score = sigmoid(tscore); keep if score > scoreThreshold (strictly greater). "
                "In units of the padded square input: cx = (c + sigmoid(tx)) / G, cy = (r + sigmoid(ty)) / G, "
                "w = exp(tw) * aw / G, h = exp(th) * ah / G, x = cx - w/2, y = cy - h/2. "
                "To the original W x H frame face-api (TinyYolov2Base.extractBoxes + ObjectDetection) uses the "
                "ROUNDED resized dimensions rw = round(W * S / max(W,H)), rh = round(H * S / max(W,H)) with "
                "S = input width: x_px = x * (S / rw) * W, w_px = w * (S / rw) * W, y_px = y * (S / rh) * H, "
                "h_px = h * (S / rh) * H (equals x * max(W,H) up to that rounding). No clipping. "
                "round() is JavaScript Math.round (halves up). "
                "NMS (ops/nonMaxSuppression.ts): greedy, highest score first, drop every remaining box whose "
                "IoU with the picked one is > iouThreshold (IoU == threshold survives); IoU = intersection / "
                "(area1 + area2 - intersection) on the frame boxes (face-api computes it on relative boxes, "
                "IoU is invariant to that per-axis scaling). Output order = descending score."),
            "scaleToFrame": "face-api-rounded",
            "scoreThreshold": 0.5,   # TinyYolov2Options default
            "iouThreshold": 0.4,     # tinyFaceDetector/const.ts IOU_THRESHOLD
            "maxDetections": 100,    # not in face-api (it returns every survivor); a FerStream cap
            # Measured, not face-api's: recall >= 0.9 from 52 input px up, on 416x416 frames and
            # through a whole 1920x1080 look (it-tests/bench.sh detection --calibrate).
            "smallestFace": 52,
            # Measured too: tiles give the detector ~90 looks at a 1080p frame, so a tile's
            # detection must be surer than one look's; 0.55 keeps the fixtures free of false
            # positives at the same recall (bench.sh detection --tile-score 0.5 / 0.55 / 0.6).
            "tileScoreThreshold": 0.55,
        },
    }
    with open(os.path.join(out_dir, "tiny_face_detector.json"), "w") as f:
        json.dump(det, f, indent=2)
        f.write("\n")

    # --- FaceExpressionNet --------------------------------------------------------------------
    w, files = load_weights("face_expression_model")
    g, ins, out = build_face_expression(w)
    files.insert(0, "face_expression_model-weights_manifest.json")
    onnx.save(make_model(g, ins, out, "face_expression: face-api FaceExpressionNet (FaceFeatureExtractor dense "
                         "blocks + FC + softmax), input NHWC RGB normalised (x-mean)/255, output 7 probabilities"),
              os.path.join(out_dir, "face_expression.onnx"))
    expr = {
        "name": "face-api-expression",
        "task": "expression-classifier",
        **common_fields(version, files, "face_expression.onnx", out_dir),
        "input": {
            "name": "input", "layout": "NHWC", "width": 112, "height": 112, "channelOrder": "RGB",
            "valueRange": [0, 255],
            "mean": [122.782, 117.001, 104.298],  # FaceFeatureExtractor.forwardInput
            "std": [255, 255, 255],
            "resize": {"pad": "center", "interpolation": "bilinear",
                       "alignCorners": False, "halfPixelCenters": False},
            "crop": ("face box from the detector, scaled to the frame, clipped to the frame: x0 = max(x, 0), "
                     "y0 = max(y, 0), w' = min(x + w - x0, W - x0), h' = min(y + h - y0, H - y0), then "
                     "floor(x0), floor(y0), floor(w'), floor(h') each (face-api Box.clipAtImageBorders); "
                     "skip the face if w' or h' <= 0"),
        },
        "labels": LABELS,
        "outputs": {"probabilities": "probabilities"},
    }
    with open(os.path.join(out_dir, "face_expression.json"), "w") as f:
        json.dump(expr, f, indent=2)
        f.write("\n")
    return ["tiny_face_detector.onnx", "tiny_face_detector.json", "face_expression.onnx", "face_expression.json"]


def write_detector_at(size, out_dir):
    """The detector at another square input size (a multiple of 32), for measuring a larger input
    against tiles (it-tests/bench.sh detection --detector). The pads are recomputed for the size;
    the weights and decoding are the committed detector's. Not committed: a measurement aid."""
    if size % 32 or size < 64:
        sys.exit(f"the input size must be a multiple of 32 from 64 up, got {size}")
    os.makedirs(out_dir, exist_ok=True)
    w, _ = load_weights("tiny_face_detector_model")
    g, ins, out = build_tiny_face_detector(w, size)
    onnx_file = f"tiny_face_detector_{size}.onnx"
    onnx.save(make_model(g, ins, out, f"tiny_face_detector at {size}x{size}: a measurement variant"),
              os.path.join(out_dir, onnx_file))
    with open(os.path.join(HERE, "tiny_face_detector.json")) as f:
        det = json.load(f)
    det["name"] += f"-{size}"
    det["file"] = onnx_file
    det["sha256"] = sha256(os.path.join(out_dir, onnx_file))
    det["input"]["width"] = det["input"]["height"] = size
    det["decoder"]["gridSize"] = size // 32
    json_file = os.path.join(out_dir, f"tiny_face_detector_{size}.json")
    with open(json_file, "w") as f:
        json.dump(det, f, indent=2)
        f.write("\n")
    print(f"wrote {json_file}")


def main():
    if not os.path.isdir(MODEL_DIR):
        sys.exit(f"{MODEL_DIR} missing: run `npm ci --ignore-scripts` in {HERE} first")
    if sys.argv[1:2] == ["--detector-size"]:
        write_detector_at(int(sys.argv[2]), sys.argv[3])
    elif "--check" in sys.argv[1:]:
        tmp = tempfile.mkdtemp(prefix="faceapi-convert-")
        try:
            bad = 0
            for name in write_all(tmp):
                committed = os.path.join(HERE, name)
                got = sha256(os.path.join(tmp, name))
                want = sha256(committed) if os.path.exists(committed) else "(missing)"
                ok = got == want
                bad += not ok
                print(f"{'OK  ' if ok else 'DIFF'} {name} regenerated={got[:16]} committed={want[:16]}")
            if bad:
                print(f"{bad} file(s) differ from what convert.py produces; rerun convert.py", file=sys.stderr)
                sys.exit(1)
        finally:
            shutil.rmtree(tmp)
    else:
        for name in write_all(HERE):
            print(f"wrote {name}  sha256={sha256(os.path.join(HERE, name))}")


if __name__ == "__main__":
    main()
