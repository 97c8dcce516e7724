"""ONNX export: names, dynamic batch, parity with PyTorch, byte-determinism, committed model check."""
import json
import os
import tempfile
import unittest

import _util
import onnx
import torch

from lnlj import export
from lnlj.model import LNLJ
from lnlj.onnx_torch import OnnxTorch


class ExportTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        torch.manual_seed(0)
        cls.model = LNLJ(**_util.TINY).eval()
        # non-trivial BN statistics so the folded Conv+BN is really exercised
        for m in cls.model.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.running_mean.uniform_(-0.5, 0.5)
                m.running_var.uniform_(0.5, 2.0)
        cls.tmp = tempfile.TemporaryDirectory()
        cls.path = os.path.join(cls.tmp.name, "m.onnx")
        export.export_onnx(cls.model, cls.path)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_names_and_dynamic_batch(self):
        m = onnx.load(self.path)
        onnx.checker.check_model(m)
        self.assertEqual([i.name for i in m.graph.input], ["input"])
        self.assertEqual([o.name for o in m.graph.output], ["probabilities", "region_weights"])
        self.assertEqual(m.graph.input[0].type.tensor_type.shape.dim[0].dim_param, "batch")
        self.assertIn(m.opset_import[0].version, (13, 17))
        run = OnnxTorch(self.path)
        for n in (1, 3):
            out = run(torch.randn(n, 3, 64, 64))
            self.assertEqual(tuple(out["probabilities"].shape), (n, 7))
            self.assertEqual(tuple(out["region_weights"].shape), (n, 7))

    def test_parity(self):
        x = torch.randn(4, 3, 64, 64)
        diffs, _ = export.parity(self.model, self.path, x)
        self.assertLessEqual(max(diffs.values()), 1e-4, diffs)

    def test_deterministic_bytes(self):
        p2 = os.path.join(self.tmp.name, "m2.onnx")
        export.export_onnx(self.model, p2)
        self.assertEqual(export.sha256(p2), export.sha256(self.path))

    def test_descriptor(self):
        d = export.descriptor(self.model, self.path, {"run": "test"}, "t", "MIT", True)
        self.assertEqual(d["task"], "expression-classifier")
        self.assertEqual(d["outputs"], {"probabilities": "probabilities", "regionWeights": "region_weights"})
        self.assertEqual(d["input"]["layout"], "NCHW")
        self.assertEqual(d["sha256"], export.sha256(self.path))

    @unittest.skipUnless(os.path.exists(os.path.join(_util.ROOT, "lnlj.json")), "no shipped model")
    def test_shipped_model_check(self):
        """The committed lnlj.onnx matches its descriptor's sha256 and the saved PyTorch outputs."""
        self.assertTrue(export.check(os.path.join(_util.ROOT, "lnlj.json"), None))


if __name__ == "__main__":
    unittest.main()
