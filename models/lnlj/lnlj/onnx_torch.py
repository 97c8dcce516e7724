"""A small ONNX graph interpreter on torch ops.

Why: this machine has no Python onnxruntime and onnx 1.12 has no onnx.reference. We need to
(1) check the exported LNLJ graph against the PyTorch model and (2) run the face-api teacher
(models/face-api/face_expression.onnx) during distillation. Running the ONNX nodes one by one with
torch.nn.functional executes the exported graph itself (folded BN, slices, reshapes, resize), so it
catches export errors. Only the ops these two graphs use are implemented; anything else raises.
"""
import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import numpy_helper


def _attrs(node):
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def _pads_torch(pads):
    """ONNX [x1_begin, x2_begin, x1_end, x2_end] -> F.pad order (last dim first)."""
    n = len(pads) // 2
    out = []
    for i in reversed(range(n)):
        out += [pads[i], pads[i + n]]
    return out


def _same_pads(in_hw, k, s, d, upper):
    pads_b, pads_e = [], []
    for size, kk, ss, dd in zip(in_hw, k, s, d):
        out = -(-size // ss)
        total = max((out - 1) * ss + (kk - 1) * dd + 1 - size, 0)
        small, big = total // 2, total - total // 2
        pads_b.append(small if upper else big)
        pads_e.append(big if upper else small)
    return pads_b + pads_e


def _conv_pads(x, w_shape, a):
    k = list(w_shape[2:])
    s = a.get("strides", [1] * len(k))
    d = a.get("dilations", [1] * len(k))
    auto = a.get("auto_pad", b"NOTSET")
    auto = auto.decode() if isinstance(auto, bytes) else auto
    if auto in ("SAME_UPPER", "SAME_LOWER"):
        return _same_pads(list(x.shape[2:]), k, s, d, auto == "SAME_UPPER"), s, d
    if auto == "VALID":
        return [0] * (2 * len(k)), s, d
    return a.get("pads", [0] * (2 * len(k))), s, d


def op_conv(x, w, b=None, **a):
    pads, s, d = _conv_pads(x, w.shape, a)
    x = F.pad(x, _pads_torch(pads))
    return F.conv2d(x, w, b, stride=s, dilation=d, groups=a.get("group", 1))


def _pool(fn, x, a, **extra):
    k = a["kernel_shape"]
    s = a.get("strides", [1] * len(k))
    pads, s, _ = _conv_pads(x, [0, 0] + list(k), dict(a, strides=s))
    if fn is F.max_pool2d:
        x = F.pad(x, _pads_torch(pads), value=float("-inf"))
        return fn(x, k, s, ceil_mode=bool(a.get("ceil_mode", 0)))
    if any(pads) and not a.get("count_include_pad", 0):
        # average over valid pixels only: pool a ones-mask the same way
        ones = F.pad(torch.ones_like(x[:, :1]), _pads_torch(pads))
        x = F.pad(x, _pads_torch(pads))
        return fn(x, k, s, ceil_mode=bool(a.get("ceil_mode", 0))) / fn(ones, k, s, ceil_mode=bool(a.get("ceil_mode", 0)))
    return fn(F.pad(x, _pads_torch(pads)), k, s, ceil_mode=bool(a.get("ceil_mode", 0)))


def _axes(a, axes_input, ndim):
    axes = a.get("axes")
    if axes is None and axes_input is not None:
        axes = axes_input if isinstance(axes_input, list) else axes_input.tolist()
    if axes is None:
        return None
    return [int(ax) % ndim for ax in axes]


def op_reduce(fn):
    def run(x, axes=None, **a):
        ax = _axes(a, axes, x.dim())
        keep = bool(a.get("keepdims", 1))
        if ax is None:
            if a.get("noop_with_empty_axes", 0):
                return x
            ax = list(range(x.dim()))
        return fn(x, dim=ax, keepdim=keep)
    return run


def op_slice(x, starts, ends, axes=None, steps=None):
    axes = list(range(len(starts))) if axes is None else axes.tolist()
    steps = [1] * len(starts) if steps is None else steps.tolist()
    idx = [slice(None)] * x.dim()
    for s, e, ax, st in zip(starts.tolist(), ends.tolist(), axes, steps):
        if st != 1:
            raise NotImplementedError("Slice step != 1")
        n = x.shape[ax]
        s = max(min(s + n if s < 0 else s, n), 0)
        e = max(min(e + n if e < 0 else e, n), 0)
        idx[int(ax) % x.dim()] = slice(s, e)
    return x[tuple(idx)]


def op_reshape(x, shape, allowzero=0):
    shape = shape.tolist()
    if not allowzero:
        shape = [x.shape[i] if v == 0 else v for i, v in enumerate(shape)]
    return x.reshape(shape)


def op_gemm(a, b, c=None, alpha=1.0, beta=1.0, transA=0, transB=0):
    a = a.t() if transA else a
    b = b.t() if transB else b
    y = alpha * (a @ b)
    return y + beta * c if c is not None else y


def op_resize(x, roi=None, scales=None, sizes=None, mode=b"nearest",
              coordinate_transformation_mode=b"half_pixel", nearest_mode=b"round_prefer_floor", **_):
    mode = mode.decode() if isinstance(mode, bytes) else mode
    ctm = coordinate_transformation_mode
    ctm = ctm.decode() if isinstance(ctm, bytes) else ctm
    nm = nearest_mode.decode() if isinstance(nearest_mode, bytes) else nearest_mode
    if sizes is not None and sizes.numel():
        size = [int(v) for v in sizes.tolist()[2:]]
        kw = {"size": size}
    else:
        sc = scales.tolist()
        if sc[:2] != [1.0, 1.0]:
            raise NotImplementedError("Resize on N/C")
        kw = {"scale_factor": sc[2:]}
    if mode == "nearest" and ctm == "asymmetric" and nm == "floor":
        return F.interpolate(x, mode="nearest", **kw)
    if mode == "linear" and ctm in ("half_pixel", "pytorch_half_pixel", "align_corners"):
        return F.interpolate(x, mode="bilinear", align_corners=ctm == "align_corners", **kw)
    raise NotImplementedError("Resize mode=%s ctm=%s nearest=%s" % (mode, ctm, nm))


def op_softmax(x, axis=-1):
    return torch.softmax(x, axis)  # opset >= 13 semantics (single axis)


def op_batchnorm(x, scale, bias, mean, var, epsilon=1e-5, **_):
    shape = [1, -1] + [1] * (x.dim() - 2)
    return (x - mean.reshape(shape)) / torch.sqrt(var.reshape(shape) + epsilon) * scale.reshape(shape) + bias.reshape(shape)


def op_pad(x, pads, value=None, mode=b"constant", **a):
    mode = mode.decode() if isinstance(mode, bytes) else mode
    if mode != "constant":
        raise NotImplementedError("Pad mode %s" % mode)
    v = 0.0 if value is None or value.numel() == 0 else float(value)
    return F.pad(x, _pads_torch(pads.tolist()), value=v)


def op_clip(x, lo=None, hi=None, **a):
    lo = a.get("min", None) if lo is None else float(lo)
    hi = a.get("max", None) if hi is None else float(hi)
    return torch.clamp(x, lo, hi)


def op_unsqueeze(x, axes=None, **a):
    ax = a.get("axes") or (axes if isinstance(axes, list) else axes.tolist())
    rank = x.dim() + len(ax)
    for v in sorted(int(v) % rank for v in ax):
        x = x.unsqueeze(v)
    return x


def op_squeeze(x, axes=None, **a):
    ax = _axes(a, axes, x.dim())
    if ax is None:
        return x.squeeze()
    for v in sorted(ax, reverse=True):
        x = x.squeeze(v)
    return x


ONNX_DTYPES = {1: torch.float32, 6: torch.int32, 7: torch.int64, 9: torch.bool, 11: torch.float64}

OPS = {
    "Identity": lambda x: x,
    "Relu": lambda x: torch.relu(x),
    "LeakyRelu": lambda x, alpha=0.01: F.leaky_relu(x, alpha),
    "Sigmoid": torch.sigmoid,
    "Tanh": torch.tanh,
    "Exp": torch.exp,
    "Sqrt": torch.sqrt,
    "Neg": torch.neg,
    "Add": torch.add, "Sub": torch.sub, "Mul": torch.mul, "Div": torch.div, "Pow": torch.pow,
    "Max": lambda *xs: torch.stack(torch.broadcast_tensors(*xs)).max(0).values,
    "Min": lambda *xs: torch.stack(torch.broadcast_tensors(*xs)).min(0).values,
    "MatMul": torch.matmul,
    "Gemm": op_gemm,
    "Conv": op_conv,
    "BatchNormalization": op_batchnorm,
    "MaxPool": lambda x, **a: _pool(F.max_pool2d, x, a),
    "AveragePool": lambda x, **a: _pool(F.avg_pool2d, x, a),
    "GlobalAveragePool": lambda x: x.mean((2, 3), keepdim=True),
    "ReduceMean": op_reduce(torch.mean),
    "ReduceSum": op_reduce(torch.sum),
    "Softmax": op_softmax,
    "Concat": lambda *xs, axis: torch.cat(xs, axis),
    "Slice": op_slice,
    "Reshape": op_reshape,
    "Flatten": lambda x, axis=1: x.reshape(int(np.prod(x.shape[:axis])), -1),
    "Transpose": lambda x, perm=None: x.permute(*(perm or reversed(range(x.dim())))),
    "Shape": lambda x: torch.tensor(list(x.shape), dtype=torch.int64),
    "Gather": lambda x, i, axis=0: torch.index_select(x, axis, i.reshape(-1).long() % x.shape[axis]).reshape(
        list(x.shape[:axis]) + list(i.shape) + list(x.shape[axis + 1:])),
    "Unsqueeze": op_unsqueeze,
    "Squeeze": op_squeeze,
    "Cast": lambda x, to: x.to(ONNX_DTYPES[to]),
    "Resize": op_resize,
    "Pad": op_pad,
    "Clip": op_clip,
}


class OnnxTorch(torch.nn.Module):
    """Runs an ONNX model file: outputs = OnnxTorch(path)(x) -> dict name -> tensor."""

    def __init__(self, path_or_model):
        super().__init__()
        self.model = onnx.load(path_or_model) if isinstance(path_or_model, str) else path_or_model
        g = self.model.graph
        self.inits = {t.name: torch.from_numpy(numpy_helper.to_array(t).copy()) for t in g.initializer}
        self.input_names = [i.name for i in g.input if i.name not in self.inits]
        self.output_names = [o.name for o in g.output]
        for n in g.node:
            if n.domain not in ("", "ai.onnx") or n.op_type not in OPS and n.op_type != "Constant":
                raise NotImplementedError("ONNX op %s (domain %r) not supported" % (n.op_type, n.domain))

    def forward(self, *inputs):
        env = dict(self.inits)
        env.update(zip(self.input_names, inputs))
        for n in self.model.graph.node:
            a = _attrs(n)
            if n.op_type == "Constant":
                env[n.output[0]] = torch.from_numpy(numpy_helper.to_array(a["value"]).copy())
                continue
            args = [env[i] if i else None for i in n.input]
            while args and args[-1] is None:
                args.pop()
            y = OPS[n.op_type](*args, **a)
            outs = y if isinstance(y, (tuple, list)) else (y,)
            for name, v in zip(n.output, outs):
                env[name] = v
        return {k: env[k] for k in self.output_names}
