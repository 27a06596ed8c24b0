// `npm run icon`: media/icon.png, the 128×128 Marketplace icon, drawn from the
// activity-bar glyph media/mlflow-registry.svg so the two never drift apart.
// The glyph is monochrome (currentColor); the icon puts it in white on a
// rounded tile, since the Marketplace shows icons on light and dark pages.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { log, ROOT } from './lib/ensure.mjs';

const SIZE = 128;
const TILE = '#0194e2';
const GLYPH = '#ffffff';

const source = readFileSync(join(ROOT, 'media', 'mlflow-registry.svg'), 'utf8');
const inner = /<svg[^>]*>([\s\S]*)<\/svg>/.exec(source)?.[1];
if (!inner) throw new Error('media/mlflow-registry.svg has no <svg> element');
const viewBox = /viewBox="([^"]+)"/.exec(source)?.[1] ?? '0 0 24 24';
const attrs = /<svg([^>]*)>/
  .exec(source)[1]
  .replace(/\s(xmlns|width|height|viewBox)="[^"]*"/g, '')
  .replaceAll('currentColor', GLYPH);

// The glyph's 24-unit box, scaled into the tile with a margin of 3 units.
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 30 30">
  <rect width="30" height="30" rx="6" fill="${TILE}"/>
  <svg x="3" y="3" width="24" height="24" viewBox="${viewBox}"${attrs}>${inner.replaceAll('currentColor', GLYPH)}</svg>
</svg>`;

const png = new Resvg(svg, { fitTo: { mode: 'width', value: SIZE } }).render().asPng();
const out = join(ROOT, 'media', 'icon.png');
writeFileSync(out, png);
log(`wrote media/icon.png (${SIZE}×${SIZE}, ${png.length} bytes)`);
