// Home: what the faucet pays and how, the boosts running, the live payout feed, the countdown to the next round,
// leaderboards, donations, sign-in.

import { get } from '../api.js';
import { t, tn } from '../i18n.js';
import { on } from '../live.js';
import { ban, countdown, h, notice, number, problemText, replace, short, table, when } from '../ui.js';
import { leaderboard, liveFeed } from './shared.js';

export async function render(view, { product, session }) {
  const earning = product.earning;
  const next = h('span.stat', { id: 'next-settlement' }, '—');
  const pending = h('span', { id: 'pending-total' });
  const feed = h('ul.feed', { id: 'feed', role: 'log', 'aria-label': t('home.feed.label'), 'aria-live': 'polite', 'aria-relevant': 'additions' });
  const feedEmpty = h('p.muted', {}, t('home.feed.empty'));
  const boards = h('div', { id: 'leaderboards' });
  const boosts = h('div', { id: 'boosts' });
  const donations = product.donationAddress ? h('section.card', { id: 'donations', 'aria-labelledby': 'donations-title' }) : null;

  replace(view,
    h('section.hero', {},
      h('h1', {}, t('home.hero.title', { app: product.appName })),
      h('p', {}, ...(product.featureFlags?.clicker !== false
        ? tn('home.hero.killsAndClicks', { kill: ban(earning.banPerKill), click: ban(earning.banPerClick) })
        : tn('home.hero.kills', { kill: ban(earning.banPerKill) }))),
      h('p', {}, t('home.hero.schedule', { minutes: number(earning.schedulerMinutes), count: earning.dailyPayoutCap, weekly: number(earning.weeklyPayoutCap) })),
      session.me
        ? h('a.button', { href: '#/me' }, t('home.hero.earned'))
        : h('div.actions', {}, h('a.button', { href: '#/signin' }, t('home.hero.signIn')), h('a.button.secondary', { href: '#/how' }, t('home.hero.how'))),
      boosts),
    h('div.grid', {},
      h('section.card', { 'aria-labelledby': 'next-title' },
        h('h2', { id: 'next-title' }, t('home.next.title')),
        h('p', {}, next),
        h('p.muted', {}, pending)),
      h('section.card', { 'aria-labelledby': 'feed-title' },
        h('h2', { id: 'feed-title' }, t('home.feed.title')),
        feedEmpty, feed)),
    h('h2', {}, t('home.leaderboards')),
    boards,
    donations);

  // Boosts and donations are extras: one that cannot be loaded says so in its place and stops nothing else.
  let boostView = null;
  const drawBoosts = () => get('/api/v1/boosts').then(
    view => { boostView = view; replace(boosts, ...boostLines(view)); },
    e => { boostView = null; replace(boosts, notice('error', problemText(e))); });
  const extras = Promise.all([
    drawBoosts(),
    donations && get('/api/v1/donations').then(board => showDonations(donations, board), e => replace(donations, notice('error', problemText(e)))),
  ]);
  const schedule = await get('/api/v1/settlement');
  let nextAt = schedule.nextRunAt;
  const showNext = () => { next.textContent = nextAt ? countdown(nextAt) : t('home.next.notScheduled'); };
  showNext();
  const stops = [
    await liveFeed(feed, feedEmpty, product, 20),
    await leaderboard(boards, ['ban', ...(product.featureFlags?.clicker !== false ? ['clicks'] : [])]),
  ];
  await extras;
  // Timers and listeners only once everything the page needs has loaded: a failed load leaves nothing running.
  const timer = setInterval(showNext, 1000);
  // A boost that ends, or one that starts, while the page is open is drawn again a second after.
  let boostTimer = null;
  const redrawAtNextChange = () => {
    const wait = untilBoostsChange(boostView);
    if (wait !== null) boostTimer = setTimeout(() => drawBoosts().then(redrawAtNextChange), wait);
  };
  redrawAtNextChange();
  stops.push(
    () => clearTimeout(boostTimer),
    () => clearInterval(timer),
    on('tick', tick => {
      nextAt = tick.nextSettlementAt;
      showNext();
      replace(pending, ...tn('home.next.pending', { amount: ban(tick.pendingBan), count: tick.playersPending }));
    }));
  return () => stops.forEach(stop => stop());
}

