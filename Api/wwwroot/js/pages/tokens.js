// Tokens: the balance, the packages of product.yaml, buying one (Stripe Checkout, or the simulated provider's form in
// a dry run), the purchase's own page (where Checkout sends the buyer back), and the ledger.

import { api, get } from '../api.js';
import { count, h, money, newKey, notice, number, plural, problemText, repeat, replace, tokens, when } from '../ui.js';
import { pagedTable, signInFirst, termsCard } from './shared.js';

const methods = [['card', 'Card'], ['debit', 'Debit card'], ['paypal', 'PayPal']];
const finished = new Set(['completed', 'failed', 'cancelled', 'refunded', 'disputed']);

export async function render(view, ctx) {
  const { session, name } = ctx;
  if (!session.me) return signInFirst(view, 'Tokens', location.hash || '#/tokens');
  return name === 'purchase' ? purchasePage(view, ctx) : tokensPage(view, ctx);
}

async function tokensPage(view, ctx) {
  const { product } = ctx;
  const [balance, status] = await Promise.all([get('/api/v1/tokens'), get('/api/v1/me/status')]);
  const answer = h('div', { 'aria-live': 'polite' });
  const simulated = product.payments === 'simulated';
  let chosen = product.tokenPackages[0]?.id;

  const packageChoice = h('fieldset', {},
    h('legend', {}, 'Package'),
    product.tokenPackages.map(p => h('div.inline', {},
      h('input', { type: 'radio', name: 'package', id: `package-${p.id}`, value: p.id, checked: p.id === chosen, onchange: () => { chosen = p.id; } }),
      h('label', { for: `package-${p.id}` }, `${p.name}: ${number(p.tokens)} tokens for ${money(p.priceMinor, p.currency)}`))));
  const methodChoice = simulated ? h('fieldset', {},
    h('legend', {}, 'Pay with (simulated)'),
    methods.map(([value, label], i) => h('div.inline', {},
      h('input', { type: 'radio', name: 'method', id: `method-${value}`, value, checked: i === 0 }),
      h('label', { for: `method-${value}` }, label)))) : null;

  // One key per order on this page: a double submit or a retry after a lost answer is the same purchase; another
  // package or method is another order, with a key of its own.
  let key = newKey();
  const form = h('form', {
    onsubmit: async event => {
      event.preventDefault();
      const button = form.querySelector('button[type=submit]');
      button.disabled = true;
      replace(answer);
      try {
        const method = simulated ? form.querySelector('input[name=method]:checked').value : undefined;
        const purchase = await api('POST', '/api/v1/purchases', { packageId: chosen, method }, { idempotencyKey: key });
        key = newKey();
        if (purchase.checkoutUrl) {
          location.assign(purchase.checkoutUrl);
          return;
        }
        location.hash = `#/purchase/${purchase.purchaseId}`;
      } catch (e) {
        replace(answer, notice('error', problemText(e)));
      } finally {
        button.disabled = false;
      }
    },
  },
  packageChoice,
  methodChoice,
  simulated ? h('p.notice.info.simulated', {}, 'Simulated payment provider: no money moves. Amounts ending in 01 to 04 cents fail on purpose (insufficient funds, declined, network, invalid method).') : null,
  h('button', { type: 'submit' }, simulated ? 'Pay (simulated)' : 'Continue to checkout'));
  form.addEventListener('change', () => { key = newKey(); });

  replace(view,
    h('h1', {}, 'Tokens'),
    h('div.grid', {},
      h('section.card', { 'aria-labelledby': 'balance-title' },
        h('h2', { id: 'balance-title' }, 'Balance'),
        h('p', {}, h('span.stat', { id: 'token-balance' }, number(balance.tokens)), ` ${plural(balance.tokens, 'token', 'tokens')}`),
        h('p', {}, `${count(balance.freePullsLeft, 'free pull', 'free pulls')} left today; more at ${when(balance.freePullsResetAt)}.`)),
      status.terms.needed
        ? termsCard(product, 'Tokens are bought with money and spent on pulls, a game of chance: before you buy, confirm your age and accept the terms.',
          () => tokensPage(view, ctx))
        : h('section.card', { 'aria-labelledby': 'buy-title' },
          h('h2', { id: 'buy-title' }, 'Buy tokens'),
          form, answer)),
    h('h2', {}, 'Purchases'),
    pagedTable('/api/v1/purchases', 'Purchases', ['When', 'Package', 'Price', 'Status'], p => [
      when(p.createdAt), h('a', { href: `#/purchase/${p.purchaseId}` }, tokens(p.tokens)), money(p.amountMinor, p.currency), p.status]),
    h('h2', {}, 'Transactions'),
    pagedTable('/api/v1/tokens/transactions', 'Token transactions', ['When', 'What', 'Tokens', 'Balance'], t => [
      when(t.recordedAt), t.kind, (t.amount > 0 ? '+' : '') + number(t.amount), number(t.balanceAfter)]));
}

