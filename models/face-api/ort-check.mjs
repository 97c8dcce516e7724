// Runs the converted ONNX files in onnxruntime-node 1.23 (the runtime family the Java side uses)
// on face-api's own preprocessed inputs and compares with face-api's outputs. Complements
// parity.py (whole pipeline, numpy evaluator): this proves the files load and compute the same in
// a real onnxruntime, with a batch dimension > 1.
//
//   node ort-check.mjs   (after `node reference.mjs`, which writes work/)
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const ort = require('onnxruntime-node');

const HERE = path.dirname(fileURLToPath(import.meta.url));
const FIX = path.join(HERE, '..', 'fixtures');
const REF = path.join(FIX, 'reference');
const WORK = path.join(HERE, 'work');
const readF32 = (f) => { const b = fs.readFileSync(f); return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4); };

// (value - mean[c]) / std[c] in float32 steps, as face-api's tf.sub + tf.div do
function normalise(data, { mean, std }) {
  const out = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const c = i % 3;
    out[i] = Math.fround(Math.fround(data[i] - Math.fround(mean[c])) / std[c]);
  }
  return out;
}

function concat(arrays) {
  const out = new Float32Array(arrays.reduce((n, a) => n + a.length, 0));
  let o = 0;
  for (const a of arrays) { out.set(a, o); o += a.length; }
  return out;
}

const maxAbsDiff = (a, b) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

async function main() {
  const detDesc = JSON.parse(fs.readFileSync(path.join(HERE, 'tiny_face_detector.json')));
  const expDesc = JSON.parse(fs.readFileSync(path.join(HERE, 'face_expression.json')));
  const det = await ort.InferenceSession.create(path.join(HERE, detDesc.file));
  const exp = await ort.InferenceSession.create(path.join(HERE, expDesc.file));
  const images = fs.readdirSync(FIX).filter((f) => /\.(jpe?g|png)$/i.test(f)).sort();
  const S = detDesc.input.width;
  const F = expDesc.input.width;

  // detector: every image in ONE batch
  const inputs = images.map((n) => normalise(readF32(path.join(WORK, `${n}.input416.f32`)), detDesc.input));
  const gridOut = (await det.run({ [detDesc.input.name]: new ort.Tensor('float32', concat(inputs), [images.length, S, S, 3]) }))[detDesc.outputs.grid];
  const per = gridOut.data.length / images.length;
  let gridMax = 0;
  images.forEach((n, k) => {
    const d = maxAbsDiff(gridOut.data.subarray(k * per, (k + 1) * per), readF32(path.join(WORK, `${n}.grid.f32`)));
    gridMax = Math.max(gridMax, d);
  });

  // expression net: every face of every image in ONE batch
  const faces = []; const refProbs = []; const refTop = [];
  for (const n of images) {
    const ref = JSON.parse(fs.readFileSync(path.join(REF, `${n}.json`)));
    ref.detections.forEach((d, i) => {
      faces.push(normalise(readF32(path.join(WORK, `${n}.face${i}.f32`)), expDesc.input));
      refProbs.push(d.expressions); refTop.push(d.top);
    });
  }
  const probs = (await exp.run({ [expDesc.input.name]: new ort.Tensor('float32', concat(faces), [faces.length, F, F, 3]) }))[expDesc.outputs.probabilities];
  const L = expDesc.labels.length;
  let probMax = 0; let topSame = 0;
  refProbs.forEach((rp, k) => {
    const p = probs.data.subarray(k * L, (k + 1) * L);
    probMax = Math.max(probMax, maxAbsDiff(p, rp));
    if (expDesc.labels[p.indexOf(Math.max(...p))] === refTop[k]) topSame++;
  });

  console.log(`onnxruntime-node ${require('onnxruntime-node/package.json').version}, CPU`);
  console.log(`detector: batch ${images.length}, grid shape [${gridOut.dims}], max |grid - face-api| = ${gridMax.toExponential(2)}`);
  console.log(`expression: batch ${faces.length}, max |p - face-api| = ${probMax.toExponential(2)}, top label same ${topSame}/${faces.length}`);
  const ok = gridMax < 1e-3 && probMax < 1e-4 && topSame === faces.length;
  console.log(ok ? 'ORT CHECK OK' : 'ORT CHECK FAILED');
  process.exit(ok ? 0 : 1);
}

main().catch((e) => { console.error(e); process.exit(1); });
