// Derives the lossless group-photo fixture ../fixtures/group_416x303.png from face-api's sample5.jpg:
// jpeg-js decode, crop the central 1664x1212 (all five faces stay inside), then an exact 4x4 box
// average (integer sum, round half up). Why: the Java preprocessing tests need lossless pixels of a
// multi-face image, and a PNG of the full 1920x1398 photo would be several MB. 416 px wide means
// face-api pads it to 416x416 and skips the resize, so its detector-input fixture is small and tests
// the bottom/right padding in isolation (grace_hopper tests the bilinear resize).
// Integer arithmetic only, so the output is the same on every machine.
//
//   node make_group_fixture.mjs   (run once; the PNG is committed, reference.mjs treats it as a fixture)
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const jpeg = require('jpeg-js');
const { PNG } = require('pngjs');

const HERE = path.dirname(fileURLToPath(import.meta.url));
const src = jpeg.decode(fs.readFileSync(path.join(HERE, '..', 'fixtures', 'sample5.jpg')), { useTArray: true, formatAsRGBA: false });
const F = 4;
const X0 = 128; // crop origin in sample5.jpg
const Y0 = 93;
const w = 416;
const h = 303;
const png = new PNG({ width: w, height: h, colorType: 2, inputColorType: 2, inputHasAlpha: false });
png.data = Buffer.alloc(w * h * 3);
for (let y = 0; y < h; y++) {
  for (let x = 0; x < w; x++) {
    for (let c = 0; c < 3; c++) {
      let sum = 0;
      for (let dy = 0; dy < F; dy++) for (let dx = 0; dx < F; dx++) sum += src.data[((Y0 + y * F + dy) * src.width + (X0 + x * F + dx)) * 3 + c];
      png.data[(y * w + x) * 3 + c] = Math.floor((sum + (F * F) / 2) / (F * F)); // round half up
    }
  }
}
const out = path.join(HERE, '..', 'fixtures', `group_${w}x${h}.png`);
fs.writeFileSync(out, PNG.sync.write(png, { colorType: 2, inputColorType: 2, inputHasAlpha: false }));
console.log(`wrote ${out} (${w}x${h}) from sample5.jpg ${src.width}x${src.height}`);
