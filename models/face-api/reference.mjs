// Runs face-api itself (TF.js, wasm backend, CPU) on every fixture image and writes the reference
// outputs that parity.py compares the converted ONNX graphs against, plus the tensor fixtures the
// Java preprocessing tests use.
//
//   node reference.mjs            (from models/face-api, after `npm ci`)
//
// Writes:
//   ../fixtures/reference/<image>.json           detections + expressions as face-api reports them
//   ../fixtures/reference/<stem>.rgb.png          lossless jpeg-js pixels   (TENSOR_IMAGES only)
//   ../fixtures/reference/<stem>.*.f32.gz + .json  preprocessed tensors     (TENSOR_IMAGES only)
//   work/<image>.{rgb,input416.f32,grid.f32,face<i>.f32}  scratch for parity.py / ort-check.mjs
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const tf = require('@tensorflow/tfjs');
const wasm = require('@tensorflow/tfjs-backend-wasm');
// the node-wasm bundle takes tfjs + tfjs-backend-wasm from node_modules (no tfjs-node needed)
const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');
const jpeg = require('jpeg-js');
const { PNG } = require('pngjs');

const HERE = path.dirname(fileURLToPath(import.meta.url));
const FIXTURES = path.join(HERE, '..', 'fixtures');
const REF = path.join(FIXTURES, 'reference');
const WORK = path.join(HERE, 'work');
const MODEL_DIR = path.join(HERE, 'node_modules', '@vladmandic', 'face-api', 'model');
// face-api's TinyFaceDetectorOptions defaults, spelled out so the reference does not depend on them silently
const OPTIONS = { inputSize: 416, scoreThreshold: 0.5 };
// images for which the Java preprocessing fixtures (lossless pixels + input tensors) are written
const TENSOR_IMAGES = ['grace_hopper_512x512.jpg', 'group_416x303.png'];
// per-face tensors only for the first faces, to keep the fixtures small (group faces 0..2 cover odd,
// 1-pixel and even padding differences); the normalised 112 tensor only for grace_hopper
const MAX_FACE_TENSORS = 3;
const NORMALIZED_IMAGE = 'grace_hopper_512x512.jpg';
const LABELS = ['neutral', 'happy', 'sad', 'angry', 'fearful', 'disgusted', 'surprised'];

// Decode to a tightly packed RGB Uint8Array. JPEG: jpeg-js (the decoder the reference is defined
// with); PNG: pngjs (lossless, alpha dropped).
function decode(file) {
  const buf = fs.readFileSync(file);
  if (file.endsWith('.png')) {
    const png = PNG.sync.read(buf);
    const rgb = new Uint8Array(png.width * png.height * 3);
    for (let i = 0, j = 0; i < png.data.length; i += 4, j += 3) {
      rgb[j] = png.data[i]; rgb[j + 1] = png.data[i + 1]; rgb[j + 2] = png.data[i + 2];
    }
    return { width: png.width, height: png.height, data: rgb };
  }
  const img = jpeg.decode(buf, { useTArray: true, formatAsRGBA: false, maxMemoryUsageInMB: 1024 });
  return { width: img.width, height: img.height, data: img.data };
}

// lossless pixels a tensor fixture was computed from, relative to models/fixtures/
const pixelsFile = (name) => (name.endsWith('.png') ? name : `reference/${name.replace(/\.[^.]+$/, '')}.rgb.png`);

function writePng(file, { width, height, data }) {
  const png = new PNG({ width, height, colorType: 2, inputColorType: 2, inputHasAlpha: false });
  png.data = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  fs.writeFileSync(file, PNG.sync.write(png, { colorType: 2, inputColorType: 2, inputHasAlpha: false }));
}

// little-endian float32 (x86/wasm are LE; Float32Array uses platform order), gzip with a fixed
// header (no mtime/name) so reruns give identical bytes
function writeTensor(stem, name, tensor, meta) {
  const data = tensor.dataSync();
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  fs.writeFileSync(path.join(REF, `${stem}.${name}.f32.gz`), zlib.gzipSync(bytes, { level: 9 }));
  const sidecar = { file: `${stem}.${name}.f32.gz`, dtype: 'float32', byteOrder: 'little-endian', compression: 'gzip',
    shape: tensor.shape, ...meta };
  fs.writeFileSync(path.join(REF, `${stem}.${name}.json`), `${JSON.stringify(sidecar, null, 2)}\n`);
}