async function purchasePage(view, { rest }) {
  const id = rest[0];
  const body = h('div', { 'aria-live': 'polite', id: 'purchase' });
  replace(view, h('h1', {}, 'Purchase'), body);
  const draw = purchase => {
    const outcome = {
      completed: notice('ok', `Paid: ${tokens(purchase.tokens)} ${purchase.tokens === 1 ? 'is' : 'are'} in your balance.`),
      failed: notice('error', `The payment failed${purchase.failureReason ? `: ${purchase.failureReason}` : '.'} Nothing was charged.`),
      cancelled: notice('info', 'The purchase was cancelled. Nothing was charged.'),
      refunded: notice('info', `Refunded; ${tokens(purchase.tokensTakenBack)} taken back.`),
      disputed: notice('info', `The payment is disputed with your bank; ${tokens(purchase.tokensHeld)} ${purchase.tokensHeld === 1 ? 'is' : 'are'} held until it is decided.`),
    }[purchase.status] ?? (purchase.provider === 'stripe'
      ? notice('info', 'Waiting for Stripe to confirm the payment. If you left the checkout page, nothing was charged: go back to it, or leave it and the order expires by itself.')
      : notice('info', `Payment ${purchase.status}…`));
    const resume = purchase.status === 'pending' && purchase.checkoutUrl ? h('a.button', { href: purchase.checkoutUrl }, 'Back to checkout') : null;
    const cancel = purchase.status === 'pending' && purchase.provider === 'simulated'
      ? h('button.secondary', { type: 'button', onclick: async () => { try { draw(await api('DELETE', `/api/v1/purchases/${id}`)); } catch (e) { replace(body, notice('error', problemText(e))); } } }, 'Cancel')
      : null;
    replace(body,
      h('p', {}, `${tokens(purchase.tokens)} for ${money(purchase.amountMinor, purchase.currency)}, ${purchase.method}.`),
      h('p', {}, 'Status: ', h('strong', { id: 'purchase-status' }, purchase.status)),
      outcome,
      h('ol', {}, purchase.history.map(step => h('li', {}, `${step.status}, ${when(step.at)}${step.detail ? `: ${step.detail}` : ''}`))),
      h('div.actions', {}, resume, cancel, h('a.button.secondary', { href: '#/tokens' }, 'Back to tokens'), h('a.button.secondary', { href: '#/vanikeys' }, 'Spend them on VaniKeys')));
  };
  // Quick while a payment is likely to finish, then every few seconds; a buyer who left Checkout stops it in time.
  return repeat(async () => {
    try {
      const purchase = await get(`/api/v1/purchases/${encodeURIComponent(id)}`);
      draw(purchase);
      return !finished.has(purchase.status);
    } catch (e) {
      if (e.status === 404) { replace(body, notice('error', problemText(e))); return false; }
      throw e;
    }
  }, waited => waited > 15 * 60 * 1000 ? null : waited < 30000 ? 700 : 5000);
}
