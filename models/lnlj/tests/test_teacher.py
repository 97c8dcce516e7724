"""The face-api teacher run through lnlj.onnx_torch reproduces face-api's own (tfjs) expressions."""
import json
import os
import unittest

import _util
import torch

from lnlj.distill import Teacher
from lnlj.preprocess import face_to_square, load_rgb

MODELS = os.path.dirname(_util.ROOT)
ONNX = os.path.join(MODELS, "face-api", "face_expression.onnx")
REF = os.path.join(MODELS, "fixtures", "reference", "group_416x303.png.json")


@unittest.skipUnless(os.path.exists(ONNX) and os.path.exists(REF), "teacher or fixtures missing")
class TeacherTest(unittest.TestCase):
    def test_matches_face_api_reference(self):
        teacher = Teacher(ONNX, ONNX[:-5] + ".json")
        with open(REF) as f:
            ref = json.load(f)
        img = load_rgb(os.path.join(MODELS, "fixtures", ref["image"]))
        resize = teacher.desc["input"]["resize"]
        px = torch.stack([face_to_square(img, 112, (d["box"]["x"], d["box"]["y"], d["box"]["width"], d["box"]["height"]), resize)
                          for d in ref["detections"]])
        got = teacher(px)
        want = torch.tensor([d["expressions"] for d in ref["detections"]])
        self.assertLess((got - want).abs().max().item(), 1e-4)  # PNG decodes identically; no JPEG decoder drift


if __name__ == "__main__":
    unittest.main()