// A boost in words, by what it applies to (both, kills, clicks): its name and multiplier, and for the next one its times.
const boosted = b => {
  const words = { name: b.name, times: times(b.multiplier) };
  return { both: t('home.boost.both', words), kills: t('home.boost.kills', words), clicks: t('home.boost.clicks', words) }[b.appliesTo];
};
const nextBoost = b => {
  const words = { name: b.name, times: times(b.multiplier), from: when(b.startsAt), until: when(b.endsAt) };
  return { both: t('home.boost.next.both', words), kills: t('home.boost.next.kills', words), clicks: t('home.boost.next.clicks', words) }[b.appliesTo];
};
const times = multiplier => t('home.boost.times', { multiplier: number(multiplier) });

/** The boosts running now, each with its end, and the next one to come. */
function boostLines(view) {
  const lines = view.running.map(b => h('p.boost', {},
    ...tn('home.boost.running', { boost: h('strong', {}, boosted(b)), until: when(b.endsAt) })));
  if (view.donations) {
    // The Api names the milestone's boost in English (the journal keeps that name); the page says it in its own words.
    lines.push(h('p.boost', {}, ...tn('home.boost.donations', {
      boost: h('strong', {}, t('home.boost.both', { name: t('home.boost.donorsName', { amount: ban(view.donations.ban) }), times: times(view.donations.multiplier) })),
      until: when(view.donations.endsAt),
    })));
  }
  if (view.next) {
    lines.push(h('p.muted', {}, nextBoost(view.next)));
  }
  return lines;
}

/** Milliseconds until the first of the boosts' ends and starts still to come (and a second), or null for none. */
function untilBoostsChange(view) {
  if (!view) return null;
  const times = [...view.running.map(b => b.endsAt), view.next?.startsAt, view.donations?.endsAt]
    .filter(Boolean).map(at => new Date(at) - Date.now()).filter(left => left > 0);
  return times.length ? Math.min(Math.min(...times) + 1000, 2 ** 31 - 1) : null;
}

/** The donation address with its QR code, the week's progress to the next milestone, and the donors boards. */
function showDonations(card, board) {
  // The address in short, with the whole of it for screen readers and on hover.
  const donor = d => [h('span.mono', { title: d.from }, h('span', { 'aria-hidden': 'true' }, short(d.from, 8)), h('span.visually-hidden', {}, d.from)),
    ban(d.amount), number(d.donations)];
  const headers = [t('home.donations.address'), t('home.donations.donated'), t('home.donations.donations')];
  replace(card,
    h('h2', { id: 'donations-title' }, t('home.donations.title')),
    h('div.donate', {},
      h('img.qr', { src: '/api/v1/donations/qr.svg', alt: t('home.donations.qr'), width: 160, height: 160 }),
      h('div', {},
        h('p', {}, t('home.donations.send')),
        h('p', {}, h('code.mono', { id: 'donation-address' }, board.address)),
        h('p', { id: 'donations-week' }, ...(board.nextMilestone
          ? tn('home.donations.weekToMilestone', { amount: ban(board.thisWeek), milestone: ban(board.nextMilestone.ban), times: times(board.nextMilestone.multiplier) })
          : tn('home.donations.week', { amount: ban(board.thisWeek) }))),
        board.nodeFailingSince
          ? h('p.muted', {}, t('home.donations.nodeFailing', { since: when(board.nodeFailingSince) }))
          : null)),
    h('div.grid', {},
      h('section', {}, h('h3', {}, t('home.donations.weekDonors')),
        table(t('home.donations.weekDonors'), headers, board.weekDonors, donor, t('home.donations.weekEmpty'))),
      h('section', {}, h('h3', {}, t('home.donations.allTimeDonors')),
        table(t('home.donations.allTimeDonors'), headers, board.allTimeDonors, donor, t('home.donations.allTimeEmpty')))));
}
