import unittest

import _util  # noqa: F401  (sets sys.path)
import torch

from lnlj.flops import count_macs
from lnlj.model import LNLJ, count_params, parse_regions


class ModelTest(unittest.TestCase):
    def test_shapes_7_and_8_classes(self):
        for c in (7, 8):
            m = LNLJ(num_classes=c, **_util.TINY).eval()
            out = m(torch.randn(3, 3, 64, 64))
            self.assertEqual(tuple(out["probabilities"].shape), (3, c))
            self.assertEqual(tuple(out["logits"].shape), (3, c))
            self.assertEqual(tuple(out["region_weights"].shape), (3, len(m.regions)))
            self.assertEqual(tuple(out["local_logits"].shape), (3, len(m.regions), c))
        self.assertEqual(LNLJ(num_classes=7, **_util.TINY).labels,
                         ["neutral", "happy", "sad", "angry", "fearful", "disgusted", "surprised"])
        self.assertEqual(LNLJ(num_classes=8, **_util.TINY).labels[-1], "contempt")

    def test_weights_are_a_distribution(self):
        m = LNLJ(**_util.TINY).eval()
        out = m(torch.randn(4, 3, 64, 64))
        torch.testing.assert_close(out["region_weights"].sum(1), torch.ones(4))
        torch.testing.assert_close(out["probabilities"].sum(1), torch.ones(4))
        self.assertTrue((out["region_weights"] > 0).all())

    def test_region_configs(self):
        m = LNLJ(regions="grid3x3", **_util.TINY).eval()
        self.assertEqual(m(torch.randn(2, 3, 64, 64))["region_weights"].shape[1], 9)
        custom = [["upper", 0, 0, 1, 0.5], ["lower", 0, 0.5, 1, 1]]
        self.assertEqual(LNLJ(regions=custom, **_util.TINY)(torch.randn(2, 3, 64, 64))["region_weights"].shape[1], 2)
        with self.assertRaises(ValueError):
            parse_regions([["bad", 0.5, 0, 0.4, 1]])

    def test_dynamic_batch_consistent(self):
        m = LNLJ(**_util.TINY).eval()
        x = torch.randn(5, 3, 64, 64)
        with torch.no_grad():
            full = m(x)["probabilities"]
            single = torch.cat([m(x[i:i + 1])["probabilities"] for i in range(5)])
        torch.testing.assert_close(full, single, atol=1e-5, rtol=1e-4)

    def test_default_size_budget(self):
        m = LNLJ()
        self.assertLess(count_params(m), 3_000_000)
        self.assertLess(2 * count_macs(m, 112), 1e9)  # well under 1 GFLOP per face


if __name__ == "__main__":
    unittest.main()
