// My faucet: the wallet paid to, the Epic link, what is pending and what the caps leave, and the history.

import { get, post, api } from '../api.js';
import { t, tn } from '../i18n.js';
import { on } from '../live.js';
import { ban, banToRaw, h, notice, number, problemText, rawToBan, replace, statusText, when } from '../ui.js';
import { blockLink, pagedTable, signInFirst, termsCard } from './shared.js';

const accrualText = () => ({ kills: t('me.accrual.kills'), clicks: t('me.accrual.clicks'), grant: t('me.accrual.grant') });

const epicText = () => ({
  linked: t('me.epic.status.linked'),
  unchecked: t('me.epic.status.unchecked'),
  not_linked: t('me.epic.status.notLinked'),
  not_found: t('me.epic.status.notFound'),
});

export async function render(view, { session, product }) {
  if (!session.me) return signInFirst(view, t('me.title'), '#/me');
  const status = await get('/api/v1/me/status');
  const pending = h('span.stat', { id: 'pending' }, ban(status.pending));
  const reserved = h('span', { id: 'reserved' }, ban(status.reserved));
  const paid = h('span', { id: 'paid' }, ban(status.paid));
  const threshold = h('p.muted', { id: 'payout-threshold' }, thresholdText(status.minPayout, status.pending));

  // A new player is asked here, where signing up lands: earning needs nothing, paying needs this.
  const terms = status.terms.needed
    ? termsCard(product, t('me.terms.why'),
      async () => { terms.replaceWith(notice('ok', t('me.terms.accepted'))); })
    : null;
  replace(view,
    h('h1', {}, t('me.title')),
    terms,
    status.ban ? notice('error', status.ban.until
      ? t('me.banned.until', { until: when(status.ban.until), reason: status.ban.reason })
      : t('me.banned', { reason: status.ban.reason })) : null,
    h('div.grid', {},
      h('section.card', { 'aria-labelledby': 'balance-title' },
        h('h2', { id: 'balance-title' }, t('me.balance.title')),
        h('p', {}, ...tn('me.balance.pending', { amount: pending })),
        h('p', {}, ...tn('me.balance.reserved', { amount: reserved }), h('br'), ...tn('me.balance.paid', { amount: paid })),
        threshold,
        h('p.muted', {}, t('me.balance.nextSettlement', { when: when(status.nextSettlementAt) }))),
      h('section.card', { 'aria-labelledby': 'caps-title' },
        h('h2', { id: 'caps-title' }, t('me.caps.title')),
        h('p', {}, ...(status.caps.banToday
          ? tn('me.caps.todayUpTo', { count: status.caps.payoutsToday, amount: ban(status.caps.banToday) })
          : tn('me.caps.today', { count: status.caps.payoutsToday }))),
        h('p', {}, ...(status.caps.banThisWeek
          ? tn('me.caps.weekUpTo', { count: status.caps.payoutsThisWeek, amount: ban(status.caps.banThisWeek) })
          : tn('me.caps.week', { count: status.caps.payoutsThisWeek }))),
        h('p.muted', {}, t('me.caps.resets', { day: when(status.caps.dayResetsAt), week: when(status.caps.weekResetsAt) }))),
      walletCard(status, session),
      epicCard(status, session)),
    h('h2', {}, t('me.accruals.title')),
    pagedTable('/api/v1/me/accruals', t('me.accruals.title'), [t('me.column.when'), t('me.column.what'), t('me.column.ban')], item => {
      const what = item.kind === 'kills' && item.lifetimeKills !== null
        ? t('me.accrual.killsLifetime', { lifetime: number(item.lifetimeKills) })
        : accrualText()[item.kind] ?? statusText(item.kind);
      return [
        when(item.at),
        item.boost ? tn('me.accrual.boosted', { what, multiplier: number(item.multiplier), boost: item.boost, amount: ban(item.unboosted) }) : what,
        ban(item.amount)];
    }),
    h('h2', {}, t('me.payouts.title')),
    pagedTable('/api/v1/me/payouts', t('me.payouts.title'), [t('me.column.when'), t('me.column.round'), t('me.column.ban'), t('me.column.status'), t('me.column.block')], item => [
      when(item.createdAt), item.round > 0 ? number(item.round) : t('me.payouts.manual'), ban(item.amount), statusBadge(item.status), blockLink(item.block, product)]));

  return on('balance', payload => {
    replace(pending, ban(payload.pending));
    replace(reserved, ban(payload.reserved));
    replace(paid, ban(payload.paid));
    replace(threshold, thresholdText(status.minPayout, payload.pending));
  });
}

