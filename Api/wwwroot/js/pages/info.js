// "How it works" and "Pricing", both written from the configuration the faucet runs with.

import { ban, count, h, money, number, replace, table, tokens } from '../ui.js';

export function render(view, { name, product }) {
  return name === 'pricing' ? pricing(view, product) : how(view, product);
}

function how(view, product) {
  const e = product.earning;
  const caps = [`${count(e.dailyPayoutCap, 'payout', 'payouts')} a day`, `, ${number(e.weeklyPayoutCap)} a week`];
  if (e.dailyBanCap) caps.push(', at most ', ban(e.dailyBanCap), ' a day');
  if (e.weeklyBanCap) caps.push(', at most ', ban(e.weeklyBanCap), ' a week');
  replace(view,
    h('h1', {}, 'How it works'),
    h('ol', {},
      h('li', {}, h('strong', {}, 'Sign in'), ' with Discord (to earn for Fortnite kills), a wallet key, or e-mail.'),
      h('li', {}, h('strong', {}, 'Link your Banano wallet'), ' on My faucet: that is where payouts go.'),
      h('li', {}, h('strong', {}, 'Earn. '),
        'Each Fortnite kill the stats confirm earns ', ban(e.banPerKill), ': the faucet asks Yunite which Epic account you linked in the Discord server, and counts only kills made after you joined.',
        product.featureFlags?.clicker !== false ? [' Each click on the clicker coin earns ', ban(e.banPerClick), ` (up to ${count(e.clickerBucketCapacity, 'click', 'clicks')} in a quick burst, then ${number(e.clickerRefillPerSecond)} a second; machine-like clicking closes the clicker for a while).`] : ''),
      h('li', {}, h('strong', {}, 'Get paid. '),
        `Every ${number(e.schedulerMinutes)} minutes a settlement round pays everyone with BAN waiting, in random order, up to `, caps,
        ` (days and weeks in the ${e.resetTz} time zone; what a limit holds back waits for the next day or week). Rounds pay only while the operator's wallet holds more than `, ban(e.minOperatorBalanceBan), '.',
        e.minPayoutBan !== '0' ? [' A round pays you once at least ', ban(e.minPayoutBan), ' is waiting; less waits for a later round and uses none of your limits.'] : null),
      h('li', {}, h('strong', {}, 'Watch it happen'), ' on the home page: every payout appears in the live feed with its block.')),
    product.dryRun ? h('p.notice.info', {}, 'This faucet runs as a dry run: rounds are planned and recorded, but no BAN is sent.') : null,
    product.demo ? h('p.notice.info', {}, 'This faucet is a demo: rounds pay through a simulated Banano node, so payouts settle and the feed moves, but every payout and block is simulated and no BAN is sent.') : null,
    product.featureFlags?.vanikeys !== false ? [
      h('h2', {}, 'VaniKeys'),
      h('p', {}, 'Spend tokens on vanity Ed25519 keys (did:key) that show words you choose. A pull searches a batch of keys and gives you the best; a guaranteed job searches on every server until a key shows every part. The keys are standard: they import anywhere as JWK, PEM or a raw seed.'),
      h('a.button.secondary', { href: '#/pricing' }, 'See the prices'),
    ] : null);
}

function pricing(view, product) {
  const v = product.vanityPricing;
  replace(view,
    h('h1', {}, 'Pricing'),
    h('h2', {}, 'Token packages'),
    table('Token packages', ['Package', 'Tokens', 'Price', 'Per 100 tokens'], product.tokenPackages, p => [
      p.name, number(p.tokens), money(p.priceMinor, p.currency), money(Math.round(p.priceMinor * 100 / p.tokens), p.currency)]),
    h('h2', {}, 'What tokens buy'),
    h('ul', {},
      h('li', {}, `A gacha pull: ${tokens(v.pullTokens)}, the best of ${number(v.pullCandidateBudget)} keys. ${count(product.freePullsPerDay, 'pull a day is', 'pulls a day are')} free.`),
      h('li', {}, `A guaranteed job: ${tokens(v.jobTokensPerMillionAttempts)} per million expected attempts, times ${number(v.jobMarginPercent)}%, never less than ${tokens(v.jobMinTokens)} (a pull's price or more). Cancel any time and get back the share of the price the search has not used.`)),
    h('p', {}, 'Earning BAN is free: tokens only buy keys.'),
    h('a.button', { href: '#/tokens' }, 'Buy tokens'));
}
