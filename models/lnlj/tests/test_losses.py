import unittest

import _util  # noqa: F401
import torch

from lnlj.losses import LNLJLoss, rank_loss


class LossTest(unittest.TestCase):
    def test_rank_loss(self):
        ce = torch.tensor([[0.1, 2.0, 3.0]])  # region 0 is the crucial one
        self.assertEqual(rank_loss(torch.tensor([[0.8, 0.1, 0.1]]), ce, 0.05).item(), 0.0)
        bad = rank_loss(torch.tensor([[0.2, 0.5, 0.3]]), ce, 0.05).item()
        self.assertGreater(bad, 0.0)
        w = torch.tensor([[0.2, 0.5, 0.3]], requires_grad=True)
        rank_loss(w, ce).backward()
        self.assertLess(w.grad[0, 0].item(), 0)  # descending the loss raises the crucial weight

    def test_total_with_hard_and_soft_targets(self):
        n, r, c = 4, 3, 7
        out = {"logits": torch.randn(n, c, requires_grad=True),
               "local_logits": torch.randn(n, r, c, requires_grad=True),
               "region_weights": torch.softmax(torch.randn(n, r, requires_grad=True), 1)}
        lf = LNLJLoss(class_weights=torch.ones(c))
        total, parts = lf(out, torch.tensor([0, 1, 2, 3]))
        self.assertTrue(torch.isfinite(total))
        self.assertEqual(set(parts), {"ce", "aux", "rank", "total"})
        soft = torch.softmax(torch.randn(n, c), 1)
        total, parts = lf(out, None, soft_target=soft, temperature=2.0)
        self.assertIn("kd", parts)
        total.backward()


if __name__ == "__main__":
    unittest.main()
