"""CPU smoke: on a tiny synthetic set the loss falls and the set is overfit (100% train accuracy)."""
import os
import tempfile
import unittest

import _util
import torch

from lnlj.distill import recalibrate_bn
from lnlj.losses import LNLJLoss
from lnlj.model import LNLJ
from lnlj.preprocess import LNLJ_MEAN, LNLJ_STD, normalize
from lnlj.synth import synthetic_images
from lnlj import train


class TrainSmokeTest(unittest.TestCase):
    def test_loss_falls_and_overfits(self):
        torch.manual_seed(0)
        x, y = synthetic_images(21, 7, 64, seed=3)
        x = normalize(x, LNLJ_MEAN, LNLJ_STD)
        model = LNLJ(dropout=0.0, **_util.TINY)
        steps = 80
        opt = torch.optim.AdamW(model.parameters(), lr=1e-2, weight_decay=0)
        sched = torch.optim.lr_scheduler.OneCycleLR(opt, 1e-2, total_steps=steps, pct_start=0.2)
        lf = LNLJLoss()
        losses = []
        for _ in range(steps):
            model.train()
            loss, _ = lf(model(x), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            losses.append(loss.item())
        self.assertLess(sum(losses[-5:]) / 5, 0.5 * sum(losses[:5]) / 5)
        recalibrate_bn(model, [x])
        with torch.no_grad():
            acc = (model(x)["logits"].argmax(1) == y).float().mean().item()
        self.assertEqual(acc, 1.0)

    def test_cli_checkpoint_resume_eval(self):
        with tempfile.TemporaryDirectory() as d:
            common = ["--dataset", "synthetic", "--synthetic-n", "14", "--batch", "7", "--input-size", "64",
                      "--out", d, "--threads", "1"]
            train.main(common + ["--epochs", "1"])
            self.assertTrue(os.path.exists(os.path.join(d, "last.pt")))
            self.assertTrue(os.path.exists(os.path.join(d, "best_eval.json")))
            _, res = train.main(common + ["--epochs", "2", "--resume", os.path.join(d, "last.pt")])
            ck = torch.load(os.path.join(d, "last.pt"))
            self.assertEqual(ck["epoch"], 1)
            self.assertEqual(len(ck["history"]), 2)
            self.assertEqual(len(res["confusion"]), 7)
            self.assertEqual(sum(map(sum, res["confusion"])), res["n"])


if __name__ == "__main__":
    unittest.main()
