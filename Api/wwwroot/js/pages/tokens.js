// Tokens: the balance, the packages of product.yaml, buying one (Stripe Checkout, or the simulated provider's form in
// a dry run) or paying with one of the player's saved payment methods, saving one (on Stripe's own page, or from the
// simulated provider's test methods), the purchase's own page (where Checkout sends the buyer back), and the ledger.

import { api, get, post } from '../api.js';
import { count, h, money, newKey, notice, number, plural, problemText, repeat, replace, statusText, tokens, when } from '../ui.js';
import { pagedTable, signInFirst, termsCard } from './shared.js';

const methods = [['card', 'Card'], ['debit', 'Debit card'], ['paypal', 'PayPal']];
const finished = new Set(['completed', 'failed', 'cancelled', 'refunded', 'disputed']);

// The simulated provider's test tokens, each standing for a made-up card or PayPal account: a method is saved from
// what a provider gives back for it, so this page never asks for a card number.
const testTokens = [
  ['tok_visa_4242', 'card', 'Visa card 4242'],
  ['tok_mastercard_4444', 'card', 'Mastercard card 4444'],
  ['tok_amex_0005', 'card', 'American Express card 0005'],
  ['tok_visa_debit_5556', 'debit', 'Visa debit card 5556'],
  ['tok_mastercard_debit_5556', 'debit', 'Mastercard debit card 5556'],
  ['tok_paypal', 'paypal', 'PayPal account'],
  ['tok_chargeDeclined', 'card', 'A card the provider declines'],
];
const entryText = { purchase: 'Bought', job: 'Guaranteed job', refund: 'Refund', grant: 'Given by an operator', dispute: 'Held for a disputed payment' };
const entryKind = t => t.kind === 'pull' ? (t.amount === 0 ? 'Free pull' : 'Pull') : entryText[t.kind] ?? statusText(t.kind);
const methodWords = { card: 'by card', debit: 'by debit card', paypal: 'with PayPal', stripe: 'through Stripe' };

const brands = { visa: 'Visa', mastercard: 'Mastercard', amex: 'American Express', paypal: 'PayPal' };

/** "Visa card ending 4242": a saved method in words, enough to tell it from the player's others. */
function methodName(m) {
  const brand = brands[m.brand] ?? m.brand;
  if (m.type === 'paypal') return `${brand} account`;
  return `${brand} ${m.type === 'debit' ? 'debit card' : 'card'}${m.lastFour ? ` ending ${m.lastFour}` : ''}`;
}

const methodText = m => `${methodName(m)}${m.expiry ? `, expires ${m.expiry}` : ''}${m.isDefault ? ' (default)' : ''}`;

export async function render(view, ctx) {
  const { session, name } = ctx;
  if (!session.me) return signInFirst(view, 'Tokens', location.hash || '#/tokens');
  return name === 'purchase' ? purchasePage(view, ctx) : tokensPage(view, ctx);
}

