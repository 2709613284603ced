// VaniKeys: a pattern with live odds and prices, a gacha pull with its reveal and "What you got" card, guaranteed
// jobs with live progress and cancel, and the history of both. `#/vanikeys/job/<id>` opens on one job (where a found
// key's notice links to).

import { ApiError, api, get, post } from '../api.js';
import { download, duration, h, large, newKey, notice, number, problemText, repeat, replace, state, statusText, tokens as tokenCount, when } from '../ui.js';
import { jobLink, notifyOffer } from '../found-keys.js';
import { celebrate, soundSwitch } from '../celebrate.js';
import { on } from '../live.js';
import { signInFirst, termsCard } from './shared.js';

const oneIn = p => p > 0 ? `1 in ${large(1 / p)}` : 'never';
// The chance that at least one of n independent keys matches: 1 − (1 − p)^n, computed without losing a tiny p.
const pullChance = (p, n) => -Math.expm1(n * Math.log1p(-p));
// A job still searching, or stored with its price about to be held ('starting'): worth following.
const isActive = job => job.status === 'running' || job.status === 'starting';
// Under a hundredth of a percent, "1 in 53.5 million" says more than a string of zeros.
const chance = share => share > 0 && share < 0.0001 ? oneIn(share)
  : new Intl.NumberFormat(state.locale, { style: 'percent', maximumSignificantDigits: 3 }).format(share);

/**
 * The app's words for the Api's problems with a pattern, which name parts as the request does ("parts[0]") and counts
 * in e-notation, for developers; anything else is shown as the Api words it.
 */
function patternProblem(e, body) {
  const detail = e?.problem?.detail ?? '';
  const bad = /^parts\[(\d+)\] \('(.*)'\) has '(.)' at position/.exec(detail);
  if (bad) {
    const [, , part, char] = bad;
    return `“${part}” has “${char}”, which a did:key never shows: it has no 0, O, I or l.`
      + (body.fuzzy ? '' : body.caseInsensitive ? ' Let look-alikes count to read 0 as o.' : ' Ignore case or let look-alikes count to read it as a letter it has.');
  }
  const hard = /takes ([\d.]+e[+-]?\d+) attempts on average; jobs take patterns up to ([\d.]+e[+-]?\d+)/.exec(detail);
  if (hard) {
    return `Too hard for a guaranteed job: it takes about ${large(Number(hard[1]))} attempts on average, and a job takes patterns of up to ${large(Number(hard[2]))}. Shorten a part, ignore case or let look-alikes count.`;
  }
  return problemText(e).replace(/parts\[(\d+)\]/g, (_, i) => `part ${Number(i) + 1}`);
}

