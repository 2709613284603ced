// The player app: a hash router over the pages, the session, and the white-label shell from product.yaml.

import { get, post, forgetAccess, forgetOperatorToken, rememberAccess } from './api.js';
import { announceFoundKeys } from './found-keys.js';
import { chooseLanguage, currentLanguage, rememberLanguage, t, useLanguage } from './i18n.js';
import { connect, watchAccount } from './live.js';
import { h, notice, problemText, replace, settled, state, $ } from './ui.js';
import { legalHref } from './pages/shared.js';

const pages = {
  '': () => import('./pages/home.js'),
  me: () => import('./pages/me.js'),
  clicker: () => import('./pages/clicker.js'),
  vanikeys: () => import('./pages/vanikeys.js'),
  tokens: () => import('./pages/tokens.js'),
  purchase: () => import('./pages/tokens.js'),
  how: () => import('./pages/info.js'),
  pricing: () => import('./pages/info.js'),
  terms: () => import('./pages/legal.js'),
  privacy: () => import('./pages/legal.js'),
  signin: () => import('./pages/signin.js'),
  operator: () => import('./pages/operator.js'),
};

export const session = {
  me: null,
  listeners: new Set(),
  isStaff() { return !!this.me?.roles?.some(r => r === 'admin' || r === 'support'); },
  isAdmin() { return !!this.me?.roles?.includes('admin'); },
  async load() {
    try {
      this.me = await get('/api/v1/auth/me');
    } catch {
      this.me = null;
    }
    this.changed();
  },
  /** After a sign-in answer: the access token stays in memory for bearer calls; the cookies carry the rest. */
  async signedIn(answer) {
    rememberAccess(answer.accessToken, answer.accessTokenExpiresAt);
    await this.load();
  },
  async signOut() {
    try { await post('/api/v1/auth/logout', undefined, { noRefresh: true }); } catch { /* already signed out */ }
    forgetAccess();
    forgetOperatorToken();
    this.me = null;
    this.changed();
    location.hash = '#/';
  },
  changed() {
    renderAccount();
    watchAccount(this.me?.userId ?? null);
    for (const listener of this.listeners) listener(this.me);
  },
};

function renderAccount() {
  const account = $('#account');
  if (session.me) {
    replace(account,
      h('span.who', { title: session.me.userId }, session.me.displayName || t('app.signedIn')),
      h('button', { type: 'button', onclick: () => session.signOut() }, t('common.signOut')));
  } else {
    replace(account, h('a.button', { href: '#/signin' }, t('common.signIn')));
  }
  for (const item of document.querySelectorAll('[data-role="staff"]')) item.hidden = !session.isStaff();
}

let cleanup = null;
let routes = 0;

