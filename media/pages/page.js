// @ts-check
// The script of the model and version pages. No framework, no inline handlers:
// it turns clicks and keys into the typed messages of src/pages/messages.ts,
// sorts the versions table, and swaps in new content sent by the extension.
// Everything it shows was rendered and sanitized by the extension.

/** @typedef {import('../../src/pages/messages').FromPage} FromPage */
/** @typedef {import('../../src/pages/messages').ToPage} ToPage */
/** @typedef {import('../../src/pages/messages').PageState} PageState */
/** @typedef {import('../../src/pages/messages').PageWords} PageWords */
/** @typedef {PageState & { scrollY?: number; onlyDifferences?: boolean; flipped?: string[]; checked?: string[] }} SavedState */
/** @typedef {{ postMessage(m: FromPage): void; getState(): SavedState | undefined; setState(s: SavedState): void }} VsCodeApi */

(function () {
  // @ts-ignore: provided by VS Code inside webviews
  /** @type {VsCodeApi} */ const vscode = acquireVsCodeApi();
  const main = /** @type {HTMLElement} */ (document.getElementById('page'));
  const status = /** @type {HTMLElement} */ (document.getElementById('status'));

  /** @type {SavedState} */
  const state = vscode.getState() ?? { target: JSON.parse(document.body.dataset.target ?? 'null') };
  // The registry the page belongs to goes with the target, so a restored page reopens from its own registry.
  state.registry ??= JSON.parse(document.body.dataset.registry ?? 'null') ?? undefined;
  vscode.setState(state);

  // The words this script shows by itself come translated from the extension.
  /** @type {PageWords} */ const words = JSON.parse(document.body.dataset.words ?? 'null');
  /** @param {string} template @param {string} value */
  const fill = (template, value) => template.replace('{0}', value);

  /** @param {FromPage} message */
  const post = (message) => vscode.postMessage(message);

  /** @param {string} text */
  function announce(text) {
    status.textContent = '';
    setTimeout(() => (status.textContent = text), 50);
  }

  /** data-action plus data-arg-* become { type: 'run', action, … }; data-arg-ref holds JSON. */
  function actionMessage(/** @type {HTMLElement} */ el) {
    /** @type {Record<string, unknown>} */
    const msg = { type: 'run', action: el.dataset.action };
    for (const [k, v] of Object.entries(el.dataset)) {
      if (!k.startsWith('arg') || v === undefined) continue;
      const key = k.charAt(3).toLowerCase() + k.slice(4);
      msg[key] = key === 'ref' ? JSON.parse(v) : v;
    }
    return /** @type {FromPage} */ (msg);
  }

  function openVersionOf(/** @type {HTMLElement | SVGElement} */ el) {
    const version = el.dataset.openVersion;
    const name = el.dataset.name;
    if (version && name) post({ type: 'openVersion', name, version });
  }

  // ---- sorting ------------------------------------------------------------

  function sortTable(/** @type {string} */ key, /** @type {'ascending' | 'descending'} */ direction, quiet = false) {
    const table = main.querySelector('table.sortable');
    if (!(table instanceof HTMLTableElement) || !table.tHead || !table.tBodies[0]) return;
    const headers = [...table.tHead.rows[0].cells];
    const index = headers.findIndex((th) => th.dataset.sortKey === key);
    if (index < 0) return;
    const numeric = headers[index].dataset.numeric === 'true';
    const value = (/** @type {HTMLTableRowElement} */ row) => row.cells[index]?.dataset.sortValue ?? '';
    const sign = direction === 'ascending' ? 1 : -1;
    const rows = [...table.tBodies[0].rows].sort(
      (a, b) => sign * (numeric ? Number(value(a)) - Number(value(b)) : value(a).localeCompare(value(b), undefined, { numeric: true, sensitivity: 'base' })),
    );
    table.tBodies[0].append(...rows);
    headers.forEach((th, i) => (i === index ? th.setAttribute('aria-sort', direction) : th.removeAttribute('aria-sort')));
    state.sort = { key, direction };
    vscode.setState(state);
    if (!quiet) announce(fill(direction === 'ascending' ? words.sortedAscending : words.sortedDescending, headers[index].textContent?.trim() ?? ''));
  }

  function toggleSort(/** @type {HTMLElement} */ button) {
    const th = button.closest('th');
    const key = button.dataset.sort;
    if (!th || !key) return;
    sortTable(key, th.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending');
  }

  // ---- comparison page and the model page's check boxes ------------------

  /** The comparison's toggles live in the page's state, so an update or a reload keeps them. */
  function applyCompareState() {
    main.classList.toggle('only-differences', state.onlyDifferences === true);
    for (const b of main.querySelectorAll('button[data-compare-toggle]')) b.setAttribute('aria-pressed', String(state.onlyDifferences === true));
    const flipped = new Set(state.flipped ?? []);
    for (const row of main.querySelectorAll('tr[data-metric]')) {
      if (!(row instanceof HTMLElement)) continue;
      const base = row.dataset.defaultDirection === 'lower' ? 'lower' : 'higher';
      row.dataset.direction = flipped.has(row.dataset.metric ?? '') ? (base === 'lower' ? 'higher' : 'lower') : base;
    }
    const checked = new Set(state.checked ?? []);
    for (const box of main.querySelectorAll('input[data-compare-version]')) {
      if (box instanceof HTMLInputElement) box.checked = checked.has(box.dataset.compareVersion ?? '');
    }
    const selected = main.querySelector('button[data-compare-selected]');
    if (selected instanceof HTMLButtonElement && !selected.closest('fieldset[disabled]')) selected.disabled = checked.size < 2;
  }

  function toggleFlip(/** @type {string} */ key) {
    const flipped = new Set(state.flipped ?? []);
    if (flipped.has(key)) flipped.delete(key);
    else flipped.add(key);
    state.flipped = [...flipped];
    vscode.setState(state);
    applyCompareState();
  }

  document.addEventListener('change', (event) => {
    const box = event.target;
    if (!(box instanceof HTMLInputElement) || !box.dataset.compareVersion) return;
    const checked = new Set(state.checked ?? []);
    if (box.checked) checked.add(box.dataset.compareVersion);
    else checked.delete(box.dataset.compareVersion);
    state.checked = [...checked];
    vscode.setState(state);
    applyCompareState();
  });

  // ---- clicks and keys ----------------------------------------------------

  document.addEventListener('click', (event) => {
    const el = event.target instanceof Element ? event.target : null;
    if (!el) return;
    if (el.closest('[data-switch-registry]')) {
      post({ type: 'switchRegistry' });
      return;
    }
    // The last content of a registry that is not open: shown, never acted on.
    if (el.closest('fieldset[disabled]')) {
      if (el.closest('a')) event.preventDefault();
      return;
    }
    const link = el.closest('a');
    if (link) {
      // Never navigate the webview; http(s) links open outside, through VS Code.
      event.preventDefault();
      const href = link.getAttribute('href');
      if (href && /^https?:\/\//i.test(href)) post({ type: 'openLink', href });
      return;
    }
    // A check box in a versions row selects it; it does not open the version.
    if (el.closest('input')) return;
    const button = el.closest('button');
    if (button instanceof HTMLButtonElement) {
      if (button.disabled) return;
      const d = button.dataset;
      if (d.sort) toggleSort(button);
      else if (d.copy !== undefined) post({ type: 'copy', text: d.copy });
      else if (d.showMore) post({ type: 'showMore' });
      else if (d.action) post(actionMessage(button));
      else if (d.openModel) post({ type: 'openModel', name: d.openModel });
      else if (d.loadRemoteImages !== undefined) post({ type: 'loadRemoteImages' });
      else if (d.openVersion) openVersionOf(button);
      else if (d.openPromptVersion) post({ type: 'openPromptVersion', version: d.openPromptVersion });
      else if (d.compareToggle) {
        state.onlyDifferences = state.onlyDifferences !== true;
        vscode.setState(state);
        applyCompareState();
      } else if (d.flipMetric) toggleFlip(d.flipMetric);
      else if (d.compareSelected) post({ type: 'compareVersions', versions: state.checked ?? [] });
      else if (d.compareDiff === 'description' || d.compareDiff === 'requirements')
        post({ type: 'compareDiff', what: d.compareDiff, left: Number(d.left), right: Number(d.right) });
      return;
    }
    // A versions-table row or a version in the lineage graph.
    const opener = el.closest('[data-open-version]');
    if ((opener instanceof HTMLElement || opener instanceof SVGElement) && !el.closest('summary, details')) openVersionOf(opener);
  });

  document.addEventListener('keydown', (event) => {
    const el = event.target;
    if ((event.key === 'Enter' || event.key === ' ') && el instanceof SVGElement && el.dataset.openVersion && !el.closest('fieldset[disabled]')) {
      event.preventDefault();
      openVersionOf(el);
    }
  });

  let scrollTimer = 0;
  window.addEventListener('scroll', () => {
    clearTimeout(scrollTimer);
    scrollTimer = window.setTimeout(() => {
      state.scrollY = window.scrollY;
      vscode.setState(state);
    }, 150);
  });

  // ---- updates from the extension ---------------------------------------

  const focusables = () => [...main.querySelectorAll('button, a[href], summary, input, [tabindex="0"]')];

  /** @param {Extract<ToPage, { type: 'update' }>} msg */
  function update(msg) {
    const focusIndex = focusables().indexOf(/** @type {Element} */ (document.activeElement));
    // Found again by its markup first: a section that arrives later (the metric charts) moves the positions after it.
    const focusMarkup = focusIndex >= 0 ? document.activeElement?.outerHTML : undefined;
    // Details with an id (the metric charts' tables, which arrive after the rest) keep their state by id, the others by position.
    const details = () => [...main.querySelectorAll('details')];
    const openDetails = details()
      .filter((d) => !d.id)
      .map((d) => d.open);
    const openById = new Map(details().map((d) => [d.id, d.open]));
    const scrollY = window.scrollY;
    const template = document.createElement('template');
    template.innerHTML = msg.body;
    main.replaceChildren(template.content);
    document.title = msg.title;
    state.target = msg.target;
    if (msg.registry) state.registry = msg.registry;
    vscode.setState(state);
    details()
      .filter((d) => !d.id)
      .forEach((d, i) => (d.open = openDetails[i] ?? d.open));
    for (const d of details()) if (d.id) d.open = openById.get(d.id) ?? d.open;
    if (state.sort) sortTable(state.sort.key, state.sort.direction, true);
    applyCompareState();
    if (focusIndex >= 0) {
      const now = focusables();
      /** @type {HTMLElement | undefined} */ (now.find((e) => e.outerHTML === focusMarkup) ?? now[focusIndex])?.focus({ preventScroll: true });
    }
    window.scrollTo(0, scrollY);
  }

  window.addEventListener('message', (event) => {
    /** @type {ToPage} */
    const msg = event.data;
    if (!msg || typeof msg !== 'object') return;
    if (msg.type === 'update') update(msg);
    if (msg.type === 'copied') {
      for (const b of main.querySelectorAll('button[data-copy]')) {
        if (!(b instanceof HTMLButtonElement) || b.dataset.copy !== msg.text) continue;
        b.textContent = words.copied;
        setTimeout(() => (b.textContent = words.copy), 1500);
      }
      announce(fill(words.copiedText, msg.text));
    }
  });

  if (state.sort) sortTable(state.sort.key, state.sort.direction, true);
  applyCompareState();
  if (state.scrollY) window.scrollTo(0, state.scrollY);
  post({ type: 'ready' });
})();
