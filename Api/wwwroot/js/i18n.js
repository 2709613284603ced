// The app's words. Each language is one flat JSON file of key → text under /locales (an operator's file in the
// configuration folder adds to it or overrides it); the Api serves a language whole, English filling any gap. The
// language follows the browser's list until the player picks one on a page, and the pick is remembered here.

const chosenKey = 'faucet.language';

let words = {};
let language = 'en';
let numbers = 'en';

/** The language the page speaks, as a BCP 47 code ("pt-BR"). */
export const currentLanguage = () => language;

/**
 * The offered language to speak: the player's earlier pick, else the first of the browser's languages that is offered,
 * exactly or by its base ("es-MX" finds "es", "pt" finds "pt-BR"; de-CH before en finds German), else the operator's
 * default, else the first.
 */
export function chooseLanguage(offered, fallback) {
  const codes = offered.map(l => l.code);
  const exactly = wanted => codes.find(c => c.toLowerCase() === wanted.toLowerCase());
  const base = code => code.split('-')[0].toLowerCase();
  const byBase = wanted => codes.find(c => base(c) === base(wanted));
  let picked = null;
  try { picked = localStorage.getItem(chosenKey); } catch { /* storage off: the browser's list decides */ }
  if (picked && codes.includes(picked)) return picked;
  const wanted = navigator.languages?.length ? navigator.languages : [navigator.language ?? ''];
  for (const code of wanted) {
    const found = code && (exactly(code) ?? byBase(code));
    if (found) return found;
  }
  return exactly(fallback) ?? byBase(fallback) ?? codes[0] ?? 'en';
}

/** Remembers a player's pick for the next visit. */
export function rememberLanguage(code) {
  try { localStorage.setItem(chosenKey, code); } catch { /* storage off: the pick lasts this page */ }
}

/** Speaks `code` with its words; numbers, money and dates follow `numberLocale`. */
export function useLanguage(code, dictionary, numberLocale) {
  language = code;
  words = dictionary;
  numbers = numberLocale;
}

function lookup(key, params) {
  const n = params?.count;
  if (typeof n === 'number' || typeof n === 'bigint') {
    const category = new Intl.PluralRules(language).select(Number(n));
    const text = words[`${key}.${category}`] ?? words[`${key}.other`];
    if (text !== undefined) return text;
  }
  return words[key];
}

function parts(key, params) {
  const text = lookup(key, params);
  if (text === undefined) {
    console.warn(`No words for '${key}'`);
    return [key];
  }
  return text.split(/\{(\w+)\}/).map((part, i) => {
    if (i % 2 === 0) return part;
    if (!params || !(part in params)) return `{${part}}`;
    // A value the Api did not give (a player without a display name) reads as a dash, never as "null".
    const value = params[part] ?? '—';
    if (part === 'count' && (typeof value === 'number' || typeof value === 'bigint')) return Number(value).toLocaleString(numbers);
    return value;
  });
}

/**
 * The words of `key`, each {name} filled from `params` as text. With a numeric `count`, the key's plural form for the
 * language is used (key.one, key.other…) and {count} is the number written in the page's locale.
 */
export const t = (key, params) => parts(key, params).map(p => p instanceof Node ? p.textContent : String(p)).join('');

/** As t, for a sentence with elements in it (an amount, a link): the pieces, to go among an element's children. */
export const tn = (key, params) => parts(key, params).filter(p => p !== '');
