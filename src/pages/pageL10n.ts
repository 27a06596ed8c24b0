import { l10n as plain, PLACEHOLDER, type PlainArg } from '../core/l10n';
import { escapeHtml, html, SafeHtml, type HtmlValue } from './html';

/**
 * Page text goes through core's translator seam (src/core/l10n.ts) and, where
 * a value is markup, through `t` below, which keeps that markup intact.
 */
export { english, useTranslator, type PlainArg, type Translate } from '../core/l10n';

const isPlain = (v: HtmlValue): v is PlainArg => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/**
 * Values that are markup (a `<code>` name, a button) keep their markup: the
 * translated message is cut at its placeholders, its own text escaped, and
 * each value put back through the same escaping as `html`.
 */
function withMarkup(message: string, args: HtmlValue[]): SafeHtml {
  const template = plain.t(message, ...args.map((_, i) => `{${i}}`));
  let out = '';
  let last = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    const i = Number(m[1]);
    if (i >= args.length) continue;
    out += escapeHtml(template.slice(last, m.index)) + markup(args[i]);
    last = m.index + m[0].length;
  }
  return new SafeHtml(out + escapeHtml(template.slice(last)));
}

const markup = (value: HtmlValue): string => html`${value}`.value;

function t(message: string, ...args: PlainArg[]): string;
function t(message: string, ...args: HtmlValue[]): SafeHtml;
function t(message: string, ...args: HtmlValue[]): string | SafeHtml {
  return args.every(isPlain) ? plain.t(message, ...args) : withMarkup(message, args);
}

export const l10n = { t };
