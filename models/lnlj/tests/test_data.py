"""Readers on tiny synthetic files in each dataset's real layout and format."""
import csv
import os
import random
import tempfile
import unittest

import _util  # noqa: F401
import torch
from PIL import Image

from lnlj import data
from lnlj.synth import write_folder_dataset

L7 = ["neutral", "happy", "sad", "angry", "fearful", "disgusted", "surprised"]


def write_png(path, w=40, h=30, value=128):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    Image.new("RGB", (w, h), (value, value // 2, 255 - value)).save(path)


class ReaderTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.root = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def test_rafdb(self):
        lines = ["train_00001.jpg 1", "train_00002.jpg 4", "train_00003.jpg 7", "test_0001.jpg 3", "test_0002.jpg 6"]
        os.makedirs(os.path.join(self.root, "EmoLabel"))
        with open(os.path.join(self.root, "EmoLabel", "list_patition_label.txt"), "w") as f:
            f.write("\n".join(lines) + "\n")
        for ln in lines:
            stem = ln.split()[0][:-4]
            write_png(os.path.join(self.root, "Image", "aligned", stem + "_aligned.jpg"))
        tr = data.read_rafdb(self.root, "train")
        te = data.read_rafdb(self.root, "test")
        self.assertEqual([L7[s.label] for s in tr], ["surprised", "happy", "neutral"])
        self.assertEqual([L7[s.label] for s in te], ["disgusted", "angry"])
        self.assertTrue(all(os.path.exists(s.path) for s in tr + te))
        x, y = data.FaceDataset(tr, 64, train=True)[0]
        self.assertEqual(tuple(x.shape), (3, 64, 64))

    def test_ferplus_majority(self):
        header = ["Usage", "Image name"] + data.FERPLUS_VOTES
        rows = [
            ["Training", "fer0000000.png", 4, 0, 0, 1, 3, 0, 0, 0, 2, 0],   # neutral
            ["Training", "fer0000001.png", 0, 10, 0, 0, 0, 0, 0, 0, 0, 0],  # happy
            ["Training", "fer0000002.png", 5, 5, 0, 0, 0, 0, 0, 0, 0, 0],   # tie -> dropped
            ["Training", "fer0000003.png", 0, 0, 0, 0, 0, 0, 0, 0, 8, 2],   # unknown -> dropped
            ["Training", "fer0000004.png", 0, 0, 0, 0, 0, 0, 0, 9, 1, 0],   # contempt: 8-class only
            ["Training", "", 0, 0, 0, 0, 0, 0, 0, 0, 0, 10],                # no face
            ["PublicTest", "fer0000005.png", 0, 0, 7, 0, 0, 0, 3, 0, 0, 0],  # surprise
            ["PrivateTest", "fer0000006.png", 0, 0, 0, 0, 0, 6, 4, 0, 0, 0],  # disgust
        ]
        path = os.path.join(self.root, "fer2013new.csv")
        with open(path, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(header)
            w.writerows(rows)
        for r in rows:
            if r[1]:
                write_png(os.path.join(self.root, data.FERPLUS_DIRS[r[0]], r[1]), 48, 48)
        tr7 = data.read_ferplus(self.root, path, "Training", 7)
        self.assertEqual([L7[s.label] for s in tr7], ["neutral", "happy"])
        tr8 = data.read_ferplus(self.root, path, "Training", 8)
        self.assertEqual([s.label for s in tr8], [0, 1, 7])
        self.assertEqual([L7[s.label] for s in data.read_dataset("ferplus", self.root, "val")], ["surprised"])
        self.assertEqual([L7[s.label] for s in data.read_dataset("ferplus", self.root, "test")], ["disgusted"])
        self.assertTrue(all(os.path.exists(s.path) for s in tr8))

    def test_affectnet(self):
        header = ["subDirectory_filePath", "face_x", "face_y", "face_width", "face_height",
                  "facial_landmarks", "expression", "valence", "arousal"]
        rows = [["689/a.jpg", 2, 3, 30, 20, "1.0;2.0;3.0;4.0", 1, 0.5, 0.2],
                ["689/b.jpg", 0, 0, 40, 30, "1;2", 6, -0.5, 0.6],
                ["12/c.jpg", 0, 0, 40, 30, "1;2", 7, -0.2, 0.1],   # contempt
                ["12/d.jpg", 0, 0, 40, 30, "1;2", 8, 0, 0],        # none -> dropped
                ["12/e.jpg", 0, 0, 40, 30, "1;2", 10, -2, -2]]     # no face -> dropped
        path = os.path.join(self.root, "training.csv")
        with open(path, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(header)
            w.writerows(rows)
        for r in rows:
            write_png(os.path.join(self.root, "Manually_Annotated_Images", r[0]))
        s7 = data.read_affectnet(self.root, path, 7)
        self.assertEqual([L7[s.label] for s in s7], ["happy", "angry"])
        self.assertEqual(s7[0].box, (2.0, 3.0, 30.0, 20.0))
        s8 = data.read_dataset("affectnet", self.root, "train", 8)
        self.assertEqual([s.label for s in s8], [1, 3, 7])
        x, _ = data.FaceDataset(s8, 64, train=True)[0]
        self.assertEqual(tuple(x.shape), (3, 64, 64))
        x, _ = data.FaceDataset(s8, 64, train=False)[0]
        self.assertTrue(torch.isfinite(x).all())

    def test_folders_and_aliases(self):
        write_folder_dataset(os.path.join(self.root, "train"), 14, 7, 32)
        write_png(os.path.join(self.root, "train", "happiness", "extra.png"))  # alias folder
        write_png(os.path.join(self.root, "train", "not_a_label", "x.png"))    # ignored
        s = data.read_dataset("folder", self.root, "train", 7)
        self.assertEqual(len(s), 15)
        self.assertEqual(sorted({L7[x.label] for x in s}), sorted(L7))

    def test_class_weights(self):
        s = [data.Sample(None, 0, None)] * 90 + [data.Sample(None, 1, None)] * 10
        w = data.class_weights(s, 2)
        self.assertAlmostEqual(w.mean().item(), 1.0, places=5)
        self.assertGreater(w[1], w[0])

    def test_augment_keeps_range(self):
        rng = random.Random(0)
        x = torch.rand(3, 64, 64) * 255
        y = data.augment(x, rng)
        self.assertEqual(y.shape, x.shape)
        self.assertTrue((y >= 0).all() and (y <= 255).all())
        z = data.random_erasing(torch.randn(3, 64, 64), random.Random(1), p=1.0)
        self.assertTrue((z == 0).any())


if __name__ == "__main__":
    unittest.main()