async function main() {
  // load the .wasm binaries shipped in the npm package (no network); single-threaded simd or plain
  wasm.setWasmPaths(`${path.join(HERE, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist')}/`);
  await tf.setBackend('wasm');
  await tf.ready();
  await faceapi.nets.tinyFaceDetector.loadFromDisk(MODEL_DIR);
  await faceapi.nets.faceExpressionNet.loadFromDisk(MODEL_DIR);
  fs.mkdirSync(REF, { recursive: true });
  fs.mkdirSync(WORK, { recursive: true });

  const images = fs.readdirSync(FIXTURES).filter((f) => /\.(jpe?g|png)$/i.test(f)).sort();
  for (const name of images) {
    const img = decode(path.join(FIXTURES, name));
    fs.writeFileSync(path.join(WORK, `${name}.rgb`), img.data); // raw pixels for parity.py
    const input = tf.tensor3d(img.data, [img.height, img.width, 3], 'int32');

    // 1. the official pipeline, exactly as an application calls it
    const results = await faceapi
      .detectAllFaces(input, new faceapi.TinyFaceDetectorOptions(OPTIONS))
      .withFaceExpressions();

    // 2. the same steps opened up, to record intermediate tensors: raw grid and the per-face crops
    const netInput = await faceapi.toNetInput(input);
    const detInput = netInput.toBatchTensor(OPTIONS.inputSize, false); // pad bottom/right + resize, 0..255
    const grid = faceapi.nets.tinyFaceDetector.forwardInput(netInput, OPTIONS.inputSize);
    fs.writeFileSync(path.join(WORK, `${name}.input416.f32`), detInput.dataSync());
    fs.writeFileSync(path.join(WORK, `${name}.grid.f32`), grid.dataSync());

    const faces = [];
    for (let i = 0; i < results.length; i++) {
      const det = results[i].detection;
      // face-api's crop (extractFaceTensors): forSize -> clipAtImageBorders (floors x,y,w,h)
      const crop = det.forSize(img.width, img.height).box.clipAtImageBorders(img.width, img.height);
      const faceTensor = (await faceapi.extractFaceTensors(input, [det]))[0];
      const faceNetInput = await faceapi.toNetInput(faceTensor);
      const faceInput = faceNetInput.toBatchTensor(112, true); // centred pad + resize, 0..255
      fs.writeFileSync(path.join(WORK, `${name}.face${i}.f32`), faceInput.dataSync());
      const probs = faceapi.nets.faceExpressionNet.forwardInput(faceNetInput).dataSync();
      const expr = results[i].expressions;
      // sanity: the opened-up forward must agree with the pipeline's own result
      LABELS.forEach((l, k) => {
        if (Math.abs(expr[l] - probs[k]) > 1e-6) throw new Error(`${name} face ${i}: pipeline/forward mismatch on ${l}`);
      });
      faces.push({
        box: { x: det.box.x, y: det.box.y, width: det.box.width, height: det.box.height },
        score: det.score,
        crop: { x: crop.x, y: crop.y, width: crop.width, height: crop.height },
        expressions: LABELS.map((l) => expr[l]),
        top: LABELS[LABELS.map((l) => expr[l]).indexOf(Math.max(...LABELS.map((l) => expr[l])))],
      });

      if (TENSOR_IMAGES.includes(name) && i < MAX_FACE_TENSORS) {
        const stem = name.replace(/\.[^.]+$/, '');
        const pixels = pixelsFile(name);
        writeTensor(stem, `face${i}.input112`, faceInput, {
          layout: 'NHWC', channelOrder: 'RGB', model: 'face_expression',
          stage: 'after centred zero-padding to a square and bilinear resize to 112x112 (alignCorners=false, halfPixelCenters=false); BEFORE mean/std normalisation (values 0..255)',
          source: { pixels: pixels, crop: faces[i].crop },
          normalisation: 'network input = (value - [122.782, 117.001, 104.298][c]) / 255',
        });
        if (name === NORMALIZED_IMAGE) writeTensor(stem, `face${i}.normalized112`, tf.div(tf.sub(faceInput, tf.tensor1d([122.782, 117.001, 104.298])), 255), {
          layout: 'NHWC', channelOrder: 'RGB', model: 'face_expression',
          stage: 'AFTER mean/std normalisation: exactly the tensor fed to face_expression.onnx for this face',
          source: { pixels: pixels, crop: faces[i].crop },
        });
      }
      tf.dispose([faceTensor, faceInput]);
    }

    if (TENSOR_IMAGES.includes(name)) {
      const stem = name.replace(/\.[^.]+$/, '');
      const pixels = pixelsFile(name);
      if (name.endsWith('.jpg')) writePng(path.join(REF, `${stem}.rgb.png`), img);
      writeTensor(stem, 'detector.input416', detInput, {
        layout: 'NHWC', channelOrder: 'RGB', model: 'tiny_face_detector',
        stage: 'after zero-padding to a square at the bottom/right and bilinear resize to 416x416 (alignCorners=false, halfPixelCenters=false); BEFORE mean/std normalisation (values 0..255)',
        source: { pixels, width: img.width, height: img.height },
        normalisation: 'network input = (value - [117.001, 114.697, 97.404][c]) / 255',
      });
      writeTensor(stem, 'detector.grid', grid, {
        layout: 'NHWC', model: 'tiny_face_detector',
        stage: 'raw detector output (TF.js conv8 output == ONNX output "grid"), before sigmoid/exp decoding; [N, 13, 13, 5 anchors * (x, y, w, h, score)]',
        source: { pixels, width: img.width, height: img.height },
      });
    }

    const out = {
      image: name,
      width: img.width,
      height: img.height,
      decoder: name.endsWith('.png') ? 'pngjs 7.0.0' : 'jpeg-js 0.4.4',
      faceApi: faceapi.version,
      tfjs: tf.version.tfjs,
      backend: tf.getBackend(),
      options: OPTIONS,
      labels: LABELS,
      detections: faces,
    };
    fs.writeFileSync(path.join(REF, `${name}.json`), `${JSON.stringify(out, null, 2)}\n`);
    console.log(`${name.padEnd(40)} ${img.width}x${img.height} faces=${faces.length} ${faces.map((f) => `${f.top}:${f.score.toFixed(3)}`).join(' ')}`);
    tf.dispose([input, detInput, grid]);
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
