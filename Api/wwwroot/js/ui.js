// Small DOM helpers shared by the pages: elements from tags, formatting in the product's locale, notices.

export const state = { locale: 'en', product: null };

/** h('p.note', {attrs}, children…): an element; strings become text, never markup. */
export function h(tag, attrs = {}, ...children) {
  const [name, ...classes] = tag.split('.');
  const el = document.createElement(name);
  if (classes.length) el.className = classes.join(' ');
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else el.setAttribute(key, value === true ? '' : value);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
}

export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export const $ = (selector, root = document) => root.querySelector(selector);

export const number = value => Number(value).toLocaleString(state.locale);

/** "1 token", "250 tokens": a count with its noun in the right number for the locale. */
export const plural = (n, one, many) => new Intl.PluralRules(state.locale).select(Number(n)) === 'one' ? one : many;
export const count = (n, one, many) => `${number(n)} ${plural(n, one, many)}`;
export const tokens = n => count(n, 'token', 'tokens');

/** BAN arrives as an exact decimal string; it is shown as given, grouped, never through floating point. */
export function ban(amount) {
  if (amount === null || amount === undefined) return '—';
  const [whole, fraction] = String(amount).split('.');
  const grouped = BigInt(whole.replace('-', '')).toLocaleString(state.locale);
  const sign = whole.startsWith('-') ? '-' : '';
  return `${sign}${grouped}${fraction ? (0.5).toLocaleString(state.locale).charAt(1) + fraction : ''} BAN`;
}

// BAN has 29 decimals (1 BAN = 10^29 raw): sums are kept as integers of raw, never as floating point.
const rawPerBan = 10n ** 29n;

export function banToRaw(amount) {
  const [whole, fraction = ''] = String(amount).split('.');
  return BigInt(whole) * rawPerBan + BigInt(fraction.padEnd(29, '0') || '0');
}

export function rawToBan(raw) {
  const fraction = (raw % rawPerBan).toString().padStart(29, '0').replace(/0+$/, '');
  return fraction ? `${raw / rawPerBan}.${fraction}` : `${raw / rawPerBan}`;
}

/** An amount in a currency's minor units (cents; yen have none), in the product's locale. */
export function money(minor, currency) {
  const format = new Intl.NumberFormat(state.locale, { style: 'currency', currency });
  return format.format(minor / 10 ** format.resolvedOptions().maximumFractionDigits);
}

export function when(iso) {
  if (!iso) return '—';
  return new Date(iso).toLocaleString(state.locale, { dateStyle: 'medium', timeStyle: 'short' });
}

export function duration(seconds) {
  if (seconds === null || seconds === undefined || !isFinite(seconds)) return '—';
  if (seconds < 1) return 'under a second';
  const units = [['year', 31557600], ['day', 86400], ['hour', 3600], ['minute', 60], ['second', 1]];
  for (const [unit, size] of units) {
    if (seconds >= size) {
      const n = seconds / size;
      return new Intl.NumberFormat(state.locale, { style: 'unit', unit, unitDisplay: 'long', maximumFractionDigits: n < 10 ? 1 : 0 }).format(n);
    }
  }
  return '';
}

export function countdown(toIso) {
  const left = Math.max(0, Math.round((new Date(toIso) - Date.now()) / 1000));
  const m = Math.floor(left / 60), s = left % 60;
  return `${m}:${String(s).padStart(2, '0')}`;
}

export const short = (text, keep = 10) => !text || text.length <= keep * 2 + 1 ? text ?? '' : `${text.slice(0, keep)}…${text.slice(-6)}`;

/** A message for a failed call: the problem's detail or title, and each field error. */
export function problemText(error) {
  if (!error?.problem) return error?.message ?? 'Something went wrong.';
  const p = error.problem;
  const fields = p.errors ? Object.values(p.errors).flat() : [];
  return [p.detail || p.title || `Request failed (${error.status}).`, ...fields.filter(f => f !== p.detail)].join(' ');
}

export function notice(kind, text) {
  return h(`p.notice.${kind}`, { role: kind === 'error' ? 'alert' : 'status' }, text);
}

/** A table of items, one row each; it scrolls sideways on its own on a narrow screen. */
export function table(caption, headers, items, row, empty = 'Nothing yet.') {
  if (!items.length) return h('p.muted', {}, empty);
  return h('div.table-wrap', { role: 'region', 'aria-label': caption, tabindex: '0' },
    h('table', {}, h('caption', { class: 'visually-hidden' }, caption),
      h('thead', {}, h('tr', {}, headers.map(t => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, items.map(i => h('tr', {}, row(i).map(c => h('td', {}, c)))))));
}

export function download(name, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

export const newKey = () => crypto.randomUUID();

const loading = new Set();

/** Marks work a page started but did not wait for (a list it draws later), so the page counts as drawn once it ends. */
export function track(promise) {
  loading.add(promise);
  promise.finally(() => loading.delete(promise)).catch(() => {});
  return promise;
}

export const settled = () => Promise.allSettled([...loading]);

/**
 * Runs `step` now and again while it answers true, `every(msSinceStart)` milliseconds after each answer (null: stop);
 * a step that throws is tried again after the same pause. The first step counts as part of the page (see track).
 * Returns the function that stops it.
 */
export function repeat(step, every) {
  let stopped = false;
  let timer = null;
  const started = Date.now();
  const run = async () => {
    let again = true;
    try { again = await step(); } catch { again = true; }
    const wait = every(Date.now() - started);
    if (again && !stopped && wait !== null) timer = setTimeout(run, wait);
  };
  track(run());
  return () => { stopped = true; clearTimeout(timer); };
}
