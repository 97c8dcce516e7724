"""A tiny numpy evaluator for exactly the ONNX ops convert.py emits.

Why: Debian 12 has no python3-onnxruntime and its onnx 1.12 predates onnx.reference, so parity.py
needs its own way to run the graphs. It walks the graph as stored in the .onnx file (so it tests
the file, not convert.py's intentions) and fails loudly on any op or attribute it does not know.
Arithmetic is float32, like onnxruntime and TF.js.
"""
import numpy as np
import onnx
from onnx import numpy_helper


def _attrs(node):
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def _pad_nchw(x, pads, value):
    t, l, b, r = pads  # ONNX order for 2-D: [x1_begin, x2_begin, x1_end, x2_end]
    return np.pad(x, ((0, 0), (0, 0), (t, b), (l, r)), constant_values=value)


def _taps(x, kh, kw, sh, sw):
    """Yield (i, j, strided window) for every kernel tap of an already padded NCHW tensor."""
    ho = (x.shape[2] - kh) // sh + 1
    wo = (x.shape[3] - kw) // sw + 1
    for i in range(kh):
        for j in range(kw):
            yield i, j, x[:, :, i:i + sh * (ho - 1) + 1:sh, j:j + sw * (wo - 1) + 1:sw]


def conv(x, w, b, a):
    kh, kw = w.shape[2:]
    assert list(a.get("kernel_shape", [kh, kw])) == [kh, kw] and a.get("dilations", [1, 1]) == [1, 1]
    assert a.get("auto_pad", b"NOTSET") in (b"NOTSET", "NOTSET")
    sh, sw = a.get("strides", [1, 1])
    group = a.get("group", 1)
    x = _pad_nchw(x, a.get("pads", [0, 0, 0, 0]), 0.0)
    out = None
    for i, j, xs in _taps(x, kh, kw, sh, sw):
        if group == 1:
            y = np.tensordot(xs, w[:, :, i, j], axes=([1], [1])).transpose(0, 3, 1, 2)
        else:  # depthwise only: one input channel per group, multiplier 1
            assert group == x.shape[1] == w.shape[0] and w.shape[1] == 1
            y = xs * w[:, 0, i, j][None, :, None, None]
        out = y if out is None else out + y
    if b is not None:
        out = out + b[None, :, None, None]
    return out.astype(np.float32)


def pool(x, a, kind):
    kh, kw = a["kernel_shape"]
    sh, sw = a.get("strides", [1, 1])
    assert a.get("auto_pad", b"NOTSET") in (b"NOTSET", "NOTSET") and not a.get("ceil_mode", 0)
    pads = a.get("pads", [0, 0, 0, 0])
    if kind == "max":  # padded cells never win a max (TF 'same' max pool ignores padding too)
        x = _pad_nchw(x, pads, -np.inf)
        return np.max(np.stack([t for _, _, t in _taps(x, kh, kw, sh, sw)]), axis=0)
    assert pads == [0, 0, 0, 0]  # convert.py only emits an unpadded ('valid') AveragePool
    return np.mean(np.stack([t for _, _, t in _taps(x, kh, kw, sh, sw)]), axis=0, dtype=np.float32)


def softmax(x, axis):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


class Model:
    def __init__(self, path):
        self.model = onnx.load(path)
        g = self.model.graph
        self.inits = {t.name: numpy_helper.to_array(t) for t in g.initializer}
        self.input = g.input[0].name
        self.outputs = [o.name for o in g.output]

    def run(self, x):
        env = self.trace(x)
        return [env[o] for o in self.outputs]

    def trace(self, x):
        """Every tensor of the graph by name (initializers, input, each node's output) for input x."""
        env = dict(self.inits)
        env[self.input] = np.asarray(x, np.float32)
        for n in self.model.graph.node:
            a = _attrs(n)
            i = [env[k] if k else None for k in n.input]
            t = n.op_type
            if t == "Transpose":
                y = np.ascontiguousarray(i[0].transpose(a["perm"]))
            elif t == "Conv":
                y = conv(i[0], i[1], i[2] if len(i) > 2 else None, a)
            elif t == "MaxPool":
                y = pool(i[0], a, "max")
            elif t == "AveragePool":
                y = pool(i[0], a, "avg")
            elif t == "Relu":
                y = np.maximum(i[0], 0)
            elif t == "LeakyRelu":
                y = np.where(i[0] >= 0, i[0], i[0] * np.float32(a.get("alpha", 0.01)))
            elif t == "Add":
                y = i[0] + i[1]
            elif t == "Flatten":
                y = i[0].reshape(i[0].shape[0], -1)
            elif t == "Gemm":
                assert not a.get("transA", 0) and not a.get("transB", 0) and a.get("alpha", 1) == 1 and a.get("beta", 1) == 1
                y = i[0] @ i[1] + i[2]
            elif t == "Softmax":
                y = softmax(i[0], a.get("axis", -1))
            else:
                raise NotImplementedError(f"op {t} not supported by np_onnx")
            env[n.output[0]] = np.asarray(y, np.float32)
        return env
