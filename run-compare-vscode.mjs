import { bundleExtension } from '/work/wt-compare/scripts/lib/bundle.mjs';
import { runVscodeSuite } from '/work/wt-compare/scripts/lib/vscodeSuites.mjs';
await bundleExtension();
console.log(JSON.stringify(await runVscodeSuite({ label: 'compare commands', suites: ['commandsCompare', 'commandsManifest'] })));
