// Operator pages: the state of the faucet and enough of the admin API to run it from the browser. The admin API takes
// a bearer token (never the cookie): a signed-in admin's (or support's) own access token, or else the operator token
// typed here, which lives only as long as the page.

import { api, hasOperatorToken, useOperatorToken } from '../api.js';
import { ban, count, h, money, notice, number, plural, problemText, replace, short, statusText, table, when } from '../ui.js';
import { blockLink } from './shared.js';

let staff = false;

const admin = (method, path, body) => api(method, path, body, { admin: true, asOperator: !staff });
const canAct = session => session.isAdmin() || (!staff && hasOperatorToken());

export async function render(view, { session, product, rest }) {
  const section = rest[0] || 'overview';
  const tabs = [['overview', 'Overview'], ['rounds', 'Rounds'], ['users', 'Users'], ['payouts', 'Payouts'], ['manual', 'Manual payouts'], ['audit', 'Audit log'], ['webhooks', 'Webhooks'], ['regions', 'Regions']];
  const body = h('div');
  replace(view,
    h('h1', {}, 'Operator'),
    h('nav', { 'aria-label': 'Operator' }, h('ul.tabs.plain', {}, tabs.map(([id, label]) =>
      h('li', {}, h('a.button' + (id === section ? '' : '.secondary'), { href: `#/operator/${id}`, 'aria-current': id === section ? 'page' : undefined }, label))),
      h('li', {}, h('a.button.secondary', { href: '/dashboard/' }, 'Orleans dashboard')))),
    body);
  staff = session.isStaff();
  const again = () => render(view, { session, product, rest });
  if (!staff && !hasOperatorToken()) return tokenForm(body, again);
  const page = { stopped: false };
  try {
    await ({ overview, rounds, users, payouts, manual, audit, webhooks, regions }[section] ?? overview)(body, product, session, page);
  } catch (e) {
    if (!staff && (e.status === 401 || e.status === 403)) return tokenForm(body, again, problemText(e));
    replace(body, notice('error', problemText(e)));
  }
  return () => { page.stopped = true; };
}

function tokenForm(body, retry, why) {
  const input = h('input', { type: 'password', id: 'operator-token', autocomplete: 'off' });
  replace(body,
    why ? notice('error', why) : null,
    h('form', {
      onsubmit: event => {
        event.preventDefault();
        useOperatorToken(input.value.trim());
        retry();
      },
    },
    h('div.field', {}, h('label', { for: 'operator-token' }, 'Operator token'), input,
      h('p.hint', {}, 'Sign in with an admin identity, or give the operator token (kept until you leave or reload the page).')),
    h('button', { type: 'submit' }, 'Open')));
}

const grid = (...cards) => h('div.grid', {}, cards);
const card = (title, ...content) => h('section.card', {}, h('h2', {}, title), content);

function roundLines(round) {
  if (!round) return h('p.muted', {}, 'No round has run yet.');
  return h('ul', { id: 'last-round' },
    h('li', {}, `Round ${number(round.number)}: `, h('strong', {}, statusText(round.status))),
    h('li', {}, `${count(round.payoutsStarted, 'payout', 'payouts')} of ${number(round.planned)} planned, `, ban(round.total)),
    round.status === 'paying' ? h('li', { id: 'round-progress' },
      h('progress', { max: Math.max(1, round.planned), value: round.cursor }),
      ` ${number(round.cursor)} of ${count(round.planned, 'player', 'players')}; `,
      round.estimatedEndAt ? `ends about ${when(round.estimatedEndAt)}` : 'end estimated after the first batch') : null,
    h('li', {}, 'Skipped: ', skippedText(round)),
    round.skipReason ? h('li', {}, `Skipped: ${round.skipReason}`) : null,
    h('li', {}, `Started ${when(round.startedAt)}, finished ${when(round.finishedAt)}`));
}

function skippedText(round) {
  return `${count(round.skippedNoWallet, 'player', 'players')} without a wallet, ${number(round.skippedByCaps)} at their payout limit, ${number(round.skippedByBalance ?? 0)} for want of balance`;
}

