// The clicker: one coin, one click in flight at a time (the coin dims until the answer), counts and rewards.

import { post } from '../api.js';
import { on } from '../live.js';
import { ban, h, newKey, notice, number, problemText, replace, when } from '../ui.js';
import { feedItem, signInFirst } from './shared.js';

export async function render(view, { session, product }) {
  if (!session.me) return signInFirst(view, 'Clicker', '#/clicker');
  const earning = product.earning;
  const counts = { today: h('span.stat', { id: 'clicks-today' }, '—'), week: h('span', { id: 'clicks-week' }, '—'), all: h('span', { id: 'clicks-all' }, '—') };
  const earned = h('span', { id: 'clicks-earned' }, ban('0'));
  const message = h('div', { 'aria-live': 'polite', id: 'click-message' });
  const feed = h('ul.feed', { 'aria-label': 'Latest payouts' });
  let inFlight = false;
  let earnedRaw = 0n;

  const show = c => {
    counts.today.textContent = number(c.today);
    counts.week.textContent = number(c.thisWeek);
    counts.all.textContent = number(c.allTime);
  };

  const coin = h('button.coin', {
    type: 'button', id: 'coin', 'aria-describedby': 'coin-help',
    onclick: async () => {
      if (inFlight) return;
      inFlight = true;
      coin.setAttribute('aria-busy', 'true');
      try {
        const answer = await post('/api/v1/click', { clientNonce: newKey() });
        show(answer.counts);
        earnedRaw += scaled(answer.reward);
        earned.textContent = ban(unscaled(earnedRaw));
        replace(message);
      } catch (e) {
        const until = e.problem?.retryAt ?? e.problem?.bannedUntil;
        replace(message, notice('error', `${e.problem?.title ?? 'Not counted'}: ${problemText(e)}${until ? ` (${when(until)})` : ''}`));
      } finally {
        inFlight = false;
        coin.removeAttribute('aria-busy');
      }
    },
  }, 'Click!');

  replace(view,
    h('h1', {}, 'Clicker'),
    h('div.grid', {},
      h('section.card.center', { 'aria-labelledby': 'coin-title' },
        h('h2', { id: 'coin-title' }, 'The coin'),
        coin,
        h('p.hint', { id: 'coin-help' }, `Each click earns ${ban(earning.banPerClick)}: a burst of ${number(earning.clickBurst)}, then ${number(earning.clicksPerSecond)} a second. Clicks reach your pending balance every few seconds.`),
        message),
      h('section.card', { 'aria-labelledby': 'counts-title' },
        h('h2', { id: 'counts-title' }, 'Your clicks'),
        h('p', {}, 'Today: ', counts.today),
        h('p', {}, 'This week: ', counts.week, h('br'), 'All time: ', counts.all),
        h('p', {}, 'Earned on this visit: ', earned)),
      h('section.card', { 'aria-labelledby': 'clicker-feed-title' },
        h('h2', { id: 'clicker-feed-title' }, 'Live payouts'), feed)));

  return [
    on('click', payload => show(payload.counts)),
    on('payout', payout => { feed.prepend(feedItem(payout, product)); while (feed.children.length > 10) feed.lastChild.remove(); }),
  ].reduce((all, stop) => () => { all(); stop(); }, () => {});
}

// BAN has 29 decimals: sums are kept as integers of raw, never as floating point.
const decimals = 29;
function scaled(amount) {
  const [whole, fraction = ''] = String(amount).split('.');
  return BigInt(whole) * 10n ** BigInt(decimals) + BigInt(fraction.padEnd(decimals, '0') || '0');
}
function unscaled(raw) {
  const whole = raw / 10n ** BigInt(decimals);
  const fraction = (raw % 10n ** BigInt(decimals)).toString().padStart(decimals, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : `${whole}`;
}
