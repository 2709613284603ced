// My faucet: the wallet paid to, the Epic link, what is pending and what the caps leave, and the history.

import { get, post, api } from '../api.js';
import { on } from '../live.js';
import { ban, banToRaw, count, h, notice, number, problemText, rawToBan, replace, statusText, when } from '../ui.js';
import { blockLink, pagedTable, signInFirst, termsCard } from './shared.js';

const accrualText = { kills: 'Kills', clicks: 'Clicks' };

const epicText = {
  linked: 'Linked',
  unchecked: 'Not checked yet',
  not_linked: 'Not linked',
  not_found: 'Not registered with Yunite',
};

export async function render(view, { session, product }) {
  if (!session.me) return signInFirst(view, 'My faucet', '#/me');
  const status = await get('/api/v1/me/status');
  const pending = h('span.stat', { id: 'pending' }, ban(status.pending));
  const reserved = h('span', { id: 'reserved' }, ban(status.reserved));
  const paid = h('span', { id: 'paid' }, ban(status.paid));
  const threshold = h('p.muted', { id: 'payout-threshold' }, thresholdText(status.minPayout, status.pending));

  // A new player is asked here, where signing up lands: earning needs nothing, paying needs this.
  const terms = status.terms.needed
    ? termsCard(product, 'Before you buy tokens or pay for VaniKeys pulls and jobs, which are games of chance paid with money, confirm your age and accept the terms. Earning BAN needs neither.',
      async () => { terms.replaceWith(notice('ok', 'Thank you: the terms are accepted.')); })
    : null;
  replace(view,
    h('h1', {}, 'My faucet'),
    terms,
    status.ban ? notice('error', `You are banned${status.ban.until ? ` until ${when(status.ban.until)}` : ''}: ${status.ban.reason}. What you earned waits.`) : null,
    h('div.grid', {},
      h('section.card', { 'aria-labelledby': 'balance-title' },
        h('h2', { id: 'balance-title' }, 'Balance'),
        h('p', {}, 'Pending: ', pending),
        h('p', {}, 'Being paid: ', reserved, h('br'), 'Paid so far: ', paid),
        threshold,
        h('p.muted', {}, `Next settlement: ${when(status.nextSettlementAt)}`)),
      h('section.card', { 'aria-labelledby': 'caps-title' },
        h('h2', { id: 'caps-title' }, 'Payouts you can still get'),
        h('p', {}, `Today: ${count(status.caps.payoutsToday, 'more payout', 'more payouts')}`, status.caps.banToday ? [', up to ', ban(status.caps.banToday)] : null),
        h('p', {}, `This week: ${count(status.caps.payoutsThisWeek, 'more payout', 'more payouts')}`, status.caps.banThisWeek ? [', up to ', ban(status.caps.banThisWeek)] : null),
        h('p.muted', {}, `The faucet limits how often it pays each player. Today's limit starts again ${when(status.caps.dayResetsAt)}, this week's ${when(status.caps.weekResetsAt)}.`)),
      walletCard(status, session),
      epicCard(status, session)),
    h('h2', {}, 'Accruals'),
    pagedTable('/api/v1/me/accruals', 'Accruals', ['When', 'What', 'BAN'], item => [
      when(item.at),
      [item.kind === 'kills' && item.lifetimeKills !== null ? `Kills (lifetime ${number(item.lifetimeKills)})` : accrualText[item.kind] ?? statusText(item.kind),
        item.boost ? [`, ${number(item.multiplier)}× under ${item.boost} (`, ban(item.unboosted), ' without it)'] : null],
      ban(item.amount)]),
    h('h2', {}, 'Payouts'),
    pagedTable('/api/v1/me/payouts', 'Payouts', ['When', 'Round', 'BAN', 'Status', 'Block'], item => [
      when(item.createdAt), item.round > 0 ? number(item.round) : 'manual', ban(item.amount), statusBadge(item.status), blockLink(item.block, product)]));

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
    ? ['Payouts start at ', ban(minPayout), ': ', ban(rawToBan(needed)), ' more to go.']
    : ['You have reached the ', ban(minPayout), ' payout minimum: the next round can pay you.'];
}

function statusBadge(status) {
  const kind = status === 'sent' ? 'ok' : status === 'failed' ? 'bad' : '';
  return h(`span.badge${kind ? '.' + kind : ''}`, {}, statusText(status));
}

function walletCard(status, session) {
  const input = h('input', { type: 'text', id: 'wallet', name: 'address', value: status.wallet ?? '', placeholder: 'ban_1…', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'wallet-error wallet-hint' });
  const error = h('p.field-error', { id: 'wallet-error', 'aria-live': 'assertive' });
  const done = h('div', { 'aria-live': 'polite' });
  const current = h('p', { id: 'wallet-current' }, status.wallet ? h('span.mono', {}, status.wallet) : 'No wallet linked yet: rounds pass you by until you link one.');
  return h('section.card', { 'aria-labelledby': 'wallet-title' },
    h('h2', { id: 'wallet-title' }, 'Banano wallet'),
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
          replace(done, notice('ok', link.status === 'already_linked' ? 'That wallet is already linked.' : 'Wallet linked: payouts go there from the next round.'));
          session.me.wallet = link.wallet;
        } catch (e) {
          input.setAttribute('aria-invalid', 'true');
          error.textContent = problemText(e);
          input.focus();
        }
      },
    },
    h('div.field', {},
      h('label', { for: 'wallet' }, status.wallet ? 'Change wallet' : 'Link a wallet'),
      input,
      h('p.hint', { id: 'wallet-hint' }, 'A ban_ address. A changed wallet holds for a while before it can change again.'),
      error),
    h('button', { type: 'submit' }, 'Save wallet')),
    done);
}

function epicCard(status, session) {
  const body = h('div', { id: 'epic' });
  const draw = epic => replace(body,
    h('p', {}, 'Epic account: ', h(`span.badge${epic.eligible && epic.status === 'linked' ? '.ok' : epic.eligible ? '' : '.bad'}`, {}, epicText[epic.status] ?? epic.status),
      epic.epicName ? ` ${epic.epicName}` : ''),
    epic.reason ? h('p', {}, epic.reason.replace(/,? then POST \/api\/v1\/me\/reverify\.?$/, ', then check again below.')) : null,
    epic.checkedAt ? h('p.muted', {}, `Checked ${when(epic.checkedAt)}`) : null);
  draw(status.epic);
  const result = h('div', { 'aria-live': 'polite' });
  const hasDiscord = session.me.identities.some(i => i.startsWith('discord:'));
  return h('section.card', { 'aria-labelledby': 'epic-title' },
    h('h2', { id: 'epic-title' }, 'Fortnite (Epic via Yunite)'),
    body,
    hasDiscord ? null : h('p.muted', {}, 'Kills are counted for players who sign in with Discord.'),
    hasDiscord ? h('button.secondary', {
      type: 'button',
      onclick: async event => {
        event.currentTarget.disabled = true;
        replace(result);
        try {
          draw(await api('POST', '/api/v1/me/reverify', {}));
          replace(result, notice('ok', 'Checked with Yunite just now.'));
        } catch (e) {
          replace(result, notice('error', problemText(e)));
        } finally {
          event.target.disabled = false;
        }
      },
    }, 'Check again') : null,
    result);
}