async function route() {
  const [path, query] = location.hash.replace(/^#\/?/, '').split('?');
  const [name, ...rest] = path.split('/');
  const params = new URLSearchParams(query ?? '');
  // Stripe Checkout sends the buyer back to /?purchase=<id>: that is the purchase's page.
  const fromCheckout = new URLSearchParams(location.search).get('purchase');
  if (fromCheckout && !name) {
    history.replaceState(null, '', `/#/purchase/${encodeURIComponent(fromCheckout)}`);
    return route();
  }
  // Checkout in setup mode sends a player back to /?payment-method=saved|cancelled: the Tokens page says which.
  const fromSetup = new URLSearchParams(location.search).get('payment-method');
  if (fromSetup && !name) {
    history.replaceState(null, '', `/#/tokens?added=${fromSetup === 'saved' ? 'saved' : 'cancelled'}`);
    return route();
  }
  const mine = ++routes;
  const load = pages[name] ?? pages[''];
  const section = name === 'purchase' ? 'tokens' : pages[name] ? name : '';
  for (const link of document.querySelectorAll('nav.main a')) {
    if (link.getAttribute('href').replace(/^#\/?/, '') === section) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  cleanup?.();
  cleanup = null;
  delete document.body.dataset.route;
  const main = $('#main');
  const view = h('div');
  let stop = null;
  try {
    const module = await load();
    replace(main, view);
    stop = await module.render(view, { name, rest, params, session, product: state.product }) ?? null;
    // Lists a page draws after it returns (a page of history, say) count as part of it.
    await settled();
  } catch (error) {
    if (mine === routes) {
      replace(main, h('h1', {}, t('app.pageFailed')), notice('error', problemText(error)),
        h('button', { type: 'button', onclick: () => route() }, t('common.tryAgain')));
    }
  }
  if (mine !== routes) {
    // Another page was opened while this one loaded: it is gone already.
    stop?.();
    return;
  }
  cleanup = stop;
  const heading = main.querySelector('h1');
  document.title = `${heading ? heading.textContent + ' · ' : ''}${state.product?.appName ?? 'Faucet'}`;
  if (route.navigated) main.focus({ preventScroll: false });
  route.navigated = true;
  document.body.dataset.route = section || 'home';
}

/** Speaks the player's language: its words, the page's lang, the static words of the shell, and the picker. */
async function speak(product) {
  const code = chooseLanguage(product.languages, product.defaultLocale);
  // Numbers, money and dates follow the language spoken, unless the operator fixed one locale for them.
  state.locale = product.formatLocale || code;
  useLanguage(code, await get(`/api/v1/config/locales/${encodeURIComponent(code)}`), state.locale);
  document.documentElement.lang = code;
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of document.querySelectorAll('[data-i18n-aria-label]')) el.setAttribute('aria-label', t(el.dataset.i18nAriaLabel));
  const picker = $('#language');
  if (product.languages.length < 2) {
    replace(picker);
    return;
  }
  // Each language is offered in its own words, and marked as such for screen readers.
  const select = h('select', {
    id: 'language-choice',
    onchange: event => {
      rememberLanguage(event.currentTarget.value);
      location.reload();
    },
  }, product.languages.map(l => h('option', { value: l.code, lang: l.code, selected: l.code === currentLanguage() }, l.name)));
  replace(picker, h('label.visually-hidden', { for: 'language-choice' }, t('app.language')), select);
}

async function start() {
  state.product = await get('/api/v1/config/product');
  const product = state.product;
  await speak(product);
  $('#brand-name').textContent = product.appName;
  if (product.bannerUrl) $('#brand-banner').src = product.bannerUrl;
  $('#dry-run').hidden = !(product.dryRun && product.featureFlags?.dry_run_banner !== false);
  // Simulated payouts are always labelled: the banner that says so is not the operator's to switch off.
  $('#demo').hidden = !product.demo;
  for (const item of document.querySelectorAll('[data-flag]')) item.hidden = product.featureFlags?.[item.dataset.flag] === false;
  replace($('#footer'),
    // "Faucet is run by Faucet" says nothing: an operator who has not named themselves is not named.
    product.orgName && product.orgName !== product.appName ? [t('app.footer.runBy', { app: product.appName, org: product.orgName }), ' '] : null,
    product.mediaKitUrl ? h('a', { href: product.mediaKitUrl }, t('app.footer.mediaKit')) : null,
    product.mediaKitUrl ? ' · ' : null,
    h('a', { href: legalHref(product.legal.terms, 'terms') }, t('app.footer.terms')),
    ' · ',
    h('a', { href: legalHref(product.legal.privacy, 'privacy') }, t('app.footer.privacy')),
    ' · ',
    h('a', { href: '/openapi/v1.json' }, t('app.footer.api')));
  announceFoundKeys(() => session.me?.userId ?? null);
  connect();
  await session.load();
  session.listeners.add(() => { if (['me', 'signin', 'operator'].includes(location.hash.replace(/^#\/?/, '').split(/[/?]/)[0])) route(); });
  window.addEventListener('hashchange', route);
  await route();
  document.body.dataset.ready = 'true';
}

start();
