// Small DOM helpers shared by the pages: elements from tags, formatting in the page's locale, notices.

import { t } from './i18n.js';

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

/** "1 token", "250 tokens": a count of tokens in the page's language. */
export const tokens = n => t('unit.tokens', { count: Number(n) });

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
  return h('span.amount', { title: t('ui.exactly', { amount: banExact(amount) }) }, banText(amount));
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
  if (seconds < 1) return t('ui.duration.underSecond');
  const units = [['year', 31557600], ['day', 86400], ['hour', 3600], ['minute', 60], ['second', 1]];
  for (const [unit, size] of units) {
    if (seconds >= size) {
      const n = seconds / size;
      // Some patterns take longer than the universe has existed: a count of years in words, not in 40 digits.
      if (n >= 1e6) return t('ui.duration.manyYears', { n: large(n) });
      return new Intl.NumberFormat(state.locale, { style: 'unit', unit, unitDisplay: 'long', maximumFractionDigits: n < 10 ? 1 : 0 }).format(n);
    }
  }
  return '';
}

/** "in 17 min 28 s": time left, in words that do not read as a time of day. */
export function countdown(toIso) {
  const left = Math.max(0, Math.round((new Date(toIso) - Date.now()) / 1000));
  if (left === 0) return t('ui.countdown.now');
  const m = Math.floor(left / 60), s = left % 60;
  return m > 0 ? t('ui.countdown.minutes', { m: number(m), s: String(s).padStart(2, '0') }) : t('ui.countdown.seconds', { s: number(s) });
}

// Past the trillions the locale's compact form repeats "trillion" after a long run of digits: these words go on.
const scales = () => [t('ui.scale.quadrillion'), t('ui.scale.quintillion'), t('ui.scale.sextillion'), t('ui.scale.septillion'),
  t('ui.scale.octillion'), t('ui.scale.nonillion'), t('ui.scale.decillion')];

/** A large count in words, "1.34 trillion", "58.2 octillion", never in e-notation. */
export function large(n) {
  if (!isFinite(n)) return t('ui.large.beyond');
  if (n < 1e15) return new Intl.NumberFormat(state.locale, { notation: 'compact', compactDisplay: 'long', maximumSignificantDigits: 3 }).format(n);
  const words = scales();
  const step = Math.min(words.length - 1, Math.floor(Math.log10(n) / 3) - 5);
  const scaled = n / 10 ** (15 + 3 * step);
  if (scaled >= 1000) return t('ui.large.overThousand', { scale: words[step] });
  return t('ui.large.scaled', { n: scaled.toLocaleString(state.locale, { maximumSignificantDigits: 3 }), scale: words[step] });
}

// Statuses the Api gives in its own words (payouts, purchases, rounds, jobs), as a person reads them.
const statusWords = () => ({
  pending: t('status.pending'), processing: t('status.processing'), sent: t('status.sent'), failed: t('status.failed'),
  dry_run: t('status.dryRun'), completed: t('status.completed'), cancelled: t('status.cancelled'),
  refunded: t('status.refunded'), disputed: t('status.disputed'), not_started: t('status.notStarted'),
  paying: t('status.paying'), done: t('status.done'), skipped: t('status.skipped'), running: t('status.running'),
  found: t('status.found'), starting: t('status.starting'), awaiting_approval: t('status.awaitingApproval'),
  approved: t('status.approved'), rejected: t('status.rejected'), settled_by_round: t('status.settledByRound'),
});
// A status the app has no words for yet is shown as the Api names it.
export const statusText = status => statusWords()[status] ?? (status ? status.charAt(0).toUpperCase() + status.slice(1).replaceAll('_', ' ') : '—');

export const short = (text, keep = 10) => !text || text.length <= keep * 2 + 1 ? text ?? '' : `${text.slice(0, keep)}…${text.slice(-6)}`;

// The problems a player meets, by the Api's title, in the app's own words (the Api's details are English, for
// developers). A wallet the Api refused is told apart by what its detail says was wrong.
const playerProblems = () => ({
  'Not enough tokens': t('problem.notEnoughTokens'),
  'Too many requests': t('problem.tooManyRequests'),
  'Too many sign-in attempts': t('problem.tooManySignIns'),
  'Key search busy': t('problem.searchBusy'),
  'Clicker banned for a while': t('problem.clickerBanned'),
  'Wallet taken': t('problem.walletTaken'),
  'Too soon to change wallet': t('problem.walletTooSoon'),
  'No wallet': t('problem.noWallet'),
  'Terms not accepted': t('problem.termsNotAccepted'),
  'Sign-in link expired or reused': t('problem.signInLinkUsed'),
  'No proof of work': t('problem.noProofOfWork'),
  'Purchases are off': t('problem.purchasesOff'),
  'Payments are off': t('problem.purchasesOff'),
  'Payment provider unavailable': t('problem.paymentsUnavailable'),
  'Stripe unavailable': t('problem.paymentsUnavailable'),
  'Refused by the payment provider': t('problem.paymentRefused'),
  'Not a member of the Discord server': t('problem.notInDiscordServer'),
  'Yunite unavailable': t('problem.yuniteUnavailable'),
});

const walletProblems = [
  [/wrong checksum/, 'problem.wallet.checksum'],
  [/Nano address/, 'problem.wallet.nano'],
  [/whitespace around/, 'problem.wallet.spaces'],
  [/must start with ban_/, 'problem.wallet.prefix'],
  [/characters long/, 'problem.wallet.length'],
  [/not one of its characters|key part must start/, 'problem.wallet.characters'],
  [/is required/, 'problem.wallet.missing'],
];

/** A message for a failed call: the app's words for a problem players meet, else the problem's detail or title and
 * each field error. */
export function problemText(error) {
  if (error?.unreachable) return t('problem.network');
  if (!error?.problem) return error?.message ?? t('problem.unknown');
  const p = error.problem;
  // ASP.NET's words for a failure it did not describe: nothing in them helps a person.
  if (error.status >= 500 && (!p.detail || /^An error occurred/.test(p.title ?? ''))) return t('problem.ourSide');
  if (p.title === 'Invalid Banano address') {
    return t(walletProblems.find(([pattern]) => pattern.test(p.detail ?? ''))?.[1] ?? 'problem.wallet.other');
  }
  const own = playerProblems()[p.title];
  if (own) return own;
  const fields = p.errors ? Object.values(p.errors).flat() : [];
  return [p.detail || p.title || t('problem.status', { status: error.status }), ...fields.filter(f => f !== p.detail)].join(' ');
}

export function notice(kind, text) {
  return h(`p.notice.${kind}`, { role: kind === 'error' ? 'alert' : 'status' }, text);
}

/** A table of items, one row each; it scrolls sideways on its own on a narrow screen. */
export function table(caption, headers, items, row, empty = t('common.nothingYet')) {
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
