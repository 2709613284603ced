// Home: what the faucet pays and how, the live payout feed, the countdown to the next round, leaderboards, sign-in.

import { get } from '../api.js';
import { on } from '../live.js';
import { ban, count, countdown, h, number, replace } from '../ui.js';
import { leaderboard, liveFeed } from './shared.js';

export async function render(view, { product, session }) {
  const earning = product.earning;
  const next = h('span.stat', { id: 'next-settlement' }, '—');
  const pending = h('span', { id: 'pending-total' });
  const feed = h('ul.feed', { id: 'feed', role: 'log', 'aria-label': 'Latest payouts', 'aria-live': 'polite', 'aria-relevant': 'additions' });
  const feedEmpty = h('p.muted', {}, 'No payouts yet. The next round pays everyone with BAN waiting.');
  const boards = h('div', { id: 'leaderboards' });

  replace(view,
    h('section.hero', {},
      h('h1', {}, `Earn BAN with ${product.appName}`),
      h('p', {}, ban(earning.banPerKill), ' for every Fortnite kill the stats confirm',
        product.featureFlags?.clicker !== false ? [', ', ban(earning.banPerClick), ' for every coin click'] : null, '.'),
      h('p', {}, `Paid to your Banano wallet every ${number(earning.schedulerMinutes)} minutes, in random order: up to ${count(earning.dailyPayoutCap, 'payout', 'payouts')} a day and ${number(earning.weeklyPayoutCap)} a week.`),
      session.me
        ? h('a.button', { href: '#/me' }, 'See what you have earned')
        : h('div.actions', {}, h('a.button', { href: '#/signin' }, 'Sign in to start'), h('a.button.secondary', { href: '#/how' }, 'How it works'))),
    h('div.grid', {},
      h('section.card', { 'aria-labelledby': 'next-title' },
        h('h2', { id: 'next-title' }, 'Next settlement'),
        h('p', {}, next),
        h('p.muted', {}, pending)),
      h('section.card', { 'aria-labelledby': 'feed-title' },
        h('h2', { id: 'feed-title' }, 'Live payouts'),
        feedEmpty, feed)),
    h('h2', {}, 'Leaderboards'),
    boards);

  const schedule = await get('/api/v1/settlement');
  let nextAt = schedule.nextRunAt;
  const showNext = () => { next.textContent = nextAt ? countdown(nextAt) : 'Not scheduled'; };
  showNext();
  const stops = [
    await liveFeed(feed, feedEmpty, product, 20),
    await leaderboard(boards, ['ban', ...(product.featureFlags?.clicker !== false ? ['clicks'] : [])]),
  ];
  // Timers and listeners only once everything the page needs has loaded: a failed load leaves nothing running.
  const timer = setInterval(showNext, 1000);
  stops.push(
    () => clearInterval(timer),
    on('tick', tick => {
      nextAt = tick.nextSettlementAt;
      showNext();
      replace(pending, ban(tick.pendingBan), ` waiting for ${count(tick.playersPending, 'player', 'players')}.`);
    }));
  return () => stops.forEach(stop => stop());
}