// Each source account as the node has it now. Receivable BAN is not spendable until the node receives it.
function accountsCard(settlement) {
  return card('Source accounts',
    h('p', {}, `${count(settlement.accounts.length, 'account', 'accounts')} paying at once, one send each at a time. Floor `, ban(settlement.floor), ' over all of them.'),
    table('Source accounts', ['Account', 'Balance', 'Receivable', 'Sending'], settlement.accounts, a => [
      h('span.mono', { title: a.address }, short(a.address, 8)),
      a.balance != null ? ban(a.balance) : h('span', { title: a.error ?? '' }, 'unknown'),
      a.receivable != null ? ban(a.receivable) : '—',
      a.sendsInFlight > 0 ? 'yes' : 'no']),
    settlement.accounts.some(a => a.receivable && a.receivable !== '0')
      ? notice('info', 'Some BAN is receivable but not yet received: the node must receive it before it can be paid out.') : null);
}

async function overview(body, product, session, page, said) {
  const [stats, settlement] = await Promise.all([admin('GET', '/api/v1/admin/stats'), admin('GET', '/api/v1/admin/settlement')]);
  const roundBox = h('div', {}, roundLines(settlement.lastRound));
  const status = h('div', { 'aria-live': 'polite' }, said);
  replace(body,
    product.dryRun ? notice('info', 'Dry run: rounds record payouts without sending them.') : null,
    grid(
      card('Players',
        h('p', {}, h('span.stat', {}, number(stats.players.total)), ` ${plural(stats.players.total, 'player', 'players')}`),
        h('p', {}, `${number(stats.players.withWallet)} with a wallet, ${number(stats.players.epicLinked)} Epic-linked, ${number(stats.players.banned)} banned, ${number(stats.players.flagged)} flagged`)),
      card('BAN',
        h('p', {}, 'Pending: ', h('strong', {}, ban(stats.pending))),
        h('p', {}, 'Accrued in the last day: ', ban(stats.accruedLastDay), h('br'), 'Paid in all: ', ban(stats.paidTotal)),
        h('p', {}, `Payouts: ${number(stats.payouts.sent)} sent, ${number(stats.payouts.pending)} pending, ${number(stats.payouts.failed)} failed, ${number(stats.payouts.dryRun)} recorded without sending (dry run)`)),
      card('Settlement',
        h('p', {}, `Every ${number(settlement.scheduler.intervalMinutes)} minutes; next ${when(settlement.scheduler.nextRunAt)}`),
        roundBox,
        canAct(session) ? h('button', {
          type: 'button', id: 'run-round',
          onclick: async event => {
            event.target.disabled = true;
            try {
              const round = await admin('POST', '/api/v1/admin/settlement/run', {});
              replace(status, notice('ok', `Round ${number(round.number)} opened.`));
              // The round pays on in the cluster; its record is read again until it is done.
              for (let i = 0; i < 60 && !page.stopped; i++) {
                const now = await admin('GET', `/api/v1/admin/rounds/${round.number}`);
                replace(roundBox, roundLines(now));
                if (now.status === 'done' || now.status === 'skipped') {
                  // Its payouts change every count on this page: all of it is read again.
                  if (!page.stopped) await overview(body, product, session, page, notice('ok', `Round ${number(round.number)}: ${statusText(now.status).toLowerCase()}.`));
                  return;
                }
                await new Promise(r => setTimeout(r, 500));
              }
            } catch (e) {
              replace(status, notice('error', problemText(e)));
            } finally {
              event.target.disabled = false;
            }
          },
        }, 'Run a round now') : null,
        status)),
    accountsCard(settlement),
    card('Last day', h('p', { id: 'last-day' }, `${count(stats.acceptedClicksLastDay, 'accepted click', 'accepted clicks')}; `,
      h('a', { href: '#/operator/manual' }, `${count(stats.manualPayoutsAwaitingApproval, 'manual payout awaits', 'manual payouts await')} approval`), '.')));
}

async function rounds(body) {
  const { scheduler } = await admin('GET', '/api/v1/admin/settlement');
  const numbers = Array.from({ length: Math.min(20, scheduler.lastRound) }, (_, i) => scheduler.lastRound - i);
  const list = await Promise.all(numbers.map(n => admin('GET', `/api/v1/admin/rounds/${n}`)));
  replace(body, table('Settlement rounds', ['Round', 'Status', 'Paid', 'Planned', 'Skipped', 'Seed', 'Started', 'Finished'], list, r => [
    number(r.number), r.skipReason ? `${statusText(r.status)}: ${r.skipReason}` : statusText(r.status), [`${count(r.payoutsStarted, 'payout', 'payouts')}, `, ban(r.total)], number(r.planned),
    skippedText(r), String(r.seed), when(r.startedAt), when(r.finishedAt)]));
}

