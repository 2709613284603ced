// Pieces more than one page shows: a payout line, a block link, leaderboards.

import { get, post } from '../api.js';
import { t, tn } from '../i18n.js';
import { on } from '../live.js';
import { ban, h, notice, number, problemText, replace, short, table, track, when } from '../ui.js';

// A block from the simulated node exists on no chain: it is labelled, and never linked to the explorer.
export function blockLink(hash, product) {
  if (!hash) return '—';
  if (product.payouts === 'simulated') {
    return h('span', {}, h('span.mono', { title: t('shared.block.simulatedTitle', { hash }) }, short(hash, 8)), ' ', h('span.badge.simulated-payout', {}, t('shared.block.simulated')));
  }
  const url = product.blockExplorerUrl;
  return url ? h('a.mono', { href: url.replace('{hash}', encodeURIComponent(hash)), rel: 'noopener', target: '_blank' }, short(hash, 8)) : h('span.mono', { title: hash }, short(hash, 8));
}

function feedItem(payout, product) {
  return h('li', { dataset: { payout: payout.payoutId } },
    h('span', {}, ...tn('shared.feed.payout', {
      amount: h('strong', {}, ban(payout.amount)), destination: h('span.mono', { title: payout.destination }, short(payout.destination, 9)),
    })),
    h('span.muted', {}, blockLink(payout.block, product), ' · ', h('time', { datetime: payout.sentAt }, when(payout.sentAt))));
}

/**
 * The live payout list: drawn from /api/v1/feed/recent, then kept current from the feed channel (a player's own
 * payouts also come on their account channel: those are the same payouts, shown once), and drawn afresh from
 * /feed/recent when the socket comes back, so nothing sent while it was down is missing.
 */
export async function liveFeed(list, empty, product, max) {
  const shown = new Set();
  let drawn = false;
  const early = [];
  const add = (payout, fresh) => {
    if (shown.has(payout.payoutId)) return;
    shown.add(payout.payoutId);
    empty.hidden = true;
    const item = feedItem(payout, product);
    if (fresh) item.classList.add('fresh');
    list.prepend(item);
    while (list.children.length > max) list.lastChild.remove();
  };
  const draw = async () => {
    // No limit: the Api's default is the most it keeps (live.recent_events), which may be fewer than this list shows.
    const recent = (await get('/api/v1/feed/recent')).filter(frame => frame.type === 'payout').slice(0, max);
    shown.clear();
    list.replaceChildren();
    for (const frame of recent.reverse()) add(frame.payload, false);
    drawn = true;
    // Payouts that came over the socket while the list loaded are newer than all of it.
    for (const payout of early.splice(0)) add(payout, true);
  };
  const stops = [
    on('payout', (payout, channel) => {
      if (channel !== 'feed') return;
      if (drawn) add(payout, true);
      else early.push(payout);
    }),
    on('connection', ({ connected }) => { if (connected) draw().catch(() => {}); }),
  ];
  await draw();
  return () => stops.forEach(stop => stop());
}

// Words are asked for when a leaderboard is drawn: they load after the modules.
const windowNames = () => [['day', t('shared.board.today')], ['week', t('shared.board.thisWeek')], ['all', t('shared.board.allTime')]];
const boardTitles = () => ({ ban: t('shared.board.ban'), clicks: t('shared.board.clicks') });

