// UI test: a version page of a REMOTE registry shows the MLmodel's signature and
// input example, read through the server's artifact routes (issue 14). The
// MLflow-like test server plays `mlflow server --serve-artifacts` over the
// fixture's mlruns; the workbench reaches it through the palette, as a user does.
// Screenshot: test-results/screenshots/remote-version-files.png.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { FIXTURE_PROJECT } from '../../scripts/lib/vscodeSuites.mjs';
import { FIXTURE_MODELS } from './fixture.mjs';
import { useMlflowServer } from './mlflowServer.mjs';
import { modelsTree, topLevel } from './modelsTree.mjs';
import { activityBarEntry, useWorkbench } from './workbenchSession.mjs';

const HEADING = 'iris-classifier version 3';
// The server serves the local fixture plus this model, so the tree shows which
// registry it lists: rows expanded before the switch would be replaced under the clicks.
const SERVER_ONLY = 'served-only-model';

describe('A remote version page reads its model files through the server (code-server + Chromium)', function () {
  const remote = useMlflowServer({
    name: 'remote-files',
    artifacts: { mlruns: join(FIXTURE_PROJECT, 'mlruns'), proxied: true },
    seed: (s) => s.registry.createRegisteredModel({ name: SERVER_ONLY }),
  });
  const ui = useWorkbench({ name: 'remote-files', shotPrefix: 'remote-', restingMouse: [1390, 890] });
  const {
    session,
    assertEventually,
    shot,
    expandRow,
    quickInput,
    runFromPalette,
    answerInputBox,
    waitForQuickInputTitle,
    quickInputClosed,
    clearNotifications,
  } = ui;
  const { row, waitForTree } = modelsTree(() => session.page, ui);

  /** The webview document whose heading is HEADING, once it is there. */
  const versionFrame = () =>
    assertEventually(async () => {
      const frames = session.page.frames().filter((f) => f.url().includes('/webview/'));
      const headings = await Promise.all(
        frames.map((f) =>
          f
            .locator('main#page h1')
            .textContent({ timeout: 1000 })
            .catch(() => ''),
        ),
      );
      const at = headings.findIndex((h) => h.replace(/\s+/g, ' ').trim() === HEADING);
      assert.ok(at >= 0, `a page titled "${HEADING}" (seen: ${JSON.stringify(headings)})`);
      return frames[at];
    }, `the page "${HEADING}"`);

  it('connects to the server, opens iris-classifier version 3 and shows its signature and input example', async function () {
    const { page } = session;
    await activityBarEntry(page).click();
    await waitForTree((r) => assert.deepEqual(topLevel(r), FIXTURE_MODELS), 'the local models', 90_000);

    await runFromPalette('MLflow: Connect to an MLflow Server');
    await answerInputBox('Connect to an MLflow Server', remote.url);
    await page.keyboard.press('Enter');
    await waitForQuickInputTitle(`Sign in to ${remote.url}`);
    await quickInput().locator('.quick-input-list .monaco-list-row[aria-label^="No authentication"]').click();
    await quickInputClosed();
    await assertEventually(
      async () => assert.ok((await page.locator('#workbench\\.parts\\.statusbar').innerText()).includes(remote.url)),
      'the status bar names the server',
    );
    await waitForTree((r) => {
      assert.deepEqual(topLevel(r), [...FIXTURE_MODELS, SERVER_ONLY].sort());
      assert.ok(
        r.every((x) => /, \d+ versions?\b/.test(x.ariaLabel)),
        'every model shows its version count',
      );
    }, "the server's models, counted");

    await expandRow(row(1, 'iris-classifier'));
    await expandRow(row(2, 'Production'));
    const before = remote.server.requests.length;
    await row(3, 'Version 3 ').click();
    await page.mouse.move(900, 820);
    const frame = await versionFrame();

    const signature = await assertEventually(async () => {
      const names = await frame.locator('#signature-inputs tbody th').allInnerTexts();
      assert.deepEqual(names, ['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', 'petal width (cm)']);
      return names;
    }, 'the signature read through the server');
    assert.equal(signature.length, 4);
    const example = await frame.locator('#input-example thead th').allInnerTexts();
    assert.deepEqual(example, signature, 'the input example has the signature columns');
    assert.ok((await frame.locator('#input-example tbody tr').count()) > 0, 'and rows');
    assert.match(await frame.locator('#requirements').innerText(), /^mlflow==2\.17\.2/);
    assert.ok((await frame.locator('#model-files tbody th').allInnerTexts()).includes('model.pkl'));

    const asked = remote.server.requests.slice(before).map((r) => r.path);
    assert.ok(
      asked.includes('/api/2.0/mlflow-artifacts/artifacts/1/5bb798385d424ff19b90fbc239162498/artifacts/model/MLmodel'),
      'the MLmodel came from the server',
    );
    assert.ok(asked.includes('/api/2.0/mlflow-artifacts/artifacts/1/5bb798385d424ff19b90fbc239162498/artifacts/model/input_example.json'));

    assert.equal(await frame.locator('button[data-action="downloadModelFiles"]').count(), 1, 'the page offers Download Model Files…');

    await clearNotifications();
    await frame.locator('#signature-inputs').scrollIntoViewIfNeeded();
    await shot('version-files');
  });
});
