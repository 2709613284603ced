// Home: what the faucet pays and how, the boosts running, the live payout feed, the countdown to the next round,
// leaderboards, donations, sign-in.

import { get } from '../api.js';
import { on } from '../live.js';
import { ban, count, countdown, h, notice, number, problemText, replace, short, table, when } from '../ui.js';
import { leaderboard, liveFeed } from './shared.js';

export async function render(view, { product, session }) {
  const earning = product.earning;
  const next = h('span.stat', { id: 'next-settlement' }, '—');
  const pending = h('span', { id: 'pending-total' });
  const feed = h('ul.feed', { id: 'feed', role: 'log', 'aria-label': 'Latest payouts', 'aria-live': 'polite', 'aria-relevant': 'additions' });
  const feedEmpty = h('p.muted', {}, 'No payouts yet. The next round pays everyone with BAN waiting.');
  const boards = h('div', { id: 'leaderboards' });
  const boosts = h('div', { id: 'boosts' });
  const donations = product.donationAddress ? h('section.card', { id: 'donations', 'aria-labelledby': 'donations-title' }) : null;

  replace(view,
    h('section.hero', {},
      h('h1', {}, `Earn BAN with ${product.appName}`),
      h('p', {}, ban(earning.banPerKill), ' for every Fortnite kill the stats confirm',
        product.featureFlags?.clicker !== false ? [', ', ban(earning.banPerClick), ' for every coin click'] : null, '.'),
      h('p', {}, `Paid to your Banano wallet every ${number(earning.schedulerMinutes)} minutes, in random order: up to ${count(earning.dailyPayoutCap, 'payout', 'payouts')} a day and ${number(earning.weeklyPayoutCap)} a week.`),
      session.me
        ? h('a.button', { href: '#/me' }, 'See what you have earned')
        : h('div.actions', {}, h('a.button', { href: '#/signin' }, 'Sign in to start'), h('a.button.secondary', { href: '#/how' }, 'How it works')),
      boosts),
    h('div.grid', {},
      h('section.card', { 'aria-labelledby': 'next-title' },
        h('h2', { id: 'next-title' }, 'Next settlement'),
        h('p', {}, next),
        h('p.muted', {}, pending)),
      h('section.card', { 'aria-labelledby': 'feed-title' },
        h('h2', { id: 'feed-title' }, 'Live payouts'),
        feedEmpty, feed)),
    h('h2', {}, 'Leaderboards'),
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
  const showNext = () => { next.textContent = nextAt ? countdown(nextAt) : 'Not scheduled'; };
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
      replace(pending, ban(tick.pendingBan), ` waiting for ${count(tick.playersPending, 'player', 'players')}.`);
    }));
  return () => stops.forEach(stop => stop());
}

const boosted = { both: 'kills and clicks', kills: 'kills', clicks: 'clicks' };
const times = multiplier => `${number(multiplier)}×`;

/** The boosts running now, each with its end, and the next one to come. */
function boostLines(view) {
  const lines = view.running.map(b => h('p.boost', {},
    h('strong', {}, `${b.name}: ${boosted[b.appliesTo]} earn ${times(b.multiplier)}`), ` until ${when(b.endsAt)}.`));
  if (view.donations) {
    lines.push(h('p.boost', {}, h('strong', {}, `${view.donations.name}: kills and clicks earn ${times(view.donations.multiplier)}`),
      ` until ${when(view.donations.endsAt)}, thanks to the donors.`));
  }
  if (view.next) {
    lines.push(h('p.muted', {}, `Next boost: ${view.next.name}, ${boosted[view.next.appliesTo]} earn ${times(view.next.multiplier)} from ${when(view.next.startsAt)} until ${when(view.next.endsAt)}.`));
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
  replace(card,
    h('h2', { id: 'donations-title' }, 'Donate'),
    h('div.donate', {},
      h('img.qr', { src: '/api/v1/donations/qr.svg', alt: 'QR code of the donation address', width: 160, height: 160 }),
      h('div', {},
        h('p', {}, 'Donations keep the faucet paying. Send BAN from any wallet to:'),
        h('p', {}, h('code.mono', { id: 'donation-address' }, board.address)),
        h('p', { id: 'donations-week' }, 'This week: ', ban(board.thisWeek), ' donated',
          board.nextMilestone
            ? [`. At `, ban(board.nextMilestone.ban), ` kills and clicks earn ${times(board.nextMilestone.multiplier)} for the rest of the week.`]
            : '.'),
        board.nodeFailingSince
          ? h('p.muted', {}, `The Banano node has not answered since ${when(board.nodeFailingSince)}; new donations show once it does.`)
          : null)),
    h('div.grid', {},
      h('section', {}, h('h3', {}, 'Donors this week'),
        table('Donors this week', ['Address', 'Donated', 'Donations'], board.weekDonors, donor, 'No donations this week yet.')),
      h('section', {}, h('h3', {}, 'Donors of all time'),
        table('Donors of all time', ['Address', 'Donated', 'Donations'], board.allTimeDonors, donor, 'No donations yet.'))));
}