export async function render(view, { session, product, rest }) {
  const jobId = rest[0] === 'job' && rest[1] ? rest[1] : null;
  if (!session.me) return signInFirst(view, 'VaniKeys', jobId ? jobLink(jobId) : '#/vanikeys');
  const pricing = product.vanityPricing;
  const stops = [];
  let tokens = await get('/api/v1/tokens');
  const status = await get('/api/v1/me/status');

  const partsInput = h('input', { type: 'text', id: 'pattern', name: 'parts', autocomplete: 'off', spellcheck: 'false', placeholder: 'e.g. ban ana', 'aria-describedby': 'pattern-hint pattern-error' });
  const caseBox = h('input', { type: 'checkbox', id: 'case-insensitive', checked: true });
  const fuzzyBox = h('input', { type: 'checkbox', id: 'fuzzy' });
  const error = h('p.field-error', { id: 'pattern-error', 'aria-live': 'polite' });
  const odds = h('div', { id: 'odds', 'aria-live': 'polite' });
  const pullButton = h('button', { type: 'button', id: 'pull', disabled: true }, 'Pull');
  const jobButton = h('button.secondary', { type: 'button', id: 'start-job', disabled: true }, 'Start a guaranteed job');
  const result = h('section', { id: 'result', 'aria-live': 'polite' });
  const jobPanel = h('section', { id: 'job', 'aria-live': 'polite' });
  const pulls = h('div');
  const jobs = h('div');
  let quote = null;
  // One pull or job start at a time (each spends tokens), and one job followed at a time.
  let busy = false;
  let following = null;
  const follow = job => {
    following?.();
    following = followJob(jobPanel, job, drawJobs);
  };
  stops.push(() => following?.());

  const request = () => ({
    parts: partsInput.value.split(/[\s,]+/).filter(Boolean),
    caseInsensitive: caseBox.checked,
    fuzzy: fuzzyBox.checked,
  });

  const pullLabel = () => tokens.freePullsLeft > 0
    ? `Pull (free, ${number(tokens.freePullsLeft)} left today)`
    : `Pull (${tokenCount(pricing.pullTokens)})`;

  // One key per spend until it is answered: trying again after a lost answer (no response, or a 5xx) is the same pull
  // or job, paid once. An answer, or another pattern, takes a new key.
  const keys = { pull: null, job: null };

  let pending = 0;
  const check = async () => {
    keys.pull = keys.job = null;
    const body = request();
    const mine = ++pending;
    pullButton.disabled = jobButton.disabled = true;
    if (busy) return;
    if (!body.parts.length) { replace(odds); error.textContent = ''; partsInput.removeAttribute('aria-invalid'); return; }
    try {
      const answer = await post('/api/v1/vanity/odds', body);
      let jobQuote = null, tooHard = null;
      try { jobQuote = await post('/api/v1/vanity/jobs/quote', body); } catch (e) { tooHard = patternProblem(e, body); }
      if (mine !== pending) return;
      quote = jobQuote;
      error.textContent = '';
      partsInput.removeAttribute('aria-invalid');
      replace(odds, oddsTable(body, answer, jobQuote, tooHard, pricing, tokens));
      pullButton.disabled = false;
      pullButton.textContent = pullLabel();
      jobButton.disabled = !jobQuote;
      jobButton.textContent = jobQuote ? `Start a guaranteed job (${tokenCount(jobQuote.price)})` : 'Start a guaranteed job';
    } catch (e) {
      if (mine !== pending) return;
      partsInput.setAttribute('aria-invalid', 'true');
      error.textContent = patternProblem(e, body);
      replace(odds);
    }
  };
  let debounce = null;
  // What was pulled for the last pattern goes with it: its "Pull again" would pull the new one.
  const soon = () => { replace(result); clearTimeout(debounce); debounce = setTimeout(check, 250); };
  for (const input of [partsInput, caseBox, fuzzyBox]) input.addEventListener('input', soon);
  stops.push(() => clearTimeout(debounce));

  // Pulls and job starts spend tokens: one at a time, both buttons off until the answer.
  const spending = (kind, action, where) => async () => {
    if (busy) return;
    busy = true;
    pullButton.disabled = jobButton.disabled = true;
    keys[kind] ??= newKey();
    try {
      await action(keys[kind]);
      keys[kind] = null;
    } catch (e) {
      if (e instanceof ApiError && e.status < 500) keys[kind] = null;
      replace(where, notice('error', problemText(e)));
    } finally {
      busy = false;
      pullButton.disabled = false;
      jobButton.disabled = !quote;
      pullButton.textContent = pullLabel();
    }
  };

  const pull = spending('pull', async key => {
    replace(result, h('p.muted', {}, `Searching ${large(pricing.pullCandidateBudget)} keys…`));
    const answer = await api('POST', '/api/v1/vanity/pulls', request(), { idempotencyKey: key });
    tokens = { ...tokens, tokens: answer.tokens ?? tokens.tokens, freePullsLeft: answer.freePullsLeft ?? tokens.freePullsLeft };
    replace(result, pullCard(answer, pull));
    // Every part shows: a jackpot. A partial match is never celebrated.
    if (answer.pull.match.missing.length === 0) celebrate();
    await drawPulls();
  }, result);
  pullButton.addEventListener('click', pull);

  // A job stored but not yet paid answers 202 'starting': following it shows it start (or go, without the tokens).
  jobButton.addEventListener('click', spending('job', async key => {
    follow(await api('POST', '/api/v1/vanity/jobs', request(), { idempotencyKey: key }));
    await drawJobs();
  }, jobPanel));

  const drawPulls = async () => {
    const page = await get('/api/v1/vanity/pulls?limit=10');
    replace(pulls, page.items.length ? h('ul', {}, page.items.map(p => h('li', {},
      h('span.mono', {}, p.did), ` ${number(p.match.score)} of ${number(p.match.of)} parts of “${p.request.parts.join(' ')}”, ${when(p.createdAt)}${p.keptAt ? ' (key kept on the server)' : ''}`))) : h('p.muted', {}, 'No pulls yet.'));
  };
  const drawJobs = async () => {
    const page = await get('/api/v1/vanity/jobs?limit=10');
    replace(jobs, page.items.length ? h('ul', {}, page.items.map(j => h('li', {},
      `“${j.request.parts.join(' ')}”: ${statusText(j.status).toLowerCase()}, ${large(j.attempts)} of about ${large(j.expectedAttempts)} attempts, ${tokenCount(j.price)}${j.refunded ? ` (${number(j.refunded)} refunded)` : ''}`,
      j.status === 'found' ? h('span', {}, ' ', h('button.secondary', {
        type: 'button',
        onclick: async event => {
          const button = event.currentTarget;
          try { button.replaceWith(...keyDownloads(await get(`/api/v1/vanity/jobs/${j.jobId}/result`))); } catch (e) { button.after(` ${problemText(e)}`); }
        },
      }, 'Get the key')) : null,
      isActive(j) ? h('span', {}, ' ', h('button.secondary', { type: 'button', onclick: () => follow(j) }, 'Follow')) : null))) : h('p.muted', {}, 'No jobs yet.'));
  };

  replace(view,
    h('h1', {}, 'VaniKeys'),
    h('p', {}, 'A vanity did:key: an ordinary Ed25519 key whose did:key shows the words you pick. Every key starts did:key:z6Mk; the 44 characters after it can be shaped.'),
    h('section.card', { 'aria-labelledby': 'pattern-title' },
      h('h2', { id: 'pattern-title' }, 'Your pattern'),
      h('form', { onsubmit: event => { event.preventDefault(); check(); } },
        h('div.field', {},
          h('label', { for: 'pattern' }, 'Parts, in order'),
          partsInput,
          h('p.hint', { id: 'pattern-hint' }, 'Separate parts with spaces. Base58 has no 0, O, I or l.'),
          error),
        h('div.inline', {}, h('span.check', {}, caseBox, h('label', { for: 'case-insensitive' }, 'Ignore case')), h('span.check', {}, fuzzyBox, h('label', { for: 'fuzzy' }, 'Look-alikes count (0/O, 1/I/l, 3/E, 4/A, 5/S, 7/T, 8/B)')))),
      odds,
      h('div.actions', {}, pullButton, jobButton),
      h('div.inline', {}, soundSwitch())),
    // Free pulls stake nothing and need nothing; a pull paid with tokens and a job do.
    status.terms.needed
      ? termsCard(product, 'Free pulls need nothing. A pull paid with tokens and a guaranteed job are games of chance paid with money: before one, confirm your age and accept the terms.',
        async () => { document.getElementById('terms-gate').replaceWith(notice('ok', 'Thank you: the terms are accepted.')); })
      : null,
    result,
    jobPanel,
    notifyOffer(),
    h('h2', {}, 'Your pulls'), pulls,
    h('h2', {}, 'Your jobs'), jobs);
  await Promise.all([drawPulls(), drawJobs()]);
  if (jobId) {
    try {
      follow(await get(`/api/v1/vanity/jobs/${encodeURIComponent(jobId)}`));
    } catch (e) {
      replace(jobPanel, notice('error', e instanceof ApiError && e.status === 404 ? 'There is no such job of yours.' : problemText(e)));
    }
    jobPanel.scrollIntoView();
  }
  // A job found meanwhile shows in the list at once.
  stops.push(on('vanity', () => drawJobs().catch(() => {})));
  return () => stops.forEach(stop => stop());
}

