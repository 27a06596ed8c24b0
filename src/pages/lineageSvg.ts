import { html, type SafeHtml } from './html';
import { l10n } from './pageL10n';

export interface LineageInput {
  experiment: { id: string; name: string | null } | null;
  run: { id: string; name: string | null; status: string | null };
  /** The MLflow 3 logged model between the run and the versions registered from it. */
  loggedModel?: { id: string; name: string | null; status: string | null } | null;
  /**
   * Versions registered from this run or its logged model, in any model; `current` is the page's own.
   * Those `fromLoggedModel` come first and hang off the logged model, the rest off the run.
   */
  versions: { name: string; version: string; stage: string; current: boolean; fromLoggedModel?: boolean }[];
}

const NODE_W = 200;
const NODE_H = 44;
const GAP_X = 56;
const GAP_Y = 12;
const PAD = 8;

function clip(text: string, max = 26): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function node(x: number, y: number, kind: string, title: string, subtitle: string, full: string, extra: SafeHtml | '' = ''): SafeHtml {
  return html`<g class="node ${kind}" transform="translate(${x} ${y})"${extra}>
<title>${full}</title>
<rect width="${NODE_W}" height="${NODE_H}" rx="4" ry="4"></rect>
<text x="10" y="18" class="node-title">${clip(title)}</text>
<text x="10" y="34" class="node-sub">${clip(subtitle, 30)}</text>
</g>`;
}

function edge(x1: number, y1: number, x2: number, y2: number): SafeHtml {
  const mid = (x1 + x2) / 2;
  return html`<path class="edge" d="M${x1} ${y1} C${mid} ${y1}, ${mid} ${y2}, ${x2 - 6} ${y2}" marker-end="url(#arrow)"></path>`;
}

/**
 * Experiment → run → (logged model →) every version registered from them, as a small inline
 * SVG (no library). Version nodes are focusable and open their page (the page
 * script handles [data-open-version]). All text is escaped; nothing is linked.
 */
export function lineageSvg(input: LineageInput): SafeHtml {
  const versions = input.versions.length > 0 ? input.versions : [];
  const rows = Math.max(1, versions.length);
  const height = PAD * 2 + rows * NODE_H + (rows - 1) * GAP_Y;
  const logged = input.loggedModel ?? null;
  const columns = logged ? 4 : 3;
  const width = PAD * 2 + NODE_W * columns + GAP_X * (columns - 1);
  const midY = height / 2 - NODE_H / 2;
  const colX = Array.from({ length: columns }, (_, i) => PAD + i * (NODE_W + GAP_X));
  const versionX = colX[columns - 1];
  const rowY = (i: number) => PAD + i * (NODE_H + GAP_Y);

  const parts: SafeHtml[] = [];
  const exp = input.experiment;
  parts.push(
    node(
      colX[0],
      midY,
      'experiment',
      exp?.name ?? l10n.t('Experiment unknown'),
      exp ? l10n.t('experiment {0}', exp.id) : l10n.t('not readable'),
      exp ? l10n.t('Experiment {0} (id {1})', exp.name ?? '', exp.id) : l10n.t('Experiment not readable'),
    ),
  );
  parts.push(edge(colX[0] + NODE_W, midY + NODE_H / 2, colX[1], midY + NODE_H / 2));
  const run = input.run;
  parts.push(
    node(
      colX[1],
      midY,
      'run',
      run.name ?? run.id,
      l10n.t('run {0} · {1}', run.id.slice(0, 8), (run.status ?? '').toLowerCase()),
      run.status ? l10n.t('Run {0} ({1}), {2}', run.name ?? '', run.id, run.status) : l10n.t('Run {0} ({1})', run.name ?? '', run.id),
    ),
  );
  // The logged model sits level with the versions registered from it.
  const fromLogged = versions.filter((v) => v.fromLoggedModel).length;
  const loggedY = fromLogged > 0 ? (rowY(0) + rowY(fromLogged - 1)) / 2 : midY;
  if (logged) {
    parts.push(edge(colX[1] + NODE_W, midY + NODE_H / 2, colX[2], loggedY + NODE_H / 2));
    parts.push(
      node(
        colX[2],
        loggedY,
        'logged-model',
        logged.name ?? logged.id,
        logged.status
          ? l10n.t('logged {0} · {1}', logged.id.slice(0, 10), logged.status.replace(/^LOGGED_MODEL_/, '').toLowerCase())
          : l10n.t('logged {0}', logged.id.slice(0, 10)),
        logged.status
          ? l10n.t('Logged model {0} ({1}), {2}', logged.name ?? '', logged.id, logged.status)
          : l10n.t('Logged model {0} ({1})', logged.name ?? '', logged.id),
      ),
    );
  }
  versions.forEach((v, i) => {
    const y = rowY(i);
    const [fromX, fromY] = logged && v.fromLoggedModel ? [colX[2] + NODE_W, loggedY] : [colX[1] + NODE_W, midY];
    parts.push(edge(fromX, fromY + NODE_H / 2, versionX, y + NODE_H / 2));
    const label = `${v.name} v${v.version}`;
    const attrs = v.current
      ? html` aria-current="page"`
      : html` tabindex="0" role="link" aria-label="${l10n.t('Open {0} version {1}', v.name, v.version)}" data-open-version="${v.version}" data-name="${v.name}"`;
    parts.push(
      node(
        versionX,
        y,
        `version${v.current ? ' current' : ''}`,
        label,
        v.current ? l10n.t('{0} · this version', v.stage) : v.stage,
        l10n.t('{0} version {1} ({2})', v.name, v.version, v.stage),
        attrs,
      ),
    );
  });

  const registered = versions.map((v) => l10n.t('{0} version {1}', v.name, v.version)).join(', ') || l10n.t('no version');
  const experimentName = exp?.name ?? l10n.t('unknown');
  const summary = logged
    ? l10n.t('Experiment {0}, run {1}, logged model {2} {3}, registered as {4}', experimentName, run.name ?? run.id, logged.name ?? '', logged.id, registered)
    : l10n.t('Experiment {0}, run {1}, registered as {2}', experimentName, run.name ?? run.id, registered);
  return html`<svg class="lineage" role="group" aria-label="${summary}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" xmlns="http://www.w3.org/2000/svg">
<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path class="arrow-head" d="M0 0 L10 5 L0 10 z"></path></marker></defs>
${parts}
</svg>`;
}
