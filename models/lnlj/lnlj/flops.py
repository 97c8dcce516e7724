"""Hook-based multiply-accumulate counter (convs, linears, non-local matmuls).

Counts MACs of the layers that dominate the cost; BN/ReLU/softmax/pooling element-wise ops are
left out (they are < 2% here). GFLOPs are reported as 2 * MACs, the usual convention.
"""
import argparse

import torch
import torch.nn as nn

from .model import LNLJ, NonLocalBlock, count_params


def count_macs(model, input_size=112):
    macs = [0]

    def conv_hook(m, inp, out):
        k = m.kernel_size[0] * m.kernel_size[1] * (m.in_channels // m.groups)
        macs[0] += out.numel() // out.shape[0] * k

    def linear_hook(m, inp, out):
        macs[0] += out.numel() // out.shape[0] * m.in_features

    def nonlocal_hook(m, inp, out):
        _, _, h, w = inp[0].shape
        inner = m.theta.out_channels
        macs[0] += 2 * (h * w) * (h * w) * inner  # q @ k and att @ v

    hooks = []
    for m in model.modules():
        if isinstance(m, nn.Conv2d):
            hooks.append(m.register_forward_hook(conv_hook))
        elif isinstance(m, nn.Linear):
            hooks.append(m.register_forward_hook(linear_hook))
        elif isinstance(m, NonLocalBlock):
            hooks.append(m.register_forward_hook(nonlocal_hook))
    was_training = model.training
    model.eval()
    with torch.no_grad():
        model(torch.zeros(1, 3, input_size, input_size))
    model.train(was_training)
    for h in hooks:
        h.remove()
    return macs[0]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--regions", default="named")
    ap.add_argument("--classes", type=int, default=7)
    ap.add_argument("--input-size", type=int, default=112)
    a = ap.parse_args()
    m = LNLJ(num_classes=a.classes, regions=a.regions, input_size=a.input_size)
    macs = count_macs(m, a.input_size)
    print("params %d (%.3f M)" % (count_params(m), count_params(m) / 1e6))
    print("MACs %d (%.4f G)  FLOPs~2*MACs %.4f G" % (macs, macs / 1e9, 2 * macs / 1e9))


if __name__ == "__main__":
    main()