async function tokensPage(view, ctx) {
  const { product, params } = ctx;
  const simulated = product.payments === 'simulated';
  const [balance, status, methodsSaved] = await Promise.all([get('/api/v1/tokens'), get('/api/v1/me/status'), get('/api/v1/payment-methods')]);
  let saved = methodsSaved;
  const answer = h('div', { 'aria-live': 'polite' });
  let chosen = product.tokenPackages[0]?.id;

  const packageChoice = h('fieldset', {},
    h('legend', {}, 'Package'),
    product.tokenPackages.map(p => h('div.inline.choice', {},
      h('input', { type: 'radio', name: 'package', id: `package-${p.id}`, value: p.id, checked: p.id === chosen, onchange: () => { chosen = p.id; } }),
      h('label', { for: `package-${p.id}` }, `${p.name}: ${number(p.tokens)} tokens for ${money(p.priceMinor, p.currency)}`))));
  // The simulated provider's own methods, or Stripe's checkout page for a card or account not saved here.
  const fresh = simulated ? methods.map(([value, label]) => ({ id: `method-${value}`, value, label }))
    : [{ id: 'method-checkout', value: '', label: 'Another card or account, on Stripe\'s checkout page' }];
  const methodChoice = h('fieldset');
  const pay = h('button', { type: 'submit' });
  // The default saved method is preselected until the player picks one; a pick stays while it is still offered.
  let picked = null;
  const drawPay = () => {
    const savedPicked = !!methodChoice.querySelector('input[name=method]:checked')?.dataset.paymentMethodId;
    pay.textContent = simulated ? 'Pay (simulated)' : savedPicked ? 'Pay now' : 'Continue to checkout';
  };
  const drawMethodChoice = () => {
    const options = [
      ...saved.map(m => ({ id: `method-saved-${m.id}`, value: m.id, label: methodText(m), dataset: { paymentMethodId: m.id } })),
      ...fresh,
    ];
    const checked = options.some(o => o.id === picked) ? picked
      : saved.some(m => m.isDefault) ? `method-saved-${saved.find(m => m.isDefault).id}` : options[0].id;
    // With Stripe and nothing saved there is nothing to choose: its checkout page asks.
    methodChoice.hidden = !simulated && !saved.length;
    replace(methodChoice,
      h('legend', {}, simulated ? 'Pay with (simulated)' : 'Pay with'),
      options.map(o => h('div.inline.choice', {},
        h('input', { type: 'radio', name: 'method', id: o.id, value: o.value, dataset: o.dataset, checked: o.id === checked,
          onchange: () => { picked = o.id; drawPay(); } }),
        h('label', { for: o.id }, o.label))));
    drawPay();
  };
  drawMethodChoice();

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
        const method = form.querySelector('input[name=method]:checked');
        const order = method?.dataset.paymentMethodId
          ? { packageId: chosen, paymentMethodId: method.dataset.paymentMethodId }
          : simulated ? { packageId: chosen, method: method?.value } : { packageId: chosen };
        const purchase = await api('POST', '/api/v1/purchases', order, { idempotencyKey: key });
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
  simulated ? h('p.notice.info.simulated', {}, 'Simulated payment provider: no money moves.') : null,
  pay);
  form.addEventListener('change', () => { key = newKey(); });

  const methodsCard = status.terms.needed ? null : savedMethodsCard(saved, now => {
    saved = now;
    drawMethodChoice();
    // Other methods on offer may make the one checked another order.
    key = newKey();
  }, { simulated, back: params.get('added') });

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
          form, answer),
      methodsCard?.card),
    h('h2', {}, 'Purchases'),
    pagedTable('/api/v1/purchases', 'Purchases', ['When', 'Package', 'Price', 'Status'], p => [
      when(p.createdAt), h('a', { href: `#/purchase/${p.purchaseId}` }, tokens(p.tokens)), money(p.amountMinor, p.currency), statusText(p.status)]),
    h('h2', {}, 'Transactions'),
    pagedTable('/api/v1/tokens/transactions', 'Token transactions', ['When', 'What', 'Tokens', 'Balance'], t => [
      when(t.recordedAt), entryKind(t), t.amount === 0 ? 'none' : (t.amount > 0 ? '+' : '') + number(t.amount), number(t.balanceAfter)]));
  return methodsCard?.stop;
}

/**
 * The player's saved methods: each with a button to make it the default and one to remove it (asked once more first),
 * and a way to save another: with Stripe on its own page (Checkout in setup mode, which sends the player back here with
 * `back` saved or cancelled; Stripe's webhook then saves the method, so this card looks for it for a minute), with the
 * simulated provider a choice of its test tokens. `changed` gets the list each time it is read afresh. The card, and
 * what stops its looking.
 */
function savedMethodsCard(initial, changed, { simulated, back }) {
  const title = h('h2', { id: 'methods-title', tabindex: '-1' }, 'Saved payment methods');
  const list = h('div');
  const answer = h('div', { 'aria-live': 'polite' });

  // One change, then the list as the Api now has it (a default moves, the newest left takes over from a removed one).
  const act = async (button, work) => {
    const inList = list.contains(document.activeElement);
    button.disabled = true;
    replace(answer);
    try {
      const done = await work();
      const now = await get('/api/v1/payment-methods');
      draw(now);
      changed(now);
      replace(answer, notice('ok', done));
    } catch (e) {
      replace(answer, notice('error', problemText(e)));
    } finally {
      button.disabled = false;
    }
    // The row whose button had the focus was drawn afresh or is gone: the keyboard carries on from the heading.
    if (inList && !list.contains(document.activeElement)) title.focus();
  };

  const row = m => {
    const name = methodName(m);
    const actions = h('div.actions');
    const offer = () => replace(actions,
      m.isDefault ? null : h('button.secondary', { type: 'button', 'aria-label': `Make default: ${name}`,
        onclick: event => act(event.currentTarget, async () => {
          await api('PUT', `/api/v1/payment-methods/${encodeURIComponent(m.id)}/default`);
          return `${name} is now your default.`;
        }) }, 'Make default'),
      h('button.secondary', { type: 'button', 'aria-label': `Remove ${name}`, onclick: ask }, 'Remove'));
    const ask = () => {
      const yes = h('button.danger', { type: 'button', 'aria-label': `Yes, remove ${name}`,
        onclick: event => act(event.currentTarget, async () => {
          await api('DELETE', `/api/v1/payment-methods/${encodeURIComponent(m.id)}`);
          return `${name} is removed.`;
        }) }, 'Yes, remove');
      replace(actions, h('span', {}, `Remove ${name}?`), yes, h('button.secondary', { type: 'button', 'aria-label': `Keep it: ${name}`,
        onclick: () => { offer(); actions.lastChild.focus(); } }, 'Keep it'));
      yes.focus();
    };
    offer();
    return h('li', {}, h('span', {}, methodText(m)), actions);
  };
  const draw = methods => replace(list, methods.length
    ? h('ul.plain.methods', { 'aria-labelledby': 'methods-title' }, methods.map(row))
    : h('p.muted', {}, 'No saved methods yet.'));
  draw(initial);

  const makeDefault = h('input', { type: 'checkbox', id: 'method-default', name: 'isDefault' });
  const asDefault = h('div', {}, h('span.check', {}, makeDefault, h('label', { for: 'method-default' }, 'Make it my default')));
  const form = simulated ? simulatedForm(makeDefault, asDefault, act) : stripeForm(makeDefault, asDefault, answer);

  let stop = null;
  if (!simulated && back === 'cancelled') replace(answer, notice('info', 'You left Stripe\'s page: no method was added.'));
  if (!simulated && back === 'saved') {
    replace(answer, notice('info', 'Stripe is confirming your new method; it shows here in a moment.'));
    const known = new Set(initial.map(m => m.id));
    stop = repeat(async () => {
      const now = await get('/api/v1/payment-methods');
      const added = now.find(m => !known.has(m.id));
      if (!added) return true;
      draw(now);
      changed(now);
      replace(answer, notice('ok', `${methodName(added)} is saved${added.isDefault ? ' as your default' : ''}.`));
      return false;
    }, waited => {
      if (waited < 60000) return 1500;
      replace(answer, notice('info', 'If your new method is not listed above, Stripe has not confirmed it yet: look again in a minute.'));
      return null;
    });
  }
  // A reload is not another return from Stripe.
  if (back) history.replaceState(null, '', '#/tokens');

  return {
    stop,
    card: h('section.card', { 'aria-labelledby': 'methods-title' },
      title, list,
      h('h3', {}, 'Add a method'), form, answer),
  };
}