async function users(body, product, session) {
  const q = h('input', { type: 'search', id: 'user-search', name: 'q', placeholder: 'User id, identity, wallet or name' });
  const results = h('div');
  const detail = h('div', { 'aria-live': 'polite' });
  const failed = e => replace(detail, notice('error', problemText(e)));
  // A player's detail opens in a row under theirs, where "Open" was pressed, not under the whole list.
  const place = (id, content) => {
    results.querySelector('tr.user-detail')?.remove();
    replace(detail);
    const row = results.querySelector(`button[data-user="${CSS.escape(id)}"]`)?.closest('tr');
    if (!row) return replace(detail, content);
    row.after(h('tr.user-detail', {}, h('td', { colspan: String(row.children.length) }, content)));
  };
  const search = async () => {
    const page = await admin('GET', `/api/v1/admin/users?limit=50${q.value ? `&q=${encodeURIComponent(q.value)}` : ''}`);
    replace(results, table('Players', ['Player', 'Wallet', 'Epic', 'Ban', 'Flags', ''], page.items, u => [
      h('span', { title: u.userId }, u.displayName || short(u.userId, 6)), u.wallet ? h('span.mono', { title: u.wallet }, short(u.wallet, 8)) : '—',
      u.epic, u.ban?.inForce ? `banned${u.ban.until ? ` until ${when(u.ban.until)}` : ''}` : '', number(u.flags),
      h('button.secondary', { type: 'button', dataset: { user: u.userId }, 'aria-label': `Open ${u.displayName || u.userId}`, onclick: () => showUser(u.userId).catch(failed) }, 'Open')]));
  };
  const showUser = async (id, said) => {
    const d = await admin('GET', `/api/v1/admin/users/${id}`);
    const status = h('div', { 'aria-live': 'polite' }, said);
    const reason = h('input', { type: 'text', id: 'ban-reason', placeholder: 'Reason' });
    const act = async (method, path, bodyJson, done) => {
      try {
        await admin(method, path, bodyJson);
        await search();
        await showUser(id, notice('ok', done));
      } catch (e) {
        replace(status, notice('error', problemText(e)));
      }
    };
    const name = d.user.displayName || d.user.userId;
    const actions = h('div.actions');
    // A ban is asked once more, with its reason, before it is done: a stray click would stop a player's payouts.
    const offer = () => replace(actions,
      d.user.ban?.inForce
        ? h('button', { type: 'button', onclick: () => act('DELETE', `/api/v1/admin/users/${id}/ban`, undefined, 'Ban lifted.') }, 'Lift ban')
        : [h('label', { for: 'ban-reason', class: 'visually-hidden' }, 'Ban reason'), reason,
          h('button.danger', { type: 'button', onclick: confirmBan }, 'Ban')],
      h('button.secondary', { type: 'button', onclick: () => act('POST', `/api/v1/admin/users/${id}/reverify`, {}, 'Asked Yunite again.') }, 'Re-verify with Yunite'));
    const confirmBan = () => {
      const yes = h('button.danger', { type: 'button', onclick: () => act('POST', `/api/v1/admin/users/${id}/ban`, { reason: reason.value }, 'Banned.') }, 'Yes, ban');
      replace(actions, h('span', {}, `Ban ${name}${reason.value.trim() ? ` for “${reason.value.trim()}”` : ''}?`),
        yes, h('button.secondary', { type: 'button', onclick: () => { offer(); reason.focus(); } }, 'Keep them'));
      yes.focus();
    };
    if (canAct(session)) offer();
    place(id, card(name,
      h('p.mono', {}, d.user.userId),
      h('p', {}, `Identities: ${d.user.identities.join(', ')}`),
      h('p', {}, 'Pending ', ban(d.balance.pending), ', paid ', ban(d.balance.paid), `; ${count(d.clicker.counts.allTime, 'click', 'clicks')}; region ${d.region}`),
      table('Latest payouts', ['When', 'BAN', 'Status', 'Block'], d.recentPayouts, p => [when(p.createdAt), ban(p.amount), statusText(p.status), blockLink(p.block, product)]),
      canAct(session) ? actions : null,
      status));
  };
  replace(body,
    h('form.inline', { role: 'search', onsubmit: event => { event.preventDefault(); search().catch(failed); } },
      h('label', { for: 'user-search', class: 'visually-hidden' }, 'Find players'), q, h('button', { type: 'submit' }, 'Find')),
    results, detail);
  await search();
}

