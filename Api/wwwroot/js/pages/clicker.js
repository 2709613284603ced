// The clicker: one coin, one click in flight at a time (the coin dims until the answer), counts and rewards.

import { get, post } from '../api.js';
import { t, tn } from '../i18n.js';
import { on } from '../live.js';
import { ban, banToRaw, h, newKey, notice, number, problemText, rawToBan, replace, when } from '../ui.js';
import { liveFeed, signInFirst } from './shared.js';

export async function render(view, { session, product }) {
  if (!session.me) return signInFirst(view, t('clicker.title'), '#/clicker');
  const earning = product.earning;
  const counts = { today: h('span.stat', { id: 'clicks-today' }, '—'), week: h('span', { id: 'clicks-week' }, '—'), all: h('span', { id: 'clicks-all' }, '—') };
  const earned = h('span', { id: 'clicks-earned' }, ban('0'));
  const message = h('div', { 'aria-live': 'polite', id: 'click-message' });
  const feed = h('ul.feed', { 'aria-label': t('clicker.feed.label'), role: 'log' });
  const feedEmpty = h('p.muted', {}, t('clicker.feed.empty'));
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
          e.status === 429 ? t('clicker.tooFast', { count: Math.max(1, Math.ceil((new Date(e.problem.retryAt) - Date.now()) / 1000)) })
          : e.status === 403 && e.problem?.bannedUntil ? t('clicker.notCounted', { until: when(e.problem.bannedUntil) })
          : problemText(e)));
      } finally {
        inFlight = false;
        coin.removeAttribute('aria-busy');
      }
    },
  }, t('clicker.coin.click'));

  replace(view,
    h('h1', {}, t('clicker.title')),
    h('div.grid', {},
      h('section.card.center', { 'aria-labelledby': 'coin-title' },
        h('h2', { id: 'coin-title' }, t('clicker.coin.title')),
        coin,
        h('p.hint', { id: 'coin-help' }, ...tn('clicker.coin.help', {
          amount: ban(earning.banPerClick), count: earning.clickerBucketCapacity, refill: number(earning.clickerRefillPerSecond),
        })),
        message),
      h('section.card', { 'aria-labelledby': 'counts-title' },
        h('h2', { id: 'counts-title' }, t('clicker.counts.title')),
        h('p', {}, ...tn('clicker.counts.today', { clicks: counts.today })),
        h('p', {}, ...tn('clicker.counts.week', { clicks: counts.week }), h('br'), ...tn('clicker.counts.allTime', { clicks: counts.all })),
        h('p', {}, ...tn('clicker.counts.earned', { amount: earned }))),
      h('section.card', { 'aria-labelledby': 'clicker-feed-title' },
        h('h2', { id: 'clicker-feed-title' }, t('clicker.feed.title')), feedEmpty, feed)));

  const status = await get('/api/v1/click');
  show(status.counts);
  if (status.bannedUntil) replace(message, notice('error', t('clicker.closed', { until: when(status.bannedUntil) })));
  const stops = [await liveFeed(feed, feedEmpty, product, 10), on('click', payload => show(payload.counts))];
  return () => stops.forEach(stop => stop());
}
