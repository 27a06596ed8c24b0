import { genaiWorkspace, runVscodeSuite } from '/work/wt-p1/scripts/lib/vscodeSuites.mjs';
const r = await runVscodeSuite({ label: 'prompts', suites: ['prompts'], workspace: genaiWorkspace() });
console.log(JSON.stringify(r));
process.exit(0);
