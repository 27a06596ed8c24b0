import assert from 'node:assert/strict';
import { acceptedModel } from '../../src/explorer/acceptedModel';

const models = ['churn-model', 'diabetes-prod', 'diabetes-regressor', 'iris', 'iris-classifier'].map((name) => ({ name, isNew: false }));
const named = (name: string) => models.find((m) => m.name === name)!;

describe('the model an Enter in the model pick means', () => {
  it('a row that cannot be shown under the typed name gives way to the model of exactly that name', () => {
    assert.equal(acceptedModel(named('diabetes-regressor'), 'diabetes-prod', models), named('diabetes-prod'));
  });

  it('keeps a row the user could have moved to under the typed text', () => {
    assert.equal(acceptedModel(named('iris-classifier'), 'iris', models), named('iris-classifier'));
    assert.equal(acceptedModel(named('diabetes-prod'), 'diabetes-prod', models), named('diabetes-prod'));
  });

  it('keeps the chosen row when no model has the typed name, and a new name as typed', () => {
    assert.equal(acceptedModel(named('churn-model'), 'diab', models), named('churn-model'));
    const fresh = { name: 'brand-new', isNew: true };
    assert.equal(acceptedModel(fresh, 'brand-new', models), fresh);
    assert.equal(acceptedModel(undefined, 'diabetes-prod', models), undefined);
  });
});
