// Tokens: the balance, the packages of product.yaml, buying one (Stripe Checkout, or the simulated provider's form in
// a dry run) or paying with one of the player's saved payment methods, saving one (on Stripe's own page, or from the
// simulated provider's test methods), the purchase's own page (where Checkout sends the buyer back), and the ledger.

import { api, get, post } from '../api.js';
import { t, tn } from '../i18n.js';
import { h, money, newKey, notice, number, problemText, repeat, replace, statusText, tokens, when } from '../ui.js';
import { pagedTable, signInFirst, termsCard } from './shared.js';

const methods = () => [['card', t('tokens.kind.card')], ['debit', t('tokens.kind.debit')], ['paypal', t('tokens.kind.paypal')]];
const finished = new Set(['completed', 'failed', 'cancelled', 'refunded', 'disputed']);

// The simulated provider's test tokens, each standing for a made-up card or PayPal account: a method is saved from
// what a provider gives back for it, so this page never asks for a card number.
const testTokens = () => [
  ['tok_visa_4242', 'card', t('tokens.testMethod.card', { brand: 'Visa', digits: '4242' })],
  ['tok_mastercard_4444', 'card', t('tokens.testMethod.card', { brand: 'Mastercard', digits: '4444' })],
  ['tok_amex_0005', 'card', t('tokens.testMethod.card', { brand: 'American Express', digits: '0005' })],
  ['tok_visa_debit_5556', 'debit', t('tokens.testMethod.debit', { brand: 'Visa', digits: '5556' })],
  ['tok_mastercard_debit_5556', 'debit', t('tokens.testMethod.debit', { brand: 'Mastercard', digits: '5556' })],
  ['tok_paypal', 'paypal', t('tokens.testMethod.paypal')],
  ['tok_chargeDeclined', 'card', t('tokens.testMethod.declined')],
];
const entryText = () => ({ purchase: t('tokens.entry.purchase'), job: t('tokens.entry.job'), refund: t('tokens.entry.refund'),
  grant: t('tokens.entry.grant'), dispute: t('tokens.entry.dispute') });
const entryKind = e => e.kind === 'pull' ? (e.amount === 0 ? t('tokens.entry.freePull') : t('tokens.entry.pull')) : entryText()[e.kind] ?? statusText(e.kind);
// A purchase in one sentence, its method's words inside it: "5 tokens for $1.00, by card."
const purchaseText = (purchase, price) => {
  const params = { tokens: tokens(purchase.tokens), price };
  switch (purchase.method) {
    case 'card': return t('tokens.purchase.summary.card', params);
    case 'debit': return t('tokens.purchase.summary.debit', params);
    case 'paypal': return t('tokens.purchase.summary.paypal', params);
    case 'stripe': return t('tokens.purchase.summary.stripe', params);
    default: return t('tokens.purchase.summary.unknown', { ...params, method: purchase.method });
  }
};

const brands = { visa: 'Visa', mastercard: 'Mastercard', amex: 'American Express', paypal: 'PayPal' };

/** "Visa card ending 4242": a saved method in words, enough to tell it from the player's others. */
function methodName(m) {
  const brand = brands[m.brand] ?? m.brand;
  if (m.type === 'paypal') return t('tokens.methodName.paypal', { brand });
  const params = { brand, lastFour: m.lastFour };
  if (m.type === 'debit') return m.lastFour ? t('tokens.methodName.debitEnding', params) : t('tokens.methodName.debit', params);
  return m.lastFour ? t('tokens.methodName.cardEnding', params) : t('tokens.methodName.card', params);
}

const methodText = m => {
  const params = { method: methodName(m), expiry: m.expiry };
  if (m.expiry) return m.isDefault ? t('tokens.methodText.expiresDefault', params) : t('tokens.methodText.expires', params);
  return m.isDefault ? t('tokens.methodText.default', params) : params.method;
};

