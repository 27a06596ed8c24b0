// The Marketplace-facing parts as a user meets them in the workbench: command
// titles resolved from package.nls.json in the palette, and the Get Started
// walkthrough with its steps. Screenshots: test-results/screenshots/.
import assert from 'node:assert/strict';
import { activityBarEntry, useWorkbench } from './workbenchSession.mjs';

const WALKTHROUGH = 'Get Started with the MLflow Model Registry';
const STEPS = ['Open or create an mlflow.db', 'Connect to an MLflow server', 'Register a model from a folder', 'Use models:/ URIs in code'];

describe('the localized manifest and the Get Started walkthrough in the workbench', function () {
  const { session, assertEventually, shot, quickInput, paletteRows, runFromPalette } = useWorkbench({ name: 'walkthrough', restingMouse: [1000, 850] });
  let page;
  before(() => (page = session.page));

  it('shows the command titles from package.nls.json in the palette, no %key% left', async () => {
    // The list is virtual: only the rows in view exist, so each title is looked for on its own.
    const labels = await paletteRows('MLflow: ', 'MLflow: Connect to an MLflow Server…');
    assert.deepEqual(
      labels.filter((l) => /%[\w.]+%/.test(l)),
      [],
      'unresolved placeholders',
    );
    console.log(`      screenshot: ${await shot('palette-localized')}`);
    await page.keyboard.press('Escape');
    await paletteRows('MLflow: Select Registry', 'MLflow: Select Registry…');
    await page.keyboard.press('Escape');
  });

  it('opens the Get Started walkthrough with its four steps, and checks one off when its event happens', async () => {
    await runFromPalette('Welcome: Open Walkthrough');
    await quickInput().locator(`.quick-input-list .monaco-list-row[aria-label*="${WALKTHROUGH}"]`).first().click();
    const steps = page.locator('.getting-started-step');
    await assertEventually(async () => {
      const titles = await steps.evaluateAll((els) => els.map((e) => e.querySelector('.step-title')?.textContent?.trim() ?? ''));
      assert.deepEqual(titles, STEPS);
    }, 'the walkthrough steps');
    console.log(`      screenshot: ${await shot('walkthrough')}`);
    // A step is done when its check mark (data-done-step-id) reads aria-checked="true".
    const done = () => steps.evaluateAll((els) => els.map((e) => e.querySelector('[data-done-step-id]')?.getAttribute('aria-checked') === 'true'));
    // workspaceContains:mlflow.db alone activates the extension, which opens the workspace's registry.
    await page.locator('.part.statusbar').getByText('MLflow: mlflow.db').waitFor({ state: 'visible', timeout: 120_000 });
    // Step 1 also lists onContext:mlflowRegistry.state == open. The workbench (4.100) records a context
    // event that already holds when the walkthrough is registered as seen without ticking the step, and
    // the workspace's registry opens before that here; so its state is only reported. Opening a registry
    // later, or the step's commands, tick it.
    console.log(`      steps done once the registry is open: ${JSON.stringify(await done())}`);
    // Showing the Models view is the completion event of the last step (onView:mlflowRegistry.models).
    assert.equal((await done())[3], false, 'the models:/ step is not done before the view was shown');
    await activityBarEntry(page).click();
    await page.locator('.part.sidebar .monaco-list-row[aria-level="1"]').first().waitFor({ state: 'visible', timeout: 120_000 });
    await assertEventually(async () => assert.equal((await done())[3], true, `completion: ${JSON.stringify(await done())}`), 'the models:/ step checked off');
    console.log(`      screenshot: ${await shot('walkthrough-step-done')}`);
  });
});
