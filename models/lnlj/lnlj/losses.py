"""LNLJ training losses.

total = CE(fused)                                    # the prediction that is deployed
      + aux_weight  * sum_i w_i * CE(local_i)        # every local network must be discriminative
      + rank_weight * rank(region weights, local CE) # crucial regions must get the larger weights

Feedback between the two parts (the paper's "global and local information give feedback to each
other"):
  * attention -> local: w_i = (1 - mix)/R + mix * a_i (a detached). Regions the non-local network
    calls crucial get stronger supervision; the uniform share keeps every local net learning.
  * local -> attention: the rank regulariser. Per sample, the region whose local classifier has
    the lowest CE on the true class is taken as the crucial one; hinge
    max(0, margin - (a_best - a_j)) for every other region j, so its weight rises above the rest by
    a margin. Local CE is detached so this only trains the attention. A margin hinge (not a KL to
    a target distribution) was chosen because it stops pushing once the order is right, leaving
    the weights free to stay soft (several regions can matter).
"""
import torch
import torch.nn.functional as F


def rank_loss(weights, local_ce, margin=0.05):
    """weights: N x R (softmax), local_ce: N x R (detached per-region CE)."""
    n, r = weights.shape
    if r < 2:
        return weights.new_zeros(())
    best = local_ce.argmin(1)
    a_best = weights.gather(1, best[:, None])
    others = torch.ones_like(weights, dtype=torch.bool)
    others[torch.arange(n), best] = False
    return F.relu(margin - (a_best - weights))[others].mean()


def soft_ce(logits, target_probs, temperature=1.0):
    """KL(target || softmax(logits/T)) * T^2, batch mean (Hinton distillation scaling)."""
    logp = F.log_softmax(logits / temperature, 1)
    return F.kl_div(logp, target_probs, reduction="batchmean") * temperature ** 2


class LNLJLoss:
    def __init__(self, class_weights=None, aux_weight=0.5, rank_weight=0.1, margin=0.05, mix=0.5,
                 label_smoothing=0.0):
        self.cw, self.aux_weight, self.rank_weight = class_weights, aux_weight, rank_weight
        self.margin, self.mix, self.ls = margin, mix, label_smoothing

    def per_region_ce(self, local_logits, target):
        """target: class indices (N) or probabilities (N x C)."""
        n, r, c = local_logits.shape
        flat = local_logits.reshape(n * r, c)
        if target.dim() == 1:
            t = target[:, None].expand(n, r).reshape(-1)
            ce = F.cross_entropy(flat, t, weight=self.cw, reduction="none", label_smoothing=self.ls)
        else:
            t = target[:, None, :].expand(n, r, c).reshape(n * r, c)
            ce = -(t * F.log_softmax(flat, 1)).sum(1)
        return ce.reshape(n, r)

    def __call__(self, out, target, soft_target=None, distill_weight=1.0, temperature=1.0):
        """target: class indices (N) or None; soft_target: teacher probabilities (N x C) or None."""
        parts = {}
        weights = out["region_weights"]
        r = weights.shape[1]
        sup = target if target is not None else soft_target
        total = 0.0
        if target is not None:
            parts["ce"] = F.cross_entropy(out["logits"], target, weight=self.cw, label_smoothing=self.ls)
            total = total + parts["ce"]
        if soft_target is not None:
            parts["kd"] = soft_ce(out["logits"], soft_target, temperature)
            total = total + distill_weight * parts["kd"]
        local_ce = self.per_region_ce(out["local_logits"], sup)
        w = (1 - self.mix) / r + self.mix * weights.detach()
        parts["aux"] = (w * local_ce).sum(1).mean()
        parts["rank"] = rank_loss(weights, local_ce.detach(), self.margin)
        total = total + self.aux_weight * parts["aux"] + self.rank_weight * parts["rank"]
        parts["total"] = total
        return total, parts