function oddsTable(body, answer, jobQuote, tooHard, pricing, tokens) {
  const o = answer.odds;
  const n = body.parts.length;
  const rows = [
    ['Every part (exact)', oneIn(o.exact)],
    ...o.atLeast.slice(0, -1).map((p, i) => [`At least ${i + 1} of ${n}`, oneIn(p)]).filter(() => n > 1),
    ['Expected attempts', large(o.expectedAttempts)],
    ['Median attempts', large(o.medianAttempts)],
    ['99th percentile attempts', large(o.p99Attempts)],
    ['Expected time on this cluster', answer.expectedSeconds === null ? 'not measured yet' : duration(answer.expectedSeconds)],
    ['Median time', answer.medianSeconds === null ? 'not measured yet' : duration(answer.medianSeconds)],
    ['99th percentile time', answer.p99Seconds === null ? 'not measured yet' : duration(answer.p99Seconds)],
    ['A pull', `${tokens.freePullsLeft > 0 ? 'free' : tokenCount(pricing.pullTokens)}: the best of ${large(pricing.pullCandidateBudget)} keys, a ${chance(pullChance(o.exact, pricing.pullCandidateBudget))} chance of every part`],
    ['A guaranteed job', jobQuote ? `${tokenCount(jobQuote.price)}, runs until every part shows` : tooHard],
  ];
  return h('table.odds', {}, h('caption', {}, `Odds for “${body.parts.join(' ')}”`),
    h('tbody', {}, rows.map(([k, v]) => h('tr', {}, h('th', { scope: 'row' }, k), h('td', {}, v)))));
}

