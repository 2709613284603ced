// Operator pages: the state of the faucet and enough of the admin API to run it from the browser. The admin API takes
// a bearer token (never the cookie): a signed-in admin's (or support's) own access token, or else the operator token
// typed here, which lives only as long as the page.

import { api, hasOperatorToken, useOperatorToken } from '../api.js';
import { t, tn } from '../i18n.js';
import { ban, h, money, notice, number, problemText, replace, short, statusText, table, when } from '../ui.js';
import { blockLink } from './shared.js';

let staff = false;

const admin = (method, path, body) => api(method, path, body, { admin: true, asOperator: !staff });
const canAct = session => session.isAdmin() || (!staff && hasOperatorToken());

export async function render(view, { session, product, rest }) {
  const section = rest[0] || 'overview';
  const tabs = [['overview', t('operator.tabs.overview')], ['rounds', t('operator.tabs.rounds')], ['users', t('operator.tabs.users')], ['payouts', t('operator.tabs.payouts')], ['manual', t('operator.tabs.manual')], ['audit', t('operator.tabs.audit')], ['webhooks', t('operator.tabs.webhooks')], ['regions', t('operator.tabs.regions')]];
  const body = h('div');
  replace(view,
    h('h1', {}, t('operator.title')),
    h('nav', { 'aria-label': t('operator.tabs.label') }, h('ul.tabs.plain', {}, tabs.map(([id, label]) =>
      h('li', {}, h('a.button' + (id === section ? '' : '.secondary'), { href: `#/operator/${id}`, 'aria-current': id === section ? 'page' : undefined }, label))),
      h('li', {}, h('a.button.secondary', { href: '/dashboard/' }, t('operator.tabs.dashboard'))))),
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
    h('div.field', {}, h('label', { for: 'operator-token' }, t('operator.token.label')), input,
      h('p.hint', {}, t('operator.token.hint'))),
    h('button', { type: 'submit' }, t('operator.token.open'))));
}

const grid = (...cards) => h('div.grid', {}, cards);
const card = (title, ...content) => h('section.card', {}, h('h2', {}, title), content);

function roundLines(round) {
  if (!round) return h('p.muted', {}, t('operator.round.none'));
  return h('ul', { id: 'last-round' },
    h('li', {}, ...tn('operator.round.status', { number: number(round.number), status: h('strong', {}, statusText(round.status)) })),
    h('li', {}, ...tn('operator.round.payouts', { count: round.payoutsStarted, planned: number(round.planned), total: ban(round.total) })),
    round.status === 'paying' ? h('li', { id: 'round-progress' },
      h('progress', { max: Math.max(1, round.planned), value: round.cursor }),
      ' ',
      round.estimatedEndAt
        ? t('operator.round.progressEnds', { count: round.planned, cursor: number(round.cursor), time: when(round.estimatedEndAt) })
        : t('operator.round.progressEstimating', { count: round.planned, cursor: number(round.cursor) })) : null,
    h('li', {}, t('operator.round.skipped', { skipped: skippedText(round) })),
    round.skipReason ? h('li', {}, t('operator.round.skipReason', { reason: round.skipReason })) : null,
    h('li', {}, t('operator.round.times', { started: when(round.startedAt), finished: when(round.finishedAt) })));
}

function skippedText(round) {
  return t('operator.skipped', { count: round.skippedNoWallet, caps: number(round.skippedByCaps), balance: number(round.skippedByBalance ?? 0) });
}

// Each source account as the node has it now. Receivable BAN is not spendable until the node receives it.
function accountsCard(settlement) {
  return card(t('operator.accounts.title'),
    h('p', {}, ...tn('operator.accounts.summary', { count: settlement.accounts.length, floor: ban(settlement.floor) })),
    table(t('operator.accounts.caption'), [t('operator.accounts.column.account'), t('operator.accounts.column.balance'), t('operator.accounts.column.receivable'), t('operator.accounts.column.sending')], settlement.accounts, a => [
      h('span.mono', { title: a.address }, short(a.address, 8)),
      a.balance != null ? ban(a.balance) : h('span', { title: a.error ?? '' }, t('operator.accounts.unknown')),
      a.receivable != null ? ban(a.receivable) : '—',
      a.sendsInFlight > 0 ? t('operator.yes') : t('operator.no')]),
    settlement.accounts.some(a => a.receivable && a.receivable !== '0')
      ? notice('info', t('operator.accounts.receivableNote')) : null);
}