async function payouts(body, product) {
  const page = await admin('GET', '/api/v1/admin/payouts?limit=50');
  replace(body, table('Payouts', ['When', 'Round', 'Player', 'BAN', 'Status', 'Attempts', 'Block'], page.items, p => [
    when(p.createdAt), p.round > 0 ? number(p.round) : 'Manual', short(p.userId, 6), ban(p.amount), statusText(p.status), number(p.attempts), blockLink(p.block, product)]));
}

/**
 * Manual payouts: those waiting for a second admin first, each approved (then paid) or rejected from its row once the
 * admin has confirmed; the API refuses the admin who asked for it.
 */
async function manual(body, product, session) {
  const [waiting, decided] = await Promise.all([
    admin('GET', '/api/v1/admin/payouts/manual?status=awaiting_approval&limit=50'),
    admin('GET', '/api/v1/admin/payouts/manual?limit=50'),
  ]);
  const status = h('div', { 'aria-live': 'polite' });
  const again = said => manual(body, product, session).then(() => body.querySelector('#manual-status').replaceChildren(said));
  const decide = (r, approve, actions) => {
    const verb = approve ? 'Approve' : 'Reject';
    const yes = h(approve ? 'button' : 'button.danger', { type: 'button', onclick: async () => {
      try {
        const answer = await admin('POST', `/api/v1/admin/payouts/manual/${r.number}/${approve ? 'approve' : 'reject'}`, {});
        await again(notice('ok', `Manual payout ${number(r.number)}: ${approve ? 'approved' : 'rejected'}. ${answer.note ?? ''}`));
      } catch (e) {
        replace(status, notice('error', problemText(e)));
      }
    } }, `Yes, ${verb.toLowerCase()}`);
    replace(actions, h('span', {}, `${verb} `, ban(r.amount), ` to ${short(r.userId, 6)}?`), ' ', yes, ' ',
      h('button.secondary', { type: 'button', onclick: () => replace(actions, offer(r, actions)) }, 'Not now'));
    yes.focus();
  };
  const offer = (r, actions) => [
    h('button', { type: 'button', 'aria-label': `Approve manual payout ${r.number}`, onclick: () => decide(r, true, actions) }, 'Approve'), ' ',
    h('button.secondary', { type: 'button', 'aria-label': `Reject manual payout ${r.number}`, onclick: () => decide(r, false, actions) }, 'Reject')];
  const columns = ['#', 'Asked', 'Player', 'BAN', 'Reason', 'Asked by'];
  const cells = r => [number(r.number), when(r.requestedAt), h('span', { title: r.userId }, short(r.userId, 6)), ban(r.amount), r.reason, short(r.requestedBy, 6)];
  replace(body,
    h('h2', {}, 'Waiting for approval'),
    h('p.muted', {}, 'A manual payout above the approval threshold is paid only once a second admin approves it; the admin who asked for it cannot.'),
    h('div', { id: 'manual-status', 'aria-live': 'polite' }),
    table('Manual payouts waiting for approval', [...columns, ''], waiting.items, r => {
      const actions = h('span.actions');
      if (canAct(session)) replace(actions, offer(r, actions));
      return [...cells(r), actions];
    }, 'Nothing waits for approval.'),
    status,
    h('h2', {}, 'All manual payouts'),
    table('All manual payouts', [...columns, 'Status', 'Decided by'], decided.items, r => [...cells(r), statusText(r.status), r.decidedBy ? short(r.decidedBy, 6) : '—']));
}

async function audit(body) {
  const page = await admin('GET', '/api/v1/admin/audit?limit=50');
  replace(body, table('Audit log', ['When', 'Actor', 'What', 'Subject', 'Detail'], page.items, a => [
    when(a.occurredAt), h('span', { title: a.actor }, short(a.actor, 6)), h('span', { title: a.action }, actionWords[a.action] ?? a.action),
    a.subject ?? '', detailText(a.detail)]));
}