/** The did with each matched part marked. */
function highlighted(did, match) {
  const marks = [...match.matched, ...match.bonus].sort((a, b) => a.position - b.position);
  const out = [];
  let at = 0;
  for (const m of marks) {
    if (m.position < at) continue;
    out.push(did.slice(at, m.position), h('mark', {}, did.slice(m.position, m.position + m.text.length)));
    at = m.position + m.text.length;
  }
  out.push(did.slice(at));
  return out;
}

function keyDownloads(key) {
  const base = key.did.slice(-12);
  return [
    h('button.secondary', { type: 'button', onclick: () => download(`${base}.jwk.json`, 'application/json', JSON.stringify(key.jwk, null, 2)) }, 'Download JWK'),
    h('button.secondary', { type: 'button', onclick: () => download(`${base}.pem`, 'application/x-pem-file', key.pkcs8Pem) }, 'Download PEM'),
  ];
}

function pullCard(answer, again) {
  const { pull, key } = answer;
  const m = pull.match;
  const kept = h('span', { 'aria-live': 'polite' });
  const copied = h('span', { 'aria-live': 'polite' });
  return h('div.card', { 'aria-labelledby': 'got-title' },
    h('h2', { id: 'got-title' }, 'What you got'),
    m.missing.length === 0 ? h('p.jackpot', { id: 'jackpot' }, 'Jackpot! Every part of your pattern shows.') : null,
    h('p.mono.reveal.spinning', { id: 'pulled-did' }, highlighted(pull.did, m)),
    h('p', {}, h('strong', { id: 'pull-score' }, `${m.score}/${m.of}`), ` parts in order, best of ${large(pull.candidates)} keys${pull.tokens ? ` for ${tokenCount(pull.tokens)}` : ' (free pull)'}.`),
    h('ul', {},
      h('li', {}, 'Matched: ', m.matched.length ? m.matched.map(f => `“${f.text}” at ${f.position}`).join(', ') : 'none'),
      h('li', {}, 'Missing: ', m.missing.length ? m.missing.map(p => `“${p}”`).join(', ') : 'none'),
      h('li', {}, 'Bonus: ', m.bonus.length ? m.bonus.map(f => `“${f.text}” at ${f.position}`).join(', ') : 'none')),
    key ? h('p.hint', {}, 'This private key is shown once. Download it, and only you have it. Or keep it in your history: this server then keeps the private key, sealed, so you can download it again later.') : null,
    h('div.actions', {},
      h('button', { type: 'button', onclick: again }, 'Pull again'),
      key ? h('button.secondary', {
        type: 'button',
        onclick: async event => {
          try {
            const answer = await post(`/api/v1/vanity/pulls/${pull.pullId}/keep`);
            kept.textContent = answer.status === 'kept' ? ' Kept in your history: the server holds the key, sealed.' : ' Already kept.';
            event.target.disabled = true;
          } catch (e) {
            kept.textContent = ` ${problemText(e)}`;
          }
        },
      }, 'Keep on the server') : null,
      h('button.secondary', {
        type: 'button',
        onclick: async () => {
          try {
            await navigator.clipboard.writeText(pull.did);
            copied.textContent = ' Copied.';
          } catch {
            copied.textContent = ' This browser would not copy: select the did above instead.';
          }
        },
      }, 'Copy did'),
      key ? keyDownloads(key) : null),
    kept, copied);
}