async function overview(body, product, session, page, said) {
  const [stats, settlement] = await Promise.all([admin('GET', '/api/v1/admin/stats'), admin('GET', '/api/v1/admin/settlement')]);
  const roundBox = h('div', {}, roundLines(settlement.lastRound));
  const status = h('div', { 'aria-live': 'polite' }, said);
  replace(body,
    product.dryRun ? notice('info', t('operator.overview.dryRun')) : null,
    grid(
      card(t('operator.overview.players.title'),
        h('p', {}, ...tn('operator.overview.players.total', { count: stats.players.total, stat: h('span.stat', {}, number(stats.players.total)) })),
        h('p', {}, t('operator.overview.players.kinds', { wallet: number(stats.players.withWallet), epic: number(stats.players.epicLinked), banned: number(stats.players.banned), flagged: number(stats.players.flagged) }))),
      card(t('operator.overview.ban.title'),
        h('p', {}, ...tn('operator.overview.ban.pending', { amount: h('strong', {}, ban(stats.pending)) })),
        h('p', {}, ...tn('operator.overview.ban.accrued', { amount: ban(stats.accruedLastDay) }), h('br'), ...tn('operator.overview.ban.paid', { amount: ban(stats.paidTotal) })),
        h('p', {}, t('operator.overview.ban.payouts', { sent: number(stats.payouts.sent), pending: number(stats.payouts.pending), failed: number(stats.payouts.failed), dryRun: number(stats.payouts.dryRun) }))),
      card(t('operator.overview.settlement.title'),
        h('p', {}, t('operator.overview.settlement.schedule', { count: settlement.scheduler.intervalMinutes, next: when(settlement.scheduler.nextRunAt) })),
        roundBox,
        canAct(session) ? h('button', {
          type: 'button', id: 'run-round',
          onclick: async event => {
            event.target.disabled = true;
            try {
              const round = await admin('POST', '/api/v1/admin/settlement/run', {});
              replace(status, notice('ok', t('operator.overview.roundOpened', { number: number(round.number) })));
              // The round pays on in the cluster; its record is read again until it is done.
              for (let i = 0; i < 60 && !page.stopped; i++) {
                const now = await admin('GET', `/api/v1/admin/rounds/${round.number}`);
                replace(roundBox, roundLines(now));
                if (now.status === 'done' || now.status === 'skipped') {
                  // Its payouts change every count on this page: all of it is read again.
                  if (!page.stopped) await overview(body, product, session, page, notice('ok', now.status === 'done'
                    ? t('operator.overview.roundDone', { number: number(round.number) })
                    : t('operator.overview.roundSkipped', { number: number(round.number) })));
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
        }, t('operator.overview.run')) : null,
        status)),
    accountsCard(settlement),
    card(t('operator.overview.lastDay.title'), h('p', { id: 'last-day' }, ...tn('operator.overview.lastDay.summary', {
      count: stats.acceptedClicksLastDay,
      awaiting: h('a', { href: '#/operator/manual' }, t('operator.overview.lastDay.awaiting', { count: stats.manualPayoutsAwaitingApproval })),
    }))));
}

async function rounds(body) {
  const { scheduler } = await admin('GET', '/api/v1/admin/settlement');
  const numbers = Array.from({ length: Math.min(20, scheduler.lastRound) }, (_, i) => scheduler.lastRound - i);
  const list = await Promise.all(numbers.map(n => admin('GET', `/api/v1/admin/rounds/${n}`)));
  replace(body, table(t('operator.rounds.caption'), [t('operator.rounds.column.round'), t('operator.rounds.column.status'), t('operator.rounds.column.paid'), t('operator.rounds.column.planned'), t('operator.rounds.column.skipped'), t('operator.rounds.column.seed'), t('operator.rounds.column.started'), t('operator.rounds.column.finished')], list, r => [
    number(r.number), r.skipReason ? t('operator.rounds.statusReason', { status: statusText(r.status), reason: r.skipReason }) : statusText(r.status), tn('operator.rounds.paid', { count: r.payoutsStarted, total: ban(r.total) }), number(r.planned),
    skippedText(r), String(r.seed), when(r.startedAt), when(r.finishedAt)]));
}

async function users(body, product, session) {
  const q = h('input', { type: 'search', id: 'user-search', name: 'q', placeholder: t('operator.users.searchPlaceholder') });
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
    replace(results, table(t('operator.users.caption'), [t('operator.users.column.player'), t('operator.users.column.wallet'), t('operator.users.column.epic'), t('operator.users.column.ban'), t('operator.users.column.flags'), ''], page.items, u => [
      h('span', { title: u.userId }, u.displayName || short(u.userId, 6)), u.wallet ? h('span.mono', { title: u.wallet }, short(u.wallet, 8)) : '—',
      u.epic, u.ban?.inForce ? (u.ban.until ? t('operator.users.bannedUntil', { until: when(u.ban.until) }) : t('operator.users.banned')) : '', number(u.flags),
      h('button.secondary', { type: 'button', dataset: { user: u.userId }, 'aria-label': t('operator.users.openLabel', { name: u.displayName || u.userId }), onclick: () => showUser(u.userId).catch(failed) }, t('operator.users.open'))]));
  };
  const showUser = async (id, said) => {
    const d = await admin('GET', `/api/v1/admin/users/${id}`);
    const status = h('div', { 'aria-live': 'polite' }, said);
    const reason = h('input', { type: 'text', id: 'ban-reason', placeholder: t('operator.user.reasonPlaceholder') });
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
        ? h('button', { type: 'button', onclick: () => act('DELETE', `/api/v1/admin/users/${id}/ban`, undefined, t('operator.user.banLifted')) }, t('operator.user.liftBan'))
        : [h('label', { for: 'ban-reason', class: 'visually-hidden' }, t('operator.user.banReason')), reason,
          h('button.danger', { type: 'button', onclick: confirmBan }, t('operator.user.ban'))],
      h('button.secondary', { type: 'button', onclick: () => act('POST', `/api/v1/admin/users/${id}/reverify`, {}, t('operator.user.reverified')) }, t('operator.user.reverify')));
    const confirmBan = () => {
      const yes = h('button.danger', { type: 'button', onclick: () => act('POST', `/api/v1/admin/users/${id}/ban`, { reason: reason.value }, t('operator.user.banned')) }, t('operator.user.confirmBan'));
      replace(actions, h('span', {}, reason.value.trim()
        ? t('operator.user.banQuestionReason', { name, reason: reason.value.trim() })
        : t('operator.user.banQuestion', { name })),
        yes, h('button.secondary', { type: 'button', onclick: () => { offer(); reason.focus(); } }, t('operator.user.keep')));
      yes.focus();
    };
    if (canAct(session)) offer();
    place(id, card(name,
      h('p.mono', {}, d.user.userId),
      h('p', {}, t('operator.user.identities', { identities: d.user.identities.join(', ') })),
      h('p', {}, ...tn('operator.user.balance', { pending: ban(d.balance.pending), paid: ban(d.balance.paid), count: d.clicker.counts.allTime, region: d.region })),
      table(t('operator.user.payouts.caption'), [t('operator.user.payouts.column.when'), t('operator.user.payouts.column.ban'), t('operator.user.payouts.column.status'), t('operator.user.payouts.column.block')], d.recentPayouts, p => [when(p.createdAt), ban(p.amount), statusText(p.status), blockLink(p.block, product)]),
      canAct(session) ? actions : null,
      status));
  };
  replace(body,
    h('form.inline', { role: 'search', onsubmit: event => { event.preventDefault(); search().catch(failed); } },
      h('label', { for: 'user-search', class: 'visually-hidden' }, t('operator.users.searchLabel')), q, h('button', { type: 'submit' }, t('operator.users.find'))),
    results, detail);
  await search();
}

async function payouts(body, product) {
  const page = await admin('GET', '/api/v1/admin/payouts?limit=50');
  replace(body, table(t('operator.payouts.caption'), [t('operator.payouts.column.when'), t('operator.payouts.column.round'), t('operator.payouts.column.player'), t('operator.payouts.column.ban'), t('operator.payouts.column.status'), t('operator.payouts.column.attempts'), t('operator.payouts.column.block')], page.items, p => [
    when(p.createdAt), p.round > 0 ? number(p.round) : t('operator.payouts.manual'), short(p.userId, 6), ban(p.amount), statusText(p.status), number(p.attempts), blockLink(p.block, product)]));
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
    const yes = h(approve ? 'button' : 'button.danger', { type: 'button', onclick: async () => {
      try {
        const answer = await admin('POST', `/api/v1/admin/payouts/manual/${r.number}/${approve ? 'approve' : 'reject'}`, {});
        await again(notice('ok', approve
          ? t('operator.manual.approved', { number: number(r.number), note: answer.note ?? '' })
          : t('operator.manual.rejected', { number: number(r.number), note: answer.note ?? '' })));
      } catch (e) {
        replace(status, notice('error', problemText(e)));
      }
    } }, approve ? t('operator.manual.yesApprove') : t('operator.manual.yesReject'));
    const question = { amount: ban(r.amount), player: short(r.userId, 6) };
    replace(actions, h('span', {}, ...(approve ? tn('operator.manual.approveQuestion', question) : tn('operator.manual.rejectQuestion', question))), ' ', yes, ' ',
      h('button.secondary', { type: 'button', onclick: () => replace(actions, offer(r, actions)) }, t('operator.manual.notNow')));
    yes.focus();
  };
  const offer = (r, actions) => [
    h('button', { type: 'button', 'aria-label': t('operator.manual.approveLabel', { number: String(r.number) }), onclick: () => decide(r, true, actions) }, t('operator.manual.approve')), ' ',
    h('button.secondary', { type: 'button', 'aria-label': t('operator.manual.rejectLabel', { number: String(r.number) }), onclick: () => decide(r, false, actions) }, t('operator.manual.reject'))];
  const columns = [t('operator.manual.column.number'), t('operator.manual.column.asked'), t('operator.manual.column.player'), t('operator.manual.column.ban'), t('operator.manual.column.reason'), t('operator.manual.column.askedBy')];
  const cells = r => [number(r.number), when(r.requestedAt), h('span', { title: r.userId }, short(r.userId, 6)), ban(r.amount), r.reason, short(r.requestedBy, 6)];
  replace(body,
    h('h2', {}, t('operator.manual.waiting.title')),
    h('p.muted', {}, t('operator.manual.waiting.hint')),
    h('div', { id: 'manual-status', 'aria-live': 'polite' }),
    table(t('operator.manual.waiting.caption'), [...columns, ''], waiting.items, r => {
      const actions = h('span.actions');
      if (canAct(session)) replace(actions, offer(r, actions));
      return [...cells(r), actions];
    }, t('operator.manual.waiting.empty')),
    status,
    h('h2', {}, t('operator.manual.all.title')),
    table(t('operator.manual.all.caption'), [...columns, t('operator.manual.column.status'), t('operator.manual.column.decidedBy')], decided.items, r => [...cells(r), statusText(r.status), r.decidedBy ? short(r.decidedBy, 6) : '—']));
}

async function audit(body) {
  const page = await admin('GET', '/api/v1/admin/audit?limit=50');
  const actions = actionWords();
  replace(body, table(t('operator.audit.caption'), [t('operator.audit.column.when'), t('operator.audit.column.actor'), t('operator.audit.column.what'), t('operator.audit.column.subject'), t('operator.audit.column.detail')], page.items, a => [
    when(a.occurredAt), h('span', { title: a.actor }, short(a.actor, 6)), h('span', { title: a.action }, actions[a.action] ?? a.action),
    a.subject ?? '', detailText(a.detail)]));
}

// The audit log's actions as an operator reads them; the action's own name stays in the title, for filtering by it.
// Made when a table is drawn, not when the module loads: the words load after the modules.
const actionWords = () => ({
  'auth.login_throttled': t('operator.audit.action.auth.loginThrottled'), 'clicker.banned': t('operator.audit.action.clicker.banned'), 'kills.rate_flagged': t('operator.audit.action.kills.rateFlagged'),
  'payout.manual_requested': t('operator.audit.action.payout.manualRequested'), 'payout.manual_approved': t('operator.audit.action.payout.manualApproved'),
  'payout.manual_rejected': t('operator.audit.action.payout.manualRejected'), 'payout.manual_paid': t('operator.audit.action.payout.manualPaid'), 'payout.retry': t('operator.audit.action.payout.retry'),
  'purchase.refunded': t('operator.audit.action.purchase.refunded'), 'purchase.disputed': t('operator.audit.action.purchase.disputed'), 'purchase.dispute_won': t('operator.audit.action.purchase.disputeWon'),
  'purchase.dispute_lost': t('operator.audit.action.purchase.disputeLost'), 'session.refresh_reused': t('operator.audit.action.session.refreshReused'),
  'settlement.run': t('operator.audit.action.settlement.run'), 'donations.look': t('operator.audit.action.donations.look'), 'tokens.granted': t('operator.audit.action.tokens.granted'), 'user.banned': t('operator.audit.action.user.banned'),
  'user.unbanned': t('operator.audit.action.user.unbanned'), 'user.reverified': t('operator.audit.action.user.reverified'), 'wallet.linked': t('operator.audit.action.wallet.linked'),
  'wallet.changed': t('operator.audit.action.wallet.changed'), 'webhook.added': t('operator.audit.action.webhook.added'), 'webhook.tested': t('operator.audit.action.webhook.tested'),
});

// Detail values that are BAN (exact decimal strings), and those in a currency's minor units beside a `currency`.
const banKeys = new Set(['amount', 'threshold']);
const minorKeys = new Set(['amountMinor', 'refundedMinor']);
const statusKeys = new Set(['status', 'result']);
// Numbers that name something (a request, a journal entry) rather than count: no thousands separators.
const idKeys = new Set(['number', 'entry']);

/** An amount in minor units, or as it was written when its currency is no code the browser knows. */
function moneyOrPlain(minor, currency) {
  try { return money(minor, currency); } catch { return t('operator.audit.minorUnits', { amount: minor, currency }); }
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
    else if (typeof value === 'boolean') shown = value ? t('operator.yes') : t('operator.no');
    else if (Array.isArray(value)) shown = value.join(', ');
    else if (typeof value === 'number') shown = idKeys.has(key) ? String(value) : number(value);
    else shown = String(value);
    if (key === 'currency' && Object.keys(parent).some(k => minorKeys.has(k))) return;
    lines.push(h('li', {}, ...tn('operator.audit.detailLine', { name: path, value: shown })));
  };
  walk(detail, '', '', detail);
  return h('ul.detail.plain', {}, lines);
}

async function webhooks(body) {
  const list = await admin('GET', '/api/v1/admin/webhooks');
  replace(body, table(t('operator.webhooks.caption'), [t('operator.webhooks.column.url'), t('operator.webhooks.column.events'), t('operator.webhooks.column.enabled'), t('operator.webhooks.column.pending'), t('operator.webhooks.column.delivered'), t('operator.webhooks.column.failed')], list, w => [
    w.url, w.events.join(', '), w.enabled ? t('operator.yes') : t('operator.webhooks.disabled', { reason: w.disabledReason ?? '' }), number(w.pending), number(w.delivered), number(w.failed)]));
}

async function regions(body) {
  const report = await admin('GET', '/api/v1/admin/analytics/regions');
  replace(body,
    report.recording ? null : notice('info', t('operator.regions.notRecording')),
    table(t('operator.regions.caption'), [t('operator.regions.column.region'), t('operator.regions.column.players')], report.regions, r => [r.region, number(r.players)]),
    h('p.muted', {}, t('operator.regions.since', { since: report.since, unknown: number(report.unknown), optedOut: number(report.optedOut) })));
}