// The audit log's actions as an operator reads them; the action's own name stays in the title, for filtering by it.
const actionWords = {
  'auth.login_throttled': 'Sign-in attempts throttled', 'clicker.banned': 'Clicker locked out', 'kills.rate_flagged': 'Kill rate flagged',
  'payout.manual_requested': 'Manual payout requested', 'payout.manual_approved': 'Manual payout approved',
  'payout.manual_rejected': 'Manual payout rejected', 'payout.manual_paid': 'Manual payout sent', 'payout.retry': 'Payout retried',
  'purchase.refunded': 'Purchase refunded', 'purchase.disputed': 'Purchase disputed', 'purchase.dispute_won': 'Dispute won',
  'purchase.dispute_lost': 'Dispute lost', 'session.refresh_reused': 'Sign-in renewal reused (session ended)',
  'settlement.run': 'Round started by hand', 'donations.look': 'Donations looked for by hand', 'tokens.granted': 'Tokens granted', 'user.banned': 'Player banned',
  'user.unbanned': 'Player unbanned', 'user.reverified': 'Epic link checked again', 'wallet.linked': 'Wallet linked',
  'wallet.changed': 'Wallet changed', 'webhook.added': 'Webhook added', 'webhook.tested': 'Webhook tested',
};

// Detail values that are BAN (exact decimal strings), and those in a currency's minor units beside a `currency`.
const banKeys = new Set(['amount', 'threshold']);
const minorKeys = new Set(['amountMinor', 'refundedMinor']);
const statusKeys = new Set(['status', 'result']);
// Numbers that name something (a request, a journal entry) rather than count: no thousands separators.
const idKeys = new Set(['number', 'entry']);

/** An amount in minor units, or as it was written when its currency is no code the browser knows. */
function moneyOrPlain(minor, currency) {
  try { return money(minor, currency); } catch { return `${minor} of ${currency}'s smallest unit`; }
}

/** "tokensTakenBack" as "tokens taken back". */
const words = key => key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replaceAll('_', ' ').toLowerCase();

/** An audit entry's detail as "name: value" lines, nested ones named by their path, amounts by the app's formatters,
 * never as raw JSON. */
function detailText(detail) {
  if (detail === null || detail === undefined) return '';
  if (typeof detail !== 'object') return String(detail);
  const lines = [];
  const walk = (value, path, key, parent) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [inner, innerValue] of Object.entries(value)) walk(innerValue, path ? `${path} ${words(inner)}` : words(inner), inner, value);
      return;
    }
    let shown;
    if (value === null || value === undefined || value === '') shown = '—';
    else if (banKeys.has(key) && typeof value === 'string') shown = ban(value);
    else if (minorKeys.has(key) && typeof value === 'number' && parent.currency) shown = moneyOrPlain(value, parent.currency);
    else if (statusKeys.has(key) && typeof value === 'string') shown = statusText(value);
    else if (typeof value === 'boolean') shown = value ? 'yes' : 'no';
    else if (Array.isArray(value)) shown = value.join(', ');
    else if (typeof value === 'number') shown = idKeys.has(key) ? String(value) : number(value);
    else shown = String(value);
    if (key === 'currency' && Object.keys(parent).some(k => minorKeys.has(k))) return;
    lines.push(h('li', {}, `${path}: `, shown));
  };
  walk(detail, '', '', detail);
  return h('ul.detail.plain', {}, lines);
}

async function webhooks(body) {
  const list = await admin('GET', '/api/v1/admin/webhooks');
  replace(body, table('Webhook endpoints', ['URL', 'Events', 'Enabled', 'Pending', 'Delivered', 'Failed'], list, w => [
    w.url, w.events.join(', '), w.enabled ? 'yes' : `no: ${w.disabledReason ?? ''}`, number(w.pending), number(w.delivered), number(w.failed)]));
}

async function regions(body) {
  const report = await admin('GET', '/api/v1/admin/analytics/regions');
  replace(body,
    report.recording ? null : notice('info', 'No region header is configured, so no regions are recorded.'),
    table('Players by region', ['Region', 'Players'], report.regions, r => [r.region, number(r.players)]),
    h('p.muted', {}, `Since ${report.since}: ${number(report.unknown)} unknown, ${number(report.optedOut)} opted out.`));
}