/** Leaderboards with a tab per window, kept current by the feed's leaderboard frames. */
export async function leaderboard(container, boards) {
  const windows = windowNames();
  const titles = boardTitles();
  const choice = Object.fromEntries(boards.map(b => [b, 'all']));
  const bodies = {};
  const asked = {};
  const draw = async board => {
    const mine = asked[board] = (asked[board] ?? 0) + 1;
    const view = await get(`/api/v1/leaderboard?board=${board}&window=${choice[board]}&limit=10`);
    // A tab clicked since may have been answered first: only the latest question is shown.
    if (mine === asked[board]) show(board, view);
  };
  const show = (board, view) => {
    const caption = t('shared.board.caption', { board: titles[board], window: windows.find(w => w[0] === choice[board])[1] });
    replace(bodies[board], table(caption, [t('shared.board.rank'), t('shared.board.player'), titles[board]], view.entries,
      e => [number(e.rank), e.name || short(e.userId, 6), board === 'ban' ? ban(e.score) : number(e.score)], t('shared.board.empty')));
  };
  replace(container, h('div.grid', {}, boards.map(board => {
    const body = h('div');
    const tabs = h('div.tabs', { role: 'group', 'aria-label': t('shared.board.windows', { board: titles[board] }) }, windows.map(([w, label]) => h('button', {
      type: 'button', 'aria-pressed': String(w === choice[board]),
      onclick: async event => {
        choice[board] = w;
        for (const b of tabs.children) b.setAttribute('aria-pressed', String(b === event.currentTarget));
        await draw(board).catch(e => replace(bodies[board], notice('error', problemText(e))));
      },
    }, label)));
    bodies[board] = body;
    return h('section.card', { 'aria-labelledby': `board-${board}` }, h('h3', { id: `board-${board}` }, titles[board]), tabs, body);
  })));
  await Promise.all(boards.map(draw));
  return on('leaderboard', payload => {
    const view = payload.top ?? payload;
    if (bodies[view.board] && choice[view.board] === view.window) show(view.board, view);
  });
}

export function signInFirst(view, title, returnTo) {
  replace(view, h('h1', {}, title), h('p', {}, t('shared.signInFirst')),
    h('a.button', { href: `#/signin?returnTo=${encodeURIComponent(returnTo)}` }, t('common.signIn')));
}

/** A paged list: the first page, then "Show more" while the Api gives a next cursor. */
export function pagedTable(path, caption, headers, row) {
  const container = h('div');
  const items = [];
  const load = async (cursor, button) => {
    if (button) button.disabled = true;
    const page = await get(`${path}?limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    items.push(...page.items);
    const more = page.nextCursor ? h('button.secondary', { type: 'button', onclick: event => load(page.nextCursor, event.currentTarget).catch(shown) }, t('common.showMore')) : null;
    replace(container, table(caption, headers, items, row), more);
  };
  const shown = e => replace(container, notice('error', problemText(e)));
  track(load(null).catch(shown));
  return container;
}

/** Where a legal text is read in the app: its own page when the Api serves it, else the operator's URL. */
export const legalHref = (where, page) => where.startsWith('/') ? `#/${page}` : where;

/**
 * The age and terms a player confirms before paying (product.legal): two boxes and a button. `why` says what waits for
 * it; `accepted` runs once the Api has recorded the acceptance.
 */
export function termsCard(product, why, accepted) {
  const legal = product.legal;
  const age = h('input', { type: 'checkbox', id: 'terms-age', name: 'ageConfirmed', required: true });
  const terms = h('input', { type: 'checkbox', id: 'terms-accept', name: 'termsAccepted', required: true });
  const status = h('div', { 'aria-live': 'polite' });
  const form = h('form', {
    onsubmit: async event => {
      event.preventDefault();
      const button = form.querySelector('button[type=submit]');
      button.disabled = true;
      replace(status);
      try {
        await post('/api/v1/me/terms', { version: legal.version, ageConfirmed: age.checked });
        await accepted();
      } catch (e) {
        replace(status, notice('error', problemText(e)));
      } finally {
        button.disabled = false;
      }
    },
  },
  h('p', {}, ...tn('shared.terms.read', {
    terms: h('a', { href: legalHref(legal.terms, 'terms') }, t('shared.terms.terms')),
    privacy: h('a', { href: legalHref(legal.privacy, 'privacy') }, t('shared.terms.privacy')),
    version: legal.version,
  })),
  h('div', {}, h('span.check', {}, age, h('label', { for: 'terms-age' }, t('shared.terms.age', { count: legal.minimumAge })))),
  h('div', {}, h('span.check', {}, terms, h('label', { for: 'terms-accept' }, t('shared.terms.accept')))),
  h('div.actions', {}, h('button', { type: 'submit' }, t('shared.terms.submit'))));
  return h('section.card', { id: 'terms-gate', 'aria-labelledby': 'terms-title' },
    h('h2', { id: 'terms-title' }, t('shared.terms.title')), h('p', {}, why), form, status);
}
