import gzip
import json
import os
import unittest

import _util
import numpy as np
import torch
import torch.nn.functional as F

from lnlj.preprocess import crop_box, face_to_square, load_rgb, pad_center_square, resize_bilinear

FIX = os.path.join(os.path.dirname(_util.ROOT), "fixtures")


class PreprocessTest(unittest.TestCase):
    def test_center_pad_extra_pixel_bottom_right(self):
        x = torch.ones(1, 3, 6)
        p = pad_center_square(x)
        self.assertEqual(tuple(p.shape), (1, 6, 6))
        self.assertEqual(p[0, :, 0].tolist(), [0, 1, 1, 1, 0, 0])  # top 1, bottom 2

    def test_half_pixel_matches_torch(self):
        x = torch.rand(3, 37, 53) * 255
        ref = F.interpolate(x[None], size=(112, 112), mode="bilinear", align_corners=False)[0]
        torch.testing.assert_close(resize_bilinear(x, 112, 112), ref, atol=1e-3, rtol=1e-5)
        ref = F.interpolate(x[None], size=(20, 20), mode="bilinear", align_corners=True)[0]
        torch.testing.assert_close(resize_bilinear(x, 20, 20, align_corners=True), ref, atol=1e-3, rtol=1e-5)

    def test_crop_clips_and_floors(self):
        img = torch.zeros(3, 10, 20)
        self.assertEqual(tuple(crop_box(img, (-3.5, 2.7, 10.9, 100)).shape), (3, 7, 7))

    @unittest.skipUnless(os.path.exists(os.path.join(FIX, "reference", "group_416x303.face0.input112.json")), "no fixtures")
    def test_matches_face_api_reference_crop(self):
        """Same pixels as face-api's own (tfjs) preprocessing, legacy resize flags (PNG: exact decode)."""
        with open(os.path.join(FIX, "reference", "group_416x303.face0.input112.json")) as f:
            meta = json.load(f)
        with gzip.open(os.path.join(FIX, "reference", meta["file"])) as f:
            ref = np.frombuffer(f.read(), "<f4").reshape(112, 112, 3)
        with open(os.path.join(FIX, "reference", "group_416x303.png.json")) as f:
            det = json.load(f)["detections"][0]["box"]
        img = load_rgb(os.path.join(FIX, "group_416x303.png"))
        mine = face_to_square(img, 112, (det["x"], det["y"], det["width"], det["height"]),
                              {"pad": "center", "alignCorners": False, "halfPixelCenters": False})
        self.assertLess(np.abs(mine.permute(1, 2, 0).numpy() - ref).max(), 0.01)


if __name__ == "__main__":
    unittest.main()
