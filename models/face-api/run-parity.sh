#!/bin/sh
# One command for the whole face-api -> ONNX proof (from any directory):
#   models/face-api/run-parity.sh
# 1. installs the pinned npm packages (face-api 1.7.15, tfjs 4.22 wasm, jpeg-js, pngjs,
#    onnxruntime-node 1.23; --ignore-scripts: nothing needs a post-install step, and
#    onnxruntime-node's would try to download CUDA libraries)
# 2. checks the committed ONNX files + descriptors are exactly what convert.py produces
# 3. runs face-api itself on every fixture -> ../fixtures/reference/ (deterministic) and work/
# 4. parity.py: full pipeline around the ONNX graphs (numpy evaluator) vs face-api
# 5. quantize.py --check: the INT8 variants' calibration still gives the committed ranges, and the
#    committed files are exactly what those ranges give
# 6. ort-check.mjs: the ONNX graphs in onnxruntime-node vs face-api, batched
set -eu
cd "$(dirname "$0")"
npm ci --ignore-scripts --no-audit --no-fund
/usr/bin/python3 convert.py --check
node reference.mjs
/usr/bin/python3 parity.py
/usr/bin/python3 quantize.py --check
node ort-check.mjs
# reference.mjs rewrote the committed reference fixtures; they must not have changed
if git rev-parse --verify -q HEAD >/dev/null && ! git diff --quiet -- ../fixtures/reference; then
  echo "WARNING: face-api's reference outputs differ from the committed ones:"; git diff --stat -- ../fixtures/reference
  exit 1
fi
