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

// BAN has 29 decimals (1 BAN = 10^29 raw): amounts are kept as integers of raw, never as floating point.
const rawPerBan = 10n ** 29n;
// A wallet shows a few decimals: four, or two significant digits of a smaller amount, down to a millionth of a BAN.
const shownDecimals = 4;
const fewestShown = rawPerBan / 10n ** 6n;

export function banToRaw(amount) {
  const text = String(amount).trim();
  const negative = text.startsWith('-');
  const [whole, fraction = ''] = text.replace(/^[-+]/, '').split('.');
  const raw = BigInt(whole || '0') * rawPerBan + BigInt(fraction.padEnd(29, '0') || '0');
  return negative ? -raw : raw;
}

export function rawToBan(raw) {
  const sign = raw < 0n ? '-' : '';
  const abs = raw < 0n ? -raw : raw;
  const fraction = (abs % rawPerBan).toString().padStart(29, '0').replace(/0+$/, '');
  return `${sign}${abs / rawPerBan}${fraction ? '.' + fraction : ''}`;
}

const decimalSeparator = () => (0.5).toLocaleString(state.locale).charAt(1);

/**
 * BAN as a wallet shows it, "1,234.5679 BAN", in the page's locale: the exact decimal string from the Api is rounded
 * as an integer of raw, never through floating point. Text for where only text fits (a button, a sentence read out).
 */
function banText(amount) {
  if (amount === null || amount === undefined || amount === '') return '—';
  const raw = banToRaw(amount);
  const sign = raw < 0n ? '-' : '';
  const abs = raw < 0n ? -raw : raw;
  if (abs > 0n && abs < fewestShown) return `${sign === '-' ? '> -' : '< '}${(0.000001).toLocaleString(state.locale, { maximumFractionDigits: 6 })} BAN`;
  let decimals = shownDecimals;
  if (abs > 0n && abs < rawPerBan / 10n ** BigInt(shownDecimals)) decimals = 29 - abs.toString().length + 2;
  const step = 10n ** BigInt(29 - decimals);
  const rounded = (abs + step / 2n) / step;
  const scale = 10n ** BigInt(decimals);
  const fraction = (rounded % scale).toString().padStart(decimals, '0').replace(/0+$/, '');
  return `${sign}${(rounded / scale).toLocaleString(state.locale)}${fraction ? decimalSeparator() + fraction : ''} BAN`;
}

/** The exact amount, digits grouped, as a hover or a detail view gives it. */
function banExact(amount) {
  const raw = banToRaw(amount);
  const [whole, fraction] = rawToBan(raw < 0n ? -raw : raw).split('.');
  return `${raw < 0n ? '-' : ''}${BigInt(whole).toLocaleString(state.locale)}${fraction ? decimalSeparator() + fraction : ''} BAN`;
}

/** BAN on a page: banText, with the exact amount on hover (and to assistive technology as the element's title). */
export function ban(amount) {
  if (amount === null || amount === undefined || amount === '') return h('span.amount', {}, '—');
  return h('span.amount', { title: `Exactly ${banExact(amount)}` }, banText(amount));
}

/** An amount in a currency's minor units (cents; yen have none), in the product's locale. */
export function money(minor, currency) {
  const format = new Intl.NumberFormat(state.locale, { style: 'currency', currency });
  return format.format(minor / 10 ** format.resolvedOptions().maximumFractionDigits);
}

export function when(iso) {
  if (!iso) return '—';
  // With its time zone: caps reset in the faucet's own zone, which need not be the reader's.
  return new Date(iso).toLocaleString(state.locale, { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' });
}

export function duration(seconds) {
  if (seconds === null || seconds === undefined || !isFinite(seconds)) return '—';
  if (seconds < 1) return 'under a second';
  const units = [['year', 31557600], ['day', 86400], ['hour', 3600], ['minute', 60], ['second', 1]];
  for (const [unit, size] of units) {
    if (seconds >= size) {
      const n = seconds / size;
      // Some patterns take longer than the universe has existed: a count of years in words, not in 40 digits.
      if (n >= 1e6) return `${large(n)} ${unit}s`;
      return new Intl.NumberFormat(state.locale, { style: 'unit', unit, unitDisplay: 'long', maximumFractionDigits: n < 10 ? 1 : 0 }).format(n);
    }
  }
  return '';
}

/** "in 17 min 28 s": time left, in words that do not read as a time of day. */
export function countdown(toIso) {
  const left = Math.max(0, Math.round((new Date(toIso) - Date.now()) / 1000));
  if (left === 0) return 'any moment now';
  const m = Math.floor(left / 60), s = left % 60;
  return m > 0 ? `in ${number(m)} min ${String(s).padStart(2, '0')} s` : `in ${s} s`;
}

// Past the trillions the locale's compact form repeats "trillion" after a long run of digits: these words go on.
const scales = ['quadrillion', 'quintillion', 'sextillion', 'septillion', 'octillion', 'nonillion', 'decillion'];

/** A large count in words, "1.34 trillion", "58.2 octillion", never in e-notation. */
export function large(n) {
  if (!isFinite(n)) return 'beyond counting';
  if (n < 1e15) return new Intl.NumberFormat(state.locale, { notation: 'compact', compactDisplay: 'long', maximumSignificantDigits: 3 }).format(n);
  const step = Math.min(scales.length - 1, Math.floor(Math.log10(n) / 3) - 5);
  const scaled = n / 10 ** (15 + 3 * step);
  if (scaled >= 1000) return `over a thousand ${scales[step]}`;
  return `${scaled.toLocaleString(state.locale, { maximumSignificantDigits: 3 })} ${scales[step]}`;
}

// Statuses the Api gives in its own words (payouts, purchases, rounds, jobs), as a person reads them.
const statusWords = {
  pending: 'Pending', processing: 'Processing', sent: 'Sent', failed: 'Failed', dry_run: 'Recorded, not sent (dry run)',
  completed: 'Completed', cancelled: 'Cancelled', refunded: 'Refunded', disputed: 'Disputed',
  not_started: 'Not started', paying: 'Paying', done: 'Done', skipped: 'Skipped',
  running: 'Running', found: 'Found', starting: 'Starting',
  awaiting_approval: 'Awaiting approval', approved: 'Approved', rejected: 'Rejected', settled_by_round: 'Paid by a round',
};
export const statusText = status => statusWords[status] ?? (status ? status.charAt(0).toUpperCase() + status.slice(1).replaceAll('_', ' ') : '—');

export const short = (text, keep = 10) => !text || text.length <= keep * 2 + 1 ? text ?? '' : `${text.slice(0, keep)}…${text.slice(-6)}`;

/** A message for a failed call: the problem's detail or title, and each field error. */
export function problemText(error) {
  if (!error?.problem) return error?.message ?? 'Something went wrong.';
  const p = error.problem;
  // ASP.NET's words for a failure it did not describe: nothing in them helps a person.
  if (error.status >= 500 && (!p.detail || /^An error occurred/.test(p.title ?? ''))) return 'Something went wrong on our side. Try again in a moment.';
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