export async function render(view, ctx) {
  const { session, name } = ctx;
  if (!session.me) return signInFirst(view, t('tokens.title'), location.hash || '#/tokens');
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
    h('legend', {}, t('tokens.buy.package')),
    product.tokenPackages.map(p => h('div.inline.choice', {},
      h('input', { type: 'radio', name: 'package', id: `package-${p.id}`, value: p.id, checked: p.id === chosen, onchange: () => { chosen = p.id; } }),
      h('label', { for: `package-${p.id}` }, t('tokens.buy.packageOption', { name: p.name, count: p.tokens, price: money(p.priceMinor, p.currency) })))));
  // The simulated provider's own methods, or Stripe's checkout page for a card or account not saved here.
  const fresh = simulated ? methods().map(([value, label]) => ({ id: `method-${value}`, value, label }))
    : [{ id: 'method-checkout', value: '', label: t('tokens.buy.checkoutMethod') }];
  const methodChoice = h('fieldset');
  const pay = h('button', { type: 'submit' });
  // The default saved method is preselected until the player picks one; a pick stays while it is still offered.
  let picked = null;
  const drawPay = () => {
    const savedPicked = !!methodChoice.querySelector('input[name=method]:checked')?.dataset.paymentMethodId;
    pay.textContent = simulated ? t('tokens.buy.paySimulated') : savedPicked ? t('tokens.buy.payNow') : t('tokens.buy.toCheckout');
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
      h('legend', {}, simulated ? t('tokens.buy.payWithSimulated') : t('tokens.buy.payWith')),
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
  simulated ? h('p.notice.info.simulated', {}, t('tokens.buy.simulated')) : null,
  pay);
  form.addEventListener('change', () => { key = newKey(); });

  const methodsCard = status.terms.needed ? null : savedMethodsCard(saved, now => {
    saved = now;
    drawMethodChoice();
    // Other methods on offer may make the one checked another order.
    key = newKey();
  }, { simulated, back: params.get('added') });

  replace(view,
    h('h1', {}, t('tokens.title')),
    h('div.grid', {},
      h('section.card', { 'aria-labelledby': 'balance-title' },
        h('h2', { id: 'balance-title' }, t('tokens.balance.title')),
        h('p', {}, ...tn('tokens.balance.tokens', { count: balance.tokens, amount: h('span.stat', { id: 'token-balance' }, number(balance.tokens)) })),
        h('p', {}, t('tokens.balance.freePulls', { count: balance.freePullsLeft, at: when(balance.freePullsResetAt) }))),
      status.terms.needed
        ? termsCard(product, t('tokens.terms.why'),
          () => tokensPage(view, ctx))
        : h('section.card', { 'aria-labelledby': 'buy-title' },
          h('h2', { id: 'buy-title' }, t('tokens.buy.title')),
          form, answer),
      methodsCard?.card),
    h('h2', {}, t('tokens.purchases.title')),
    pagedTable('/api/v1/purchases', t('tokens.purchases.caption'),
      [t('tokens.purchases.when'), t('tokens.purchases.package'), t('tokens.purchases.price'), t('tokens.purchases.status')], p => [
        when(p.createdAt), h('a', { href: `#/purchase/${p.purchaseId}` }, tokens(p.tokens)), money(p.amountMinor, p.currency), statusText(p.status)]),
    h('h2', {}, t('tokens.transactions.title')),
    pagedTable('/api/v1/tokens/transactions', t('tokens.transactions.caption'),
      [t('tokens.transactions.when'), t('tokens.transactions.what'), t('tokens.transactions.tokens'), t('tokens.transactions.balance')], e => [
        when(e.recordedAt), entryKind(e), e.amount === 0 ? t('tokens.transactions.none') : (e.amount > 0 ? '+' : '') + number(e.amount), number(e.balanceAfter)]));
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
  const title = h('h2', { id: 'methods-title', tabindex: '-1' }, t('tokens.methods.title'));
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
      m.isDefault ? null : h('button.secondary', { type: 'button', 'aria-label': t('tokens.methods.makeDefaultLabel', { method: name }),
        onclick: event => act(event.currentTarget, async () => {
          await api('PUT', `/api/v1/payment-methods/${encodeURIComponent(m.id)}/default`);
          return t('tokens.methods.madeDefault', { method: name });
        }) }, t('tokens.methods.makeDefault')),
      h('button.secondary', { type: 'button', 'aria-label': t('tokens.methods.removeLabel', { method: name }), onclick: ask }, t('tokens.methods.remove')));
    const ask = () => {
      const yes = h('button.danger', { type: 'button', 'aria-label': t('tokens.methods.confirmRemoveLabel', { method: name }),
        onclick: event => act(event.currentTarget, async () => {
          await api('DELETE', `/api/v1/payment-methods/${encodeURIComponent(m.id)}`);
          return t('tokens.methods.removed', { method: name });
        }) }, t('tokens.methods.confirmRemove'));
      replace(actions, h('span', {}, t('tokens.methods.removeQuestion', { method: name })), yes, h('button.secondary', { type: 'button', 'aria-label': t('tokens.methods.keepLabel', { method: name }),
        onclick: () => { offer(); actions.lastChild.focus(); } }, t('tokens.methods.keep')));
      yes.focus();
    };
    offer();
    return h('li', {}, h('span', {}, methodText(m)), actions);
  };
  const draw = methods => replace(list, methods.length
    ? h('ul.plain.methods', { 'aria-labelledby': 'methods-title' }, methods.map(row))
    : h('p.muted', {}, t('tokens.methods.none')));
  draw(initial);

  const makeDefault = h('input', { type: 'checkbox', id: 'method-default', name: 'isDefault' });
  const asDefault = h('div', {}, h('span.check', {}, makeDefault, h('label', { for: 'method-default' }, t('tokens.methods.asDefault'))));
  const form = simulated ? simulatedForm(makeDefault, asDefault, act) : stripeForm(makeDefault, asDefault, answer);

  let stop = null;
  if (!simulated && back === 'cancelled') replace(answer, notice('info', t('tokens.methods.stripeCancelled')));
  if (!simulated && back === 'saved') {
    replace(answer, notice('info', t('tokens.methods.stripeConfirming')));
    const known = new Set(initial.map(m => m.id));
    stop = repeat(async () => {
      const now = await get('/api/v1/payment-methods');
      const added = now.find(m => !known.has(m.id));
      if (!added) return true;
      draw(now);
      changed(now);
      replace(answer, notice('ok', savedText(added)));
      return false;
    }, waited => {
      if (waited < 60000) return 1500;
      replace(answer, notice('info', t('tokens.methods.stripeSlow')));
      return null;
    });
  }
  // A reload is not another return from Stripe.
  if (back) history.replaceState(null, '', '#/tokens');

  return {
    stop,
    card: h('section.card', { 'aria-labelledby': 'methods-title' },
      title, list,
      h('h3', {}, t('tokens.methods.add')), form, answer),
  };
}

