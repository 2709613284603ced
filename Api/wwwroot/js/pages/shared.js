// Pieces more than one page shows: a payout line, a block link, leaderboards.

import { get } from '../api.js';
import { on } from '../live.js';
import { ban, h, notice, number, problemText, replace, short, table, when } from '../ui.js';

export function blockLink(hash, product) {
  if (!hash) return '—';
  const url = product.blockExplorerUrl;
  return url ? h('a.mono', { href: url.replace('{hash}', encodeURIComponent(hash)), rel: 'noopener', target: '_blank' }, short(hash, 8)) : h('span.mono', { title: hash }, short(hash, 8));
}

export function feedItem(payout, product) {
  return h('li', { dataset: { payout: payout.payoutId } },
    h('span', {}, h('strong', {}, ban(payout.amount)), ' to ', h('span.mono', { title: payout.destination }, short(payout.destination, 9))),
    h('span.muted', {}, blockLink(payout.block, product), ' · ', h('time', { datetime: payout.sentAt }, when(payout.sentAt))));
}

const windows = [['day', 'Today'], ['week', 'This week'], ['all', 'All time']];
const titles = { ban: 'BAN paid', clicks: 'Clicks' };

/** Leaderboards with a tab per window, kept current by the feed's leaderboard frames. */
export async function leaderboard(container, boards) {
  const choice = Object.fromEntries(boards.map(b => [b, 'all']));
  const cards = {};
  const draw = async board => {
    const view = await get(`/api/v1/leaderboard?board=${board}&window=${choice[board]}&limit=10`);
    show(board, view);
  };
  const show = (board, view) => {
    const card = cards[board];
    replace(card.body, table(`${titles[board]}, ${windows.find(w => w[0] === choice[board])[1]}`, ['#', 'Player', titles[board]], view.entries,
      e => [number(e.rank), e.name || short(e.userId, 6), board === 'ban' ? ban(e.score) : number(e.score)], 'Nobody yet.'));
  };
  replace(container, h('div.grid', {}, boards.map(board => {
    const body = h('div');
    const tabs = h('div.tabs', { role: 'group', 'aria-label': `${titles[board]} period` }, windows.map(([w, label]) => h('button', {
      type: 'button', 'aria-pressed': String(w === choice[board]),
      onclick: async event => {
        choice[board] = w;
        for (const b of tabs.children) b.setAttribute('aria-pressed', String(b === event.currentTarget));
        await draw(board);
      },
    }, label)));
    cards[board] = { body };
    return h('section.card', { 'aria-labelledby': `board-${board}` }, h('h3', { id: `board-${board}` }, titles[board]), tabs, body);
  })));
  await Promise.all(boards.map(draw));
  return on('leaderboard', payload => {
    const view = payload.top ?? payload;
    if (cards[view.board] && choice[view.board] === view.window) show(view.board, view);
  });
}

export function signInFirst(view, title, returnTo) {
  replace(view, h('h1', {}, title), h('p', {}, 'Sign in to see this page.'),
    h('a.button', { href: `#/signin?returnTo=${encodeURIComponent(returnTo)}` }, 'Sign in'));
}

/** A paged list: the first page, then "Show more" while the Api gives a next cursor. */
export function pagedTable(path, caption, headers, row) {
  const container = h('div');
  const items = [];
  const load = async cursor => {
    const page = await get(`${path}?limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    items.push(...page.items);
    const more = page.nextCursor ? h('button.secondary', { type: 'button', onclick: () => load(page.nextCursor) }, 'Show more') : null;
    replace(container, table(caption, headers, items, row), more);
  };
  load(null).catch(e => replace(container, notice('error', problemText(e))));
  return container;
}