// Rounds pay a player once this much is pending; until then what they earn waits, and no cap is used.
function thresholdText(minPayout, pending) {
  const min = banToRaw(minPayout);
  if (min === 0n) return [];
  const needed = min - banToRaw(pending);
  return needed > 0n
    ? tn('me.threshold.toGo', { minimum: ban(minPayout), left: ban(rawToBan(needed)) })
    : tn('me.threshold.reached', { minimum: ban(minPayout) });
}

function statusBadge(status) {
  const kind = status === 'sent' ? 'ok' : status === 'failed' ? 'bad' : '';
  return h(`span.badge${kind ? '.' + kind : ''}`, {}, statusText(status));
}

function walletCard(status, session) {
  const input = h('input', { type: 'text', id: 'wallet', name: 'address', value: status.wallet ?? '', placeholder: 'ban_1…', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'wallet-error wallet-hint' });
  const error = h('p.field-error', { id: 'wallet-error', 'aria-live': 'assertive' });
  const done = h('div', { 'aria-live': 'polite' });
  const current = h('p', { id: 'wallet-current' }, status.wallet ? h('span.mono', {}, status.wallet) : t('me.wallet.none'));
  return h('section.card', { 'aria-labelledby': 'wallet-title' },
    h('h2', { id: 'wallet-title' }, t('me.wallet.title')),
    current,
    h('form', {
      novalidate: true,
      onsubmit: async event => {
        event.preventDefault();
        error.textContent = '';
        input.removeAttribute('aria-invalid');
        replace(done);
        try {
          const link = await post('/api/v1/me/wallet', { address: input.value.trim() });
          replace(current, h('span.mono', {}, link.wallet));
          replace(done, notice('ok', link.status === 'already_linked' ? t('me.wallet.alreadyLinked') : t('me.wallet.linked')));
          session.me.wallet = link.wallet;
        } catch (e) {
          input.setAttribute('aria-invalid', 'true');
          error.textContent = problemText(e);
          input.focus();
        }
      },
    },
    h('div.field', {},
      h('label', { for: 'wallet' }, status.wallet ? t('me.wallet.change') : t('me.wallet.link')),
      input,
      h('p.hint', { id: 'wallet-hint' }, t('me.wallet.hint')),
      error),
    h('button', { type: 'submit' }, t('me.wallet.save'))),
    done);
}

// Why payouts wait, by the link's status: the Api's reason says it for scripts, in English; the page in its own words.
const epicReason = () => ({ not_linked: t('me.epic.reason.notLinked'), not_found: t('me.epic.reason.notFound') });

function epicCard(status, session) {
  const body = h('div', { id: 'epic' });
  const draw = epic => replace(body,
    h('p', {}, ...tn(epic.epicName ? 'me.epic.accountNamed' : 'me.epic.account', {
      status: h(`span.badge${epic.eligible && epic.status === 'linked' ? '.ok' : epic.eligible ? '' : '.bad'}`, {}, epicText()[epic.status] ?? epic.status),
      name: epic.epicName,
    })),
    epic.reason ? h('p', {}, epicReason()[epic.status] ?? epic.reason) : null,
    epic.checkedAt ? h('p.muted', {}, t('me.epic.checked', { when: when(epic.checkedAt) })) : null);
  draw(status.epic);
  const result = h('div', { 'aria-live': 'polite' });
  const hasDiscord = session.me.identities.some(i => i.startsWith('discord:'));
  return h('section.card', { 'aria-labelledby': 'epic-title' },
    h('h2', { id: 'epic-title' }, t('me.epic.title')),
    body,
    hasDiscord ? null : h('p.muted', {}, t('me.epic.discordOnly')),
    hasDiscord ? h('button.secondary', {
      type: 'button',
      onclick: async event => {
        event.currentTarget.disabled = true;
        replace(result);
        try {
          draw(await api('POST', '/api/v1/me/reverify', {}));
          replace(result, notice('ok', t('me.epic.checkedNow')));
        } catch (e) {
          replace(result, notice('error', problemText(e)));
        } finally {
          event.target.disabled = false;
        }
      },
    }, t('me.epic.checkAgain')) : null,
    result);
}
