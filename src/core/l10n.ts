/**
 * The translator seam for text worded below the VS Code layer (ages, page
 * text): those modules import no `vscode`, so they run in plain Node tests.
 * Activation points the seam at `vscode.l10n.t` (useTranslator); until then,
 * and in tests, messages are English with their `{0}` placeholders filled as
 * vscode.l10n.t fills them. Messages are literals at each call (`l10n.t('…')`),
 * so `npm run l10n` collects them into l10n/bundle.l10n.json with the rest.
 */

export type PlainArg = string | number | boolean;
export type Translate = (message: string, ...args: PlainArg[]) => string;

export const PLACEHOLDER = /\{(\d+)\}/g;

export const english: Translate = (message, ...args) =>
  message.replace(PLACEHOLDER, (whole, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : whole));

let translate: Translate = english;
let language = 'en';

/** A BCP 47 tag Intl accepts, else English: a display language such as `qps-ploc` must not break a page. */
function knownLanguage(tag: string | undefined): string {
  if (!tag) return 'en';
  try {
    return Intl.getCanonicalLocales(tag)[0] ?? 'en';
  } catch {
    return 'en';
  }
}

/**
 * The translator every message goes through from now on, and the display
 * language numbers are written in; `undefined` goes back to English.
 */
export function useTranslator(t: Translate | undefined, displayLanguage?: string): void {
  translate = t ?? english;
  language = t ? knownLanguage(displayLanguage) : 'en';
}

/** The display language, for `<html lang>`. */
export const displayLanguage = (): string => language;

/** 12,345 in English, 12.345 in German: counts and sizes as the reader writes them. */
export function formatCount(n: number): string {
  try {
    return n.toLocaleString(language);
  } catch {
    return n.toLocaleString('en');
  }
}

export const l10n = {
  t: (message: string, ...args: PlainArg[]): string => translate(message, ...args),
};
