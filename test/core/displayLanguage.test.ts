import assert from 'node:assert/strict';
import { age, versionDescription } from '../../src/core/displayText';
import { displayLanguage, english, formatCount, useTranslator } from '../../src/core/l10n';
import { html, renderDocument } from '../../src/pages/html';
import { pageWords } from '../../src/pages/pageWords';
import type { ModelVersion } from '../../src/core/types';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 2);

/** A translator that answers in a recognisable "language": each message reversed word by word. */
const mirrored = (message: string, ...args: (string | number | boolean)[]) =>
  english(message, ...args)
    .split(' ')
    .reverse()
    .join(' ');

describe('text below the VS Code layer follows the display language', () => {
  afterEach(() => useTranslator(undefined));

  it('ages in tree rows and tooltips go through the translator, one message per unit and plural', () => {
    assert.equal(age(NOW - 3 * DAY, NOW), '3 days ago');
    assert.equal(age(NOW - DAY, NOW), '1 day ago');
    assert.equal(age(NOW - 10_000, NOW), 'just now');
    useTranslator(mirrored, 'de');
    assert.equal(age(NOW - 3 * DAY, NOW), 'ago days 3');
    assert.equal(age(NOW - 2 * 365 * DAY, NOW), 'ago years 2');
    const v = { version: '3', creationTimestamp: NOW - 3 * DAY } as ModelVersion;
    assert.equal(versionDescription(v, ['champion'], 'logreg', NOW), '@champion · logreg · ago days 3');
  });

  it('counts are written as the display language writes numbers, and pages declare that language', () => {
    assert.equal(formatCount(12345), '12,345');
    useTranslator(mirrored, 'de');
    assert.equal(formatCount(12345), '12.345');
    assert.equal(displayLanguage(), 'de');
    const page = renderDocument({
      cspSource: 'vscode-resource:',
      nonce: 'n0nce',
      styleUri: 'style.css',
      scriptUri: 'page.js',
      title: 't',
      target: { kind: 'model', name: 'm' },
      body: html`<p>x</p>`,
      words: pageWords(),
    });
    assert.match(page, /<html lang="de">/);
  });

  it('a display language Intl cannot read falls back to English instead of breaking a page', () => {
    useTranslator(mirrored, 'not a language tag');
    assert.equal(displayLanguage(), 'en');
    assert.equal(formatCount(1000), '1,000');
    useTranslator(undefined, 'de');
    assert.equal(displayLanguage(), 'en', 'no translator: English throughout');
  });
});
