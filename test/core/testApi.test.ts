import assert from 'node:assert/strict';
import { exposesTestApi, TEST_API_ENV } from '../../src/app/testApi';

describe('the test-only extension API', () => {
  it('is handed out in test mode or under the test harness variable, and not otherwise', () => {
    assert.equal(exposesTestApi(true, {}), true);
    assert.equal(exposesTestApi(false, { [TEST_API_ENV]: '1' }), true);
    assert.equal(exposesTestApi(false, {}), false);
    assert.equal(exposesTestApi(false, { [TEST_API_ENV]: 'yes' }), false);
  });
});
