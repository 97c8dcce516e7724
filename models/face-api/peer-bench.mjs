// The peer FerStream is compared with: face-api 1.7.15 itself (TF.js 4.22 wasm backend, CPU),
// detecting faces and their expressions on the photos the pipeline benchmark streams.
//
//   node peer-bench.mjs [--frames 1000] [--processes N]      (from models/face-api, after `npm ci`)
//
// Set up to favour the peer:
// - one Node process per core (default: every core), each with its own models;
// - every photo is decoded (jpeg-js) and turned into a tensor before the clock starts, and each
//   process warms up on all of them first;
// - the processes start together on a signal, and the rate is all frames over the slowest one's
//   time.
// The calls are what an application makes: detectAllFaces(TinyFaceDetectorOptions(416, 0.5))
// .withFaceExpressions(), the options the converted models reproduce (see ../fixtures/README.md).
// Prints one JSON line: frames/s, faces per frame, processes, versions.
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const HERE = path.dirname(fileURLToPath(import.meta.url));
const FIXTURES = path.join(HERE, '..', 'fixtures');
const MODEL_DIR = path.join(HERE, 'node_modules', '@vladmandic', 'face-api', 'model');
// The pipeline benchmark's photos (it-tests/benchmarks PipelineBenchmark), in its order.
const PHOTOS = ['sample1.jpg', 'sample2.jpg', 'sample3.jpg', 'sample4.jpg', 'sample5.jpg', 'sample6.jpg',
  'grace_hopper_512x512.jpg'];
const OPTIONS = { inputSize: 416, scoreThreshold: 0.5 };

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} needs a positive integer`);
  return value;
}

async function worker() {
  const tf = require('@tensorflow/tfjs');
  const wasm = require('@tensorflow/tfjs-backend-wasm');
  const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');
  const jpeg = require('jpeg-js');
  wasm.setWasmPaths(`${path.join(HERE, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist')}/`);
  await tf.setBackend('wasm');
  await tf.ready();
  await faceapi.nets.tinyFaceDetector.loadFromDisk(MODEL_DIR);
  await faceapi.nets.faceExpressionNet.loadFromDisk(MODEL_DIR);
  const inputs = PHOTOS.map((name) => {
    const img = jpeg.decode(fs.readFileSync(path.join(FIXTURES, name)),
      { useTArray: true, formatAsRGBA: false, maxMemoryUsageInMB: 1024 });
    return tf.tensor3d(img.data, [img.height, img.width, 3], 'int32');
  });
  const analyse = (input) => faceapi.detectAllFaces(input, new faceapi.TinyFaceDetectorOptions(OPTIONS))
    .withFaceExpressions();
  for (const input of inputs) await analyse(input); // warm-up, not timed

  process.on('message', async ({ first, count }) => {
    let faces = 0;
    const start = process.hrtime.bigint();
    for (let i = first; i < first + count; i++) {
      faces += (await analyse(inputs[i % inputs.length])).length;
    }
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    process.send({ count, faces, seconds, backend: tf.getBackend(), tfjs: tf.version.tfjs, faceApi: faceapi.version });
    process.exit(0);
  });
  process.send({ ready: true });
}

async function main() {
  const frames = option('frames', 1000);
  const processes = option('processes', os.availableParallelism ? os.availableParallelism() : os.cpus().length);
  const children = Array.from({ length: processes }, () => fork(fileURLToPath(import.meta.url), ['--worker']));
  const next = (child) => new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => code !== 0 && reject(new Error(`a worker exited with ${code}`)));
  });
  await Promise.all(children.map(next)); // models loaded, photos decoded, warmed up
  const results = children.map(next);
  let first = 0;
  children.forEach((child, k) => {
    const count = Math.floor(frames / processes) + (k < frames % processes ? 1 : 0);
    child.send({ first, count });
    first += count;
  });
  const done = await Promise.all(results);
  const slowest = Math.max(...done.map((d) => d.seconds));
  const faces = done.reduce((sum, d) => sum + d.faces, 0);
  console.log(JSON.stringify({
    peer: `face-api ${done[0].faceApi}, tfjs ${done[0].tfjs} ${done[0].backend}`,
    frames,
    processes,
    seconds: Number(slowest.toFixed(2)),
    framesPerSecond: Number((frames / slowest).toFixed(2)),
    facesPerFrame: Number((faces / frames).toFixed(2)),
    cpu: os.cpus()[0].model,
  }));
}

(process.argv.includes('--worker') ? worker() : main()).catch((e) => { console.error(e); process.exit(1); });