/** The simulated provider's test methods to save one from, labelled as such. */
function simulatedForm(makeDefault, asDefault, act) {
  const token = h('select', { id: 'method-token', name: 'token' }, testTokens.map(([value, , label]) => h('option', { value }, label)));
  const form = h('form', {
    onsubmit: event => {
      event.preventDefault();
      const [value, type] = testTokens.find(([t]) => t === token.value);
      return act(form.querySelector('button[type=submit]'), async () => {
        const method = await post('/api/v1/payment-methods', { type, token: value, isDefault: makeDefault.checked });
        return `${methodName(method)} is saved${method.isDefault ? ' as your default' : ''}.`;
      });
    },
  },
  h('div.field', {}, h('label', { for: 'method-token' }, 'Method to save (simulated)'), token),
  asDefault,
  h('p.notice.info.simulated', {}, 'Simulated payment provider: these are its test methods, made-up cards and a PayPal account. No card details are asked for or kept.'),
  h('div.actions', {}, h('button', { type: 'submit' }, 'Save method (simulated)')));
  return form;
}

/** The kind of method to add on Stripe's own page, where the player is sent. */
function stripeForm(makeDefault, asDefault, answer) {
  const kind = h('select', { id: 'method-kind', name: 'type' }, methods.map(([value, label]) => h('option', { value }, label)));
  const form = h('form', {
    onsubmit: async event => {
      event.preventDefault();
      const button = form.querySelector('button[type=submit]');
      button.disabled = true;
      replace(answer);
      try {
        const page = await post('/api/v1/payment-methods/setup', { type: kind.value, isDefault: makeDefault.checked });
        location.assign(page.url);
      } catch (e) {
        replace(answer, notice('error', problemText(e)));
        button.disabled = false;
      }
    },
  },
  h('div.field', {}, h('label', { for: 'method-kind' }, 'Kind of method'), kind),
  asDefault,
  h('p.muted', {}, 'Stripe asks for the card or PayPal account on its own page and keeps it. This site keeps only what tells it apart: the brand, the last four digits and the expiry.'),
  h('div.actions', {}, h('button', { type: 'submit' }, 'Continue to Stripe')));
  return form;
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
      : notice('info', `Payment ${statusText(purchase.status).toLowerCase()}…`));
    const resume = purchase.status === 'pending' && purchase.checkoutUrl ? h('a.button', { href: purchase.checkoutUrl }, 'Back to checkout') : null;
    const cancel = purchase.status === 'pending' && purchase.provider === 'simulated'
      ? h('button.secondary', { type: 'button', onclick: async () => { try { draw(await api('DELETE', `/api/v1/purchases/${id}`)); } catch (e) { replace(body, notice('error', problemText(e))); } } }, 'Cancel')
      : null;
    replace(body,
      h('p', {}, `${tokens(purchase.tokens)} for ${money(purchase.amountMinor, purchase.currency)}, ${methodWords[purchase.method] ?? purchase.method}.`),
      h('p', {}, 'Status: ', h('strong', { id: 'purchase-status' }, statusText(purchase.status))),
      outcome,
      // The steps' details are the Api's notes for operators (in minor units, with provider references): the outcome
      // above says in words what they mean for the buyer.
      h('ol', {}, purchase.history.map(step => h('li', {}, `${statusText(step.status)}, ${when(step.at)}`))),
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
