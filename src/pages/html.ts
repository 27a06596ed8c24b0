import type { PageWords } from './messages';
import { displayLanguage } from '../core/l10n';

/**
 * HTML built by the extension for its pages. Every interpolated value is
 * escaped unless it is already `SafeHtml` (built here, or Markdown that went
 * through the sanitizer). No vscode import: pages render in plain Node tests.
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | HtmlValue[];

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => ESCAPES[c]);
}

function piece(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(piece).join('');
  return escapeHtml(String(value));
}

/** Tagged template: `html\`<td>${untrusted}</td>\`` escapes; attributes must be quoted in the template. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += piece(values[i]) + strings[i + 1];
  return new SafeHtml(out);
}

/** Trusted markup produced by code (e.g. the sanitizer's output). */
export function trusted(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/** A fresh value for each rendered document, for the CSP's script nonce. */
export function makeNonce(random: (n: number) => Buffer): string {
  return random(18)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, '');
}

export interface DocumentParts {
  title: string;
  /** The webview's own origin for resources (Webview.cspSource). */
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
  /** JSON the page script keeps as its state, so the serializer can reopen the page. */
  target: unknown;
  /** The registry the page belongs to, kept in the page's state with the target. */
  registry?: unknown;
  body: SafeHtml;
  /** The words the page script shows by itself, in the display language. */
  words: PageWords;
  /** Only for a render where the user (or the setting) let remote images load. */
  remoteImages?: boolean;
}

/**
 * The whole document. CSP: nothing by default; our stylesheet; images from our
 * origin and data:, and from https only when this render allows remote images;
 * one script, carrying this render's nonce. No inline styles or handlers are
 * allowed, and none are written.
 */
export function renderDocument(p: DocumentParts): string {
  const csp = [
    "default-src 'none'",
    `style-src ${p.cspSource}`,
    `img-src ${p.cspSource} data:${p.remoteImages ? ' https:' : ''}`,
    `font-src ${p.cspSource}`,
    `script-src 'nonce-${p.nonce}'`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-src 'none'",
  ].join('; ');
  return html`<!DOCTYPE html>
<html lang="${displayLanguage()}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${trusted(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${p.styleUri}">
<title>${p.title}</title>
</head>
<body data-target="${JSON.stringify(p.target)}" data-registry="${JSON.stringify(p.registry ?? null)}" data-words="${JSON.stringify(p.words)}">
<div id="status" class="visually-hidden" role="status" aria-live="polite"></div>
<main id="page">${p.body}</main>
<script nonce="${p.nonce}" src="${p.scriptUri}"></script>
</body>
</html>`.value;
}
