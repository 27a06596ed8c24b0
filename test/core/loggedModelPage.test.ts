import assert from 'node:assert/strict';
import type { LoggedModel, ModelVersion } from '../../src/core/types';
import { loggedModelHoverLines } from '../../src/language/loggedModelHover';
import { renderMarkdownBounded } from '../../src/pages/markdown';
import type { VersionPageData } from '../../src/pages/versionData';
import { renderVersionPage } from '../../src/pages/versionPage';
import { modelVersion } from '../helpers/modelVersion';

const EVIL = `"><img src=x onerror=alert(1)><script>alert(2)</script>`;
const LINK = '[open](command:workbench.action.terminal.new)';
const ID = 'm-e9147219763b442ba2b4ce6d93c61294';
const RUN = '56a6506eceaf4437990e9729794aa22b';

const version = (name: string, number: string): ModelVersion => modelVersion({ name, version: number, source: `models:/${ID}`, runId: RUN });

const logged: LoggedModel = {
  modelId: ID,
  experimentId: '1',
  name: EVIL,
  artifactLocation: `/tmp/${EVIL}`,
  sourceRunId: RUN,
  status: 'LOGGED_MODEL_READY',
  creationTimestamp: 1796135835467,
  lastUpdatedTimestamp: 1796135840468,
  tags: {},
  params: { [EVIL]: EVIL, C: '1.0', [LINK]: LINK },
  metrics: [
    { key: 'accuracy', value: 0.9333333333333333, timestamp: 1796135840543, step: 7, runId: RUN, datasetName: 'tickets-holdout', datasetDigest: '3680bfdd' },
    { key: EVIL, value: 1.5, timestamp: 1796135840555, step: 0, runId: RUN, datasetName: EVIL, datasetDigest: null },
  ],
};

/** The page as rendered from data read elsewhere; run and files are not part of these tests. */
function render(current: ModelVersion, logged?: VersionPageData['logged']): string {
  const data: VersionPageData = {
    version: current,
    run: null,
    runError: 'not read in this test',
    experiment: null,
    siblings: [current],
    logged,
    source: null,
    storage: null,
    mlmodel: null,
    uris: [],
    access: { writable: true },
    trackingUri: '',
  };
  return String(renderVersionPage(data, renderMarkdownBounded(null)));
}

function page(): string {
  const current = version('ticket-router', '2');
  return render(current, { modelId: ID, model: logged, registeredAs: [current, version(EVIL, '5')] });
}

describe('version page of a version registered from a logged model', () => {
  it('shows each metric with its value, step and dataset', () => {
    const out = page();
    const table = /<table class="data" id="logged-model-metrics">.*?<\/table>/s.exec(out)?.[0] ?? '';
    assert.match(
      table,
      /<code>accuracy<\/code><\/th><td class="num" data-value="0\.9333333333333333"[^>]*>0\.933333<\/td><td class="num">7<\/td><td>tickets-holdout <span class="muted">digest <code>3680bfdd<\/code><\/span><\/td>/,
    );
    assert.match(out, /id="logged-model-params".*<code>C<\/code><\/th><td><code>1\.0<\/code>/s);
    assert.match(out, new RegExp(`<code>${ID}</code>`));
  });

  it('escapes the logged model’s name, params, metric keys and dataset names', () => {
    const out = page();
    assert.doesNotMatch(out, /<img|<script/i);
    assert.match(out, /&lt;img src=x onerror=alert\(1\)&gt;/);
  });

  it('draws the logged model between the run and the versions registered from it, which open their page', () => {
    const out = page();
    const svg = /<svg class="lineage".*?<\/svg>/s.exec(out)?.[0] ?? '';
    assert.match(svg, /class="node logged-model"/);
    assert.match(svg, /class="node version current"[^>]*aria-current="page"/);
    assert.match(svg, /data-open-version="5"/);
    assert.match(out, /id="logged-model-versions".*data-open-version="5"/s);
    assert.doesNotMatch(svg, /<img|<script/i);
  });

  it('a page without a logged model has no such section', () => {
    assert.doesNotMatch(render({ ...version('m', '1'), source: '/tmp/model', runId: null }), /logged-model/);
  });
});

describe('models:/m-… hover of a logged model', () => {
  it('names the model, its status and run, and a few params and metrics with dataset and step, all escaped', () => {
    const text = loggedModelHoverLines(`models:/${ID}`, logged).join('\n\n');
    assert.match(text, /ready · run `56a6506e`/);
    assert.match(text, /`accuracy` 0\\\.933333 \(on tickets\\-holdout, step 7\)/);
    assert.match(text, /`C` = `1\.0`/);
    // Registry text never becomes a link, HTML or an icon: outside code spans it is escaped.
    const outsideCode = text.replace(/`[^`]*`/g, '');
    assert.doesNotMatch(outsideCode, /\[open\]\(command:|(^|[^\\])<(img|script)/);
    assert.match(outsideCode, /\\<img src\\=x/);
  });
});
