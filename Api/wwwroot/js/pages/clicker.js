// The clicker: one coin, one click in flight at a time (the coin dims until the answer), counts and rewards.

import { get, post } from '../api.js';
import { on } from '../live.js';
import { ban, banToRaw, count, h, newKey, notice, number, problemText, rawToBan, replace, when } from '../ui.js';
import { liveFeed, signInFirst } from './shared.js';

export async function render(view, { session, product }) {
  if (!session.me) return signInFirst(view, 'Clicker', '#/clicker');
  const earning = product.earning;
  const counts = { today: h('span.stat', { id: 'clicks-today' }, '—'), week: h('span', { id: 'clicks-week' }, '—'), all: h('span', { id: 'clicks-all' }, '—') };
  const earned = h('span', { id: 'clicks-earned' }, ban('0'));
  const message = h('div', { 'aria-live': 'polite', id: 'click-message' });
  const feed = h('ul.feed', { 'aria-label': 'Latest payouts', role: 'log' });
  const feedEmpty = h('p.muted', {}, 'No payouts yet.');
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
        earnedRaw += banToRaw(answer.reward);
        replace(earned, ban(rawToBan(earnedRaw)));
        replace(message);
      } catch (e) {
        replace(message, notice('error',
          e.status === 429 ? `Too fast: that click was not counted. Click again in ${count(Math.max(1, Math.ceil((new Date(e.problem.retryAt) - Date.now()) / 1000)), 'second', 'seconds')}.`
          : e.status === 403 && e.problem?.bannedUntil ? `That click was not counted: your clicks looked automated, so the clicker is closed to you until ${when(e.problem.bannedUntil)}.`
          : problemText(e)));
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
        h('p.hint', { id: 'coin-help' }, 'Each click earns ', ban(earning.banPerClick), `: up to ${count(earning.clickerBucketCapacity, 'click', 'clicks')} in a quick burst, then ${number(earning.clickerRefillPerSecond)} a second. Clicks reach your pending balance every few seconds.`),
        message),
      h('section.card', { 'aria-labelledby': 'counts-title' },
        h('h2', { id: 'counts-title' }, 'Your clicks'),
        h('p', {}, 'Today: ', counts.today),
        h('p', {}, 'This week: ', counts.week, h('br'), 'All time: ', counts.all),
        h('p', {}, 'Earned on this visit: ', earned)),
      h('section.card', { 'aria-labelledby': 'clicker-feed-title' },
        h('h2', { id: 'clicker-feed-title' }, 'Live payouts'), feedEmpty, feed)));

  const status = await get('/api/v1/click');
  show(status.counts);
  if (status.bannedUntil) replace(message, notice('error', `The clicker is closed to you until ${when(status.bannedUntil)}: your clicks looked automated.`));
  const stops = [await liveFeed(feed, feedEmpty, product, 10), on('click', payload => show(payload.counts))];
  return () => stops.forEach(stop => stop());
}
