// "How it works" and "Pricing", both written from the configuration the faucet runs with.

import { t, tn } from '../i18n.js';
import { ban, h, money, number, replace, table, tokens } from '../ui.js';

export function render(view, { name, product }) {
  return name === 'pricing' ? pricing(view, product) : how(view, product);
}

function how(view, product) {
  const e = product.earning;
  // The limits in one phrase, a key for each set of them: payouts a day and a week, with or without BAN a day and a week.
  const limits = { count: e.dailyPayoutCap, weekly: number(e.weeklyPayoutCap), dailyBan: ban(e.dailyBanCap), weeklyBan: ban(e.weeklyBanCap) };
  const caps = e.dailyBanCap && e.weeklyBanCap ? tn('info.how.caps.banDayAndWeek', limits)
    : e.dailyBanCap ? tn('info.how.caps.banDay', limits)
      : e.weeklyBanCap ? tn('info.how.caps.banWeek', limits)
        : tn('info.how.caps.payouts', limits);
  const paid = {
    step: h('strong', {}, t('info.how.paid.title')), minutes: number(e.schedulerMinutes), caps, zone: e.resetTz,
    balance: ban(e.minOperatorBalanceBan), minimum: ban(e.minPayoutBan),
  };
  const earn = {
    step: h('strong', {}, t('info.how.earn.title')), kill: ban(e.banPerKill), click: ban(e.banPerClick),
    count: e.clickerBucketCapacity, refill: number(e.clickerRefillPerSecond),
  };
  replace(view,
    h('h1', {}, t('info.how.title')),
    h('ol', {},
      h('li', {}, ...tn('info.how.signIn.text', { step: h('strong', {}, t('info.how.signIn.title')) })),
      h('li', {}, ...tn('info.how.wallet.text', { step: h('strong', {}, t('info.how.wallet.title')) })),
      h('li', {}, ...(product.featureFlags?.clicker !== false ? tn('info.how.earn.textWithClicker', earn) : tn('info.how.earn.text', earn))),
      h('li', {}, ...(e.minPayoutBan !== '0' ? tn('info.how.paid.textWithMinimum', paid) : tn('info.how.paid.text', paid))),
      h('li', {}, ...tn('info.how.watch.text', { step: h('strong', {}, t('info.how.watch.title')) }))),
    product.dryRun ? h('p.notice.info', {}, t('info.how.dryRun')) : null,
    product.demo ? h('p.notice.info', {}, t('info.how.demo')) : null,
    product.featureFlags?.vanikeys !== false ? [
      h('h2', {}, t('info.vanikeys.title')),
      h('p', {}, t('info.vanikeys.text')),
      h('a.button.secondary', { href: '#/pricing' }, t('info.vanikeys.prices')),
    ] : null);
}

function pricing(view, product) {
  const v = product.vanityPricing;
  replace(view,
    h('h1', {}, t('info.pricing.title')),
    h('h2', {}, t('info.pricing.packages')),
    table(t('info.pricing.packages'), [t('info.pricing.package'), t('info.pricing.tokens'), t('info.pricing.price'), t('info.pricing.per100')], product.tokenPackages, p => [
      p.name, number(p.tokens), money(p.priceMinor, p.currency), money(Math.round(p.priceMinor * 100 / p.tokens), p.currency)]),
    h('h2', {}, t('info.pricing.buys')),
    h('ul', {},
      h('li', {}, t('info.pricing.pull', { price: tokens(v.pullTokens), keys: number(v.pullCandidateBudget), count: product.freePullsPerDay })),
      h('li', {}, t('info.pricing.job', { perMillion: tokens(v.jobTokensPerMillionAttempts), margin: number(v.jobMarginPercent), minimum: tokens(v.jobMinTokens) }))),
    h('p', {}, t('info.pricing.free')),
    h('a.button', { href: '#/tokens' }, t('info.pricing.buy')));
}
