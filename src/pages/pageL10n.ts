import { escapeHtml, html, SafeHtml, type HtmlValue } from './html';

/**
 * Page text goes through `l10n.t` here rather than `vscode.l10n.t`: the page
 * builders import no `vscode`, so they render in plain Node tests. Activation
 * points the seam at `vscode.l10n.t` (useTranslator); until then, and in
 * tests, messages are English with their `{0}` placeholders filled as
 * vscode.l10n.t fills them. Messages are literals, so `npm run l10n` collects
 * them into l10n/bundle.l10n.json with the rest.
 */

export type PlainArg = string | number | boolean;
export type Translate = (message: string, ...args: PlainArg[]) => string;

const PLACEHOLDER = /\{(\d+)\}/g;

export const english: Translate = (message, ...args) =>
  message.replace(PLACEHOLDER, (whole, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : whole));

let translate: Translate = english;

/** The translator every page message goes through from now on; `undefined` goes back to English. */
export function useTranslator(t: Translate | undefined): void {
  translate = t ?? english;
}

const isPlain = (v: HtmlValue): v is PlainArg => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/**
 * Values that are markup (a `<code>` name, a button) keep their markup: the
 * translated message is cut at its placeholders, its own text escaped, and
 * each value put back through the same escaping as `html`.
 */
function withMarkup(message: string, args: HtmlValue[]): SafeHtml {
  const template = translate(message, ...args.map((_, i) => `{${i}}`));
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
  return args.every(isPlain) ? translate(message, ...args) : withMarkup(message, args);
}

export const l10n = { t };
