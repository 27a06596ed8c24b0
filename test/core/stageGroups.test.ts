import assert from 'node:assert/strict';
import type { ModelVersion } from '../../src/core/types';
import { stageBadge } from '../../src/pages/components';
import { groupByStage } from '../../src/tree/stageGroups';
import { modelVersion } from '../helpers/modelVersion';

const v = (version: string, currentStage: string): ModelVersion => modelVersion({ name: 'm', version, currentStage });

describe('stage groups of the tree', () => {
  it('puts a stage outside the four in a group of its own, after them, losing no version', () => {
    const hostile = '[Open version](command:mlflowRegistry.serveModel?x)';
    const versions = [v('1', 'Archived'), v('2', hostile), v('3', 'Production'), v('4', 'Canary'), v('5', 'None'), v('6', 'Canary'), v('7', 'production')];
    const groups = groupByStage(versions);
    assert.deepEqual(
      groups.map((g) => [g.stage, g.known, g.versions.map((x) => x.version)]),
      [
        ['Production', true, ['3']],
        ['None', true, ['5']],
        ['Archived', true, ['1']],
        ['Canary', false, ['4', '6']],
        [hostile, false, ['2']],
        ['production', false, ['7']],
      ],
    );
    assert.equal(
      groups.reduce((n, g) => n + g.versions.length, 0),
      versions.length,
    );
  });

  it('makes no group for a stage no version is in', () => {
    assert.deepEqual(
      groupByStage([v('1', 'Staging')]).map((g) => g.stage),
      ['Staging'],
    );
    assert.deepEqual(groupByStage([]), []);
  });
});

describe('stage text on a page', () => {
  it('shows any stage as text, but makes a class name only of the four', () => {
    assert.equal(stageBadge('Production').value, '<span class="badge stage-production">Production</span>');
    assert.equal(stageBadge('x" onclick="a remote-images').value, '<span class="badge stage-other">x&quot; onclick=&quot;a remote-images</span>');
  });
});