/** "Visa card ending 4242 is saved.": a method just saved, and whether it became the default. */
const savedText = m => m.isDefault ? t('tokens.methods.savedDefault', { method: methodName(m) }) : t('tokens.methods.saved', { method: methodName(m) });

/** The simulated provider's test methods to save one from, labelled as such. */
function simulatedForm(makeDefault, asDefault, act) {
  const token = h('select', { id: 'method-token', name: 'token' }, testTokens().map(([value, , label]) => h('option', { value }, label)));
  const form = h('form', {
    onsubmit: event => {
      event.preventDefault();
      const [value, type] = testTokens().find(([candidate]) => candidate === token.value);
      return act(form.querySelector('button[type=submit]'), async () => {
        const method = await post('/api/v1/payment-methods', { type, token: value, isDefault: makeDefault.checked });
        return savedText(method);
      });
    },
  },
  h('div.field', {}, h('label', { for: 'method-token' }, t('tokens.methods.simulatedToken')), token),
  asDefault,
  h('p.notice.info.simulated', {}, t('tokens.methods.simulatedNote')),
  h('div.actions', {}, h('button', { type: 'submit' }, t('tokens.methods.simulatedSave'))));
  return form;
}

/** The kind of method to add on Stripe's own page, where the player is sent. */
function stripeForm(makeDefault, asDefault, answer) {
  const kind = h('select', { id: 'method-kind', name: 'type' }, methods().map(([value, label]) => h('option', { value }, label)));
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
  h('div.field', {}, h('label', { for: 'method-kind' }, t('tokens.methods.stripeKind')), kind),
  asDefault,
  h('p.muted', {}, t('tokens.methods.stripeNote')),
  h('div.actions', {}, h('button', { type: 'submit' }, t('tokens.methods.stripeContinue'))));
  return form;
}

async function purchasePage(view, { rest }) {
  const id = rest[0];
  const body = h('div', { 'aria-live': 'polite', id: 'purchase' });
  replace(view, h('h1', {}, t('tokens.purchase.title')), body);
  const draw = purchase => {
    const outcome = {
      completed: notice('ok', t('tokens.purchase.completed', { count: purchase.tokens })),
      failed: notice('error', purchase.failureReason ? t('tokens.purchase.failedBecause', { reason: purchase.failureReason }) : t('tokens.purchase.failed')),
      cancelled: notice('info', t('tokens.purchase.cancelled')),
      refunded: notice('info', t('tokens.purchase.refunded', { count: purchase.tokensTakenBack })),
      disputed: notice('info', t('tokens.purchase.disputed', { count: purchase.tokensHeld })),
    }[purchase.status] ?? (purchase.provider === 'stripe'
      ? notice('info', t('tokens.purchase.waitingForStripe'))
      : notice('info', t('tokens.purchase.waiting', { status: statusText(purchase.status).toLowerCase() })));
    const resume = purchase.status === 'pending' && purchase.checkoutUrl ? h('a.button', { href: purchase.checkoutUrl }, t('tokens.purchase.backToCheckout')) : null;
    const cancel = purchase.status === 'pending' && purchase.provider === 'simulated'
      ? h('button.secondary', { type: 'button', onclick: async () => { try { draw(await api('DELETE', `/api/v1/purchases/${id}`)); } catch (e) { replace(body, notice('error', problemText(e))); } } }, t('common.cancel'))
      : null;
    replace(body,
      h('p', {}, purchaseText(purchase, money(purchase.amountMinor, purchase.currency))),
      h('p', {}, ...tn('tokens.purchase.status', { status: h('strong', { id: 'purchase-status' }, statusText(purchase.status)) })),
      outcome,
      // The steps' details are the Api's notes for operators (in minor units, with provider references): the outcome
      // above says in words what they mean for the buyer.
      h('ol', {}, purchase.history.map(step => h('li', {}, t('tokens.purchase.step', { status: statusText(step.status), at: when(step.at) })))),
      h('div.actions', {}, resume, cancel, h('a.button.secondary', { href: '#/tokens' }, t('tokens.purchase.backToTokens')), h('a.button.secondary', { href: '#/vanikeys' }, t('tokens.purchase.spend'))));
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
