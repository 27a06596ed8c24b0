// The .vsix users install: the minified bundle, the native better-sqlite3 build
// for this platform and Node ABI, the icon, and the manifest and docs. What
// goes in is decided by .vscodeignore.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { bundleExtension, nativeName } from './bundle.mjs';
import { ensureNpmDependencies, log, ROOT, run } from './ensure.mjs';

const VSCE = join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');

export function readManifest() {
  return JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
}

/** The extension id (publisher.name) and version, as VS Code names the installed folder. */
export function extensionIdentity(manifest = readManifest()) {
  const id = `${manifest.publisher}.${manifest.name}`;
  return { id, version: manifest.version, folderName: `${id}-${manifest.version}`.toLowerCase() };
}

export function vsixPathFor(manifest = readManifest()) {
  return join(ROOT, `${manifest.name}-${manifest.version}.vsix`);
}

/**
 * Builds <ROOT>/<name>-<version>.vsix. --no-dependencies: the bundle holds all
 * the JS, so node_modules/ stays out. Returns its path, size and identity.
 */
export async function packageVsix() {
  ensureNpmDependencies();
  await bundleExtension({ minify: true });
  const manifest = readManifest();
  const vsixPath = vsixPathFor(manifest);
  log(`packaging ${vsixPath} with @vscode/vsce…`);
  run(process.execPath, [VSCE, 'package', '--no-dependencies', '--allow-missing-repository', '--out', vsixPath]);
  const bytes = statSync(vsixPath).size;
  log(`packaged ${vsixPath} (${(bytes / 1024).toFixed(0)} KiB)`);
  return { vsixPath, bytes, native: nativeName(), ...extensionIdentity(manifest) };
}

/**
 * The entry names of a zip file, read from its central directory (enough for a
 * .vsix, which vsce writes without zip64 or a trailing comment of any size that
 * matters). Saves a dependency on unzip or a zip library.
 */
export function zipEntries(path) {
  const buf = readFileSync(path);
  // End of central directory record: signature 0x06054b50, within the last 64 KiB + 22 bytes.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error(`${path} is not a zip file (no end of central directory record)`);
  const count = buf.readUInt16LE(eocd + 10);
  let offset = buf.readUInt32LE(eocd + 16);
  const entries = [];
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(offset) !== 0x02014b50) throw new Error(`${path}: bad central directory entry ${n}`);
    const size = buf.readUInt32LE(offset + 24);
    const nameLength = buf.readUInt16LE(offset + 28);
    const extraLength = buf.readUInt16LE(offset + 30);
    const commentLength = buf.readUInt16LE(offset + 32);
    entries.push({ name: buf.toString('utf8', offset + 46, offset + 46 + nameLength), size });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}
