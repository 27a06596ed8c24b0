import assert from 'node:assert/strict';
import type { ExtensionApi } from '../../src/extension';
import type { CompareData } from '../../src/pages/compareData';
import type { PageTarget } from '../../src/pages/messages';
import { allLogText, openedExtension, run, waitFor } from './helpers';

const IRIS = (version: string | number) => ({ name: 'iris-classifier', version });

/** Compare Versions with argument objects: bad lists are refused with a message naming the fault, good ones open one page. */
describe('compareVersions with argument objects', function () {
  this.timeout(60_000);
  let api: ExtensionApi;

  before(async () => {
    api = await openedExtension();
  });

  const comparePages = () => api.pages.openPages().filter((p) => p.target.kind === 'compare');

  /** The command returns nothing, opens no page, and the log has the message. */
  async function refused(arg: unknown, message: string): Promise<void> {
    const pagesBefore = comparePages().length;
    assert.equal(await run('compareVersions', arg), undefined);
    await waitFor(`the log to say: ${message}`, () => (allLogText(api.logDir).includes(message) ? true : undefined));
    assert.equal(comparePages().length, pagesBefore, 'no comparison page opened');
  }

  it('refuses a list that is missing, too short, malformed or repeats a version, naming what was wrong', async () => {
    await refused({}, "Argument 'versions' must be a list of { name, version } objects.");
    await refused({ versions: [IRIS('1')] }, "Argument 'versions' must name two or more versions to compare, got 1.");
    await refused({ versions: [IRIS('1'), 'iris-classifier/2'] }, "Argument 'versions[1]' must be an object { name, version }.");
    await refused({ versions: [IRIS('1'), { name: 7, version: '2' }] }, "Argument 'versions[1].name' must be a registered model's name.");
    await refused({ versions: [IRIS('1'), IRIS('2; rm -rf /')] }, "Argument 'versions[1].version' must be a version number, got '2; rm -rf /'.");
    await refused({ versions: [IRIS('1'), IRIS(1)] }, "Argument 'versions[1]' names iris-classifier version 1 a second time.");
    const nine = Array.from({ length: 9 }, (_, i) => IRIS(i + 1));
    await refused({ versions: nine }, "Argument 'versions' names 9 versions; at most 8 can be compared at once.");
  });

  it('opens one comparison page for iris-classifier v1, v2, v3 and reads their runs', async () => {
    const target = await run<PageTarget>('compareVersions', { versions: [IRIS('1'), IRIS(2), IRIS('03')] });
    assert.deepEqual(target, { kind: 'compare', versions: [IRIS('1'), IRIS('2'), IRIS('3')] });
    const page = api.pages.find(target);
    assert.ok(page, 'the page is open');
    const data = await waitFor('the comparison to be read', () => {
      const d = page.content?.data as CompareData | undefined;
      return d?.complete ? d : undefined;
    });
    assert.deepEqual(
      data.columns.map((c) => c.run?.params.C),
      ['0.01', '1.0', '10.0'],
    );
    // The same list again brings the same page forward.
    await run('compareVersions', { versions: [IRIS('1'), IRIS('2'), IRIS('3')] });
    assert.equal(comparePages().length, 1);
  });
});