/** Follows a running job until it ends: progress, keys per second, time left, cancel. Returns the stop function. */
function followJob(panel, job, changed) {
  const draw = view => {
    const share = Math.min(1, view.attempts / view.expectedAttempts);
    replace(panel, h('div.card', { 'aria-labelledby': 'job-title' },
      h('h2', { id: 'job-title' }, `Guaranteed job: “${view.request.parts.join(' ')}”`),
      h('p', {}, 'Status: ', h('strong', { id: 'job-status' }, statusText(view.status))),
      view.status === 'starting' ? h('p', {}, 'Stored; its price is held in a moment and the search starts by itself.') : null,
      view.status === 'running' ? [
        h('label', { for: 'job-progress' }, `${large(view.attempts)} of about ${large(view.expectedAttempts)} expected attempts`),
        h('progress', { id: 'job-progress', max: '1000', value: String(Math.round(share * 1000)) }),
        h('p', {}, `${large(view.keysPerSecond)} keys a second across the faucet's servers; about ${duration(view.etaSeconds)} to go.`),
        h('button.danger', {
          type: 'button', id: 'cancel-job',
          onclick: async () => {
            try { draw(await api('DELETE', `/api/v1/vanity/jobs/${view.jobId}`)); changed(); } catch (e) { panel.append(notice('error', problemText(e))); }
          },
        }, 'Cancel and refund the rest'),
      ] : null,
      view.status === 'cancelled' ? h('p', { id: 'job-refund' }, `Cancelled: ${number(view.refunded)} of ${number(view.price)} tokens refunded.`) : null,
      view.status === 'found' ? [h('p.mono', {}, view.did), h('div.actions', { id: 'job-key' })] : null));
    if (view.status === 'found') {
      get(`/api/v1/vanity/jobs/${view.jobId}/result`)
        .then(key => panel.querySelector('#job-key')?.append(...keyDownloads(key)))
        .catch(e => panel.append(notice('error', problemText(e))));
    }
  };
  draw(job);
  // A job that has ended (opened from its link, say) is drawn once: there is nothing to follow.
  if (!isActive(job)) return () => {};
  let first = true;
  return repeat(async () => {
    // The job as it was started is already drawn: the first look is a second from now.
    if (first) { first = false; return true; }
    let view;
    try {
      view = await get(`/api/v1/vanity/jobs/${job.jobId}`);
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 404)) throw e;
      // Only a start whose tokens went elsewhere before its price was held disappears: nothing was charged.
      replace(panel, notice('error', 'The job did not start: its price could no longer be held, and nothing was charged.'));
      changed();
      return false;
    }
    draw(view);
    if (!isActive(view)) changed();
    return isActive(view);
  }, () => 1000);
}
