// The .vsix files users install: the minified bundle, the icon, the manifest,
// its localizations and the docs, in two targets:
//   universal  no native build; hosts whose Node has node:sqlite (22.13+):
//              desktop VS Code 1.101+, code-server after 4.100, newer remotes.
//   linux-x64  adds better-sqlite3 built for Node 20 (ABI 115), for Linux x64
//              hosts on Node 20 (VS Code Server, Remote-SSH, WSL, containers and
//              code-server up to VS Code 1.100).
// What goes in is decided by .vscodeignore (universal) and
// .vscodeignore.linux-x64; `vsce package --target` marks the platform.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { bundleExtension, nativeName } from './bundle.mjs';
import { ensureNpmDependencies, log, ROOT, run } from './ensure.mjs';

const VSCE = join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');

/** Each target: its vsce --target (none for universal), ignore file, and the native build it must carry. */
export const TARGETS = {
  universal: { vsceTarget: undefined, ignoreFile: '.vscodeignore', native: undefined },
  'linux-x64': { vsceTarget: 'linux-x64', ignoreFile: '.vscodeignore.linux-x64', native: { platform: 'linux', arch: 'x64', abi: '115' } },
};

export function readManifest() {
  return JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
}

/**
 * The extension id (publisher.name) and version, and the folder VS Code
 * installs it in: <id>-<version>, for a platform-specific package too (code-server
 * 4.100 names the folder of the linux-x64 package so when installing from a file).
 */
export function extensionIdentity(manifest = readManifest()) {
  const id = `${manifest.publisher}.${manifest.name}`;
  return { id, version: manifest.version, folderName: `${id}-${manifest.version}`.toLowerCase() };
}

export function vsixPathFor(manifest = readManifest(), target = 'universal') {
  const suffix = target === 'universal' ? '' : `-${target}`;
  return join(ROOT, `${manifest.name}-${manifest.version}${suffix}.vsix`);
}

/**
 * Builds <ROOT>/<name>-<version>[-<target>].vsix. --no-dependencies: the bundle
 * holds all the JS, so node_modules/ stays out. Returns its path, size and identity.
 */
export async function packageVsix({ target = 'universal' } = {}) {
  const spec = TARGETS[target];
  if (!spec) throw new Error(`unknown package target "${target}"; use one of: ${Object.keys(TARGETS).join(', ')}`);
  const { native } = spec;
  if (native && (process.platform !== native.platform || process.arch !== native.arch || process.versions.modules !== native.abi)) {
    throw new Error(
      `the ${target} package carries better-sqlite3 for ${native.platform}-${native.arch} ABI ${native.abi} (Node 20); ` +
        `this is ${process.platform}-${process.arch} on Node ${process.versions.node} (ABI ${process.versions.modules}): package it on Linux x64 with Node 20`,
    );
  }
  ensureNpmDependencies();
  await bundleExtension({ minify: true });
  const manifest = readManifest();
  const vsixPath = vsixPathFor(manifest, target);
  log(`packaging ${vsixPath} (${target}) with @vscode/vsce…`);
  const targetArgs = spec.vsceTarget ? ['--target', spec.vsceTarget] : [];
  run(process.execPath, [VSCE, 'package', ...targetArgs, '--no-dependencies', '--ignoreFile', spec.ignoreFile, '--out', vsixPath]);
  const bytes = statSync(vsixPath).size;
  log(`packaged ${vsixPath} (${(bytes / 1024).toFixed(0)} KiB)`);
  return { vsixPath, bytes, target, native: native ? nativeName(native.abi) : undefined, ...extensionIdentity(manifest) };
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
    const method = buf.readUInt16LE(offset + 10);
    const compressedSize = buf.readUInt32LE(offset + 20);
    const localHeader = buf.readUInt32LE(offset + 42);
    entries.push({ name: buf.toString('utf8', offset + 46, offset + 46 + nameLength), size, text: () => entryText(buf, localHeader, method, compressedSize) });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** An entry's content as UTF-8: stored (0) or deflated (8), the two methods vsce writes. */
function entryText(buf, localHeader, method, compressedSize) {
  if (buf.readUInt32LE(localHeader) !== 0x04034b50) throw new Error('bad local file header');
  const start = localHeader + 30 + buf.readUInt16LE(localHeader + 26) + buf.readUInt16LE(localHeader + 28);
  const data = buf.subarray(start, start + compressedSize);
  if (method === 0) return data.toString('utf8');
  if (method === 8) return inflateRawSync(data).toString('utf8');
  throw new Error(`zip compression method ${method} is not read here`);
}
