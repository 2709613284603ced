// VaniKeys: a pattern with live odds and prices, a gacha pull with its reveal and "What you got" card, guaranteed
// jobs with live progress and cancel, and the history of both. `#/vanikeys/job/<id>` opens on one job (where a found
// key's notice links to).

import { ApiError, api, get, post } from '../api.js';
import { currentLanguage, t, tn } from '../i18n.js';
import { download, duration, h, large, newKey, notice, number, problemText, repeat, replace, state, statusText, tokens as tokenCount, when } from '../ui.js';
import { jobLink, notifyOffer } from '../found-keys.js';
import { celebrate, soundSwitch } from '../celebrate.js';
import { on } from '../live.js';
import { signInFirst, termsCard } from './shared.js';

const oneIn = p => p > 0 ? t('vanikeys.odds.oneIn', { n: large(1 / p) }) : t('vanikeys.odds.never');
// The chance that at least one of n independent keys matches: 1 − (1 − p)^n, computed without losing a tiny p.
const pullChance = (p, n) => -Math.expm1(n * Math.log1p(-p));
// A job still searching, or stored with its price about to be held ('starting'): worth following.
const isActive = job => job.status === 'running' || job.status === 'starting';
// Under a hundredth of a percent, "1 in 53.5 million" says more than a string of zeros.
const chance = share => share > 0 && share < 0.0001 ? oneIn(share)
  : new Intl.NumberFormat(state.locale, { style: 'percent', maximumSignificantDigits: 3 }).format(share);
// A list of found or missing parts, with the separators of the page's language ("a, b, c" in English).
const list = items => new Intl.ListFormat(currentLanguage(), { type: 'unit', style: 'short' }).format(items);

/**
 * The app's words for the Api's problems with a pattern, which name parts as the request does ("parts[0]") and counts
 * in e-notation, for developers; anything else is shown as the Api words it.
 */
function patternProblem(e, body) {
  const detail = e?.problem?.detail ?? '';
  const bad = /^parts\[(\d+)\] \('(.*)'\) has '(.)' at position/.exec(detail);
  if (bad) {
    const [, , part, char] = bad;
    return t(body.fuzzy ? 'vanikeys.problem.badChar' : body.caseInsensitive ? 'vanikeys.problem.badCharCaseInsensitive' : 'vanikeys.problem.badCharCaseSensitive',
      { part, char });
  }
  const hard = /takes ([\d.]+e[+-]?\d+) attempts on average; jobs take patterns up to ([\d.]+e[+-]?\d+)/.exec(detail);
  if (hard) {
    return t('vanikeys.problem.tooHard', { attempts: large(Number(hard[1])), limit: large(Number(hard[2])) });
  }
  return problemText(e).replace(/parts\[(\d+)\]/g, (_, i) => t('vanikeys.problem.part', { number: Number(i) + 1 }));
}

export async function render(view, { session, product, rest }) {
  const jobId = rest[0] === 'job' && rest[1] ? rest[1] : null;
  if (!session.me) return signInFirst(view, t('vanikeys.title'), jobId ? jobLink(jobId) : '#/vanikeys');
  const pricing = product.vanityPricing;
  const stops = [];
  let tokens = await get('/api/v1/tokens');
  const status = await get('/api/v1/me/status');

  const partsInput = h('input', { type: 'text', id: 'pattern', name: 'parts', autocomplete: 'off', spellcheck: 'false', placeholder: t('vanikeys.pattern.placeholder'), 'aria-describedby': 'pattern-hint pattern-error' });
  const caseBox = h('input', { type: 'checkbox', id: 'case-insensitive', checked: true });
  const fuzzyBox = h('input', { type: 'checkbox', id: 'fuzzy' });
  const error = h('p.field-error', { id: 'pattern-error', 'aria-live': 'polite' });
  const odds = h('div', { id: 'odds', 'aria-live': 'polite' });
  const pullButton = h('button', { type: 'button', id: 'pull', disabled: true }, t('vanikeys.pull.button'));
  const jobButton = h('button.secondary', { type: 'button', id: 'start-job', disabled: true }, t('vanikeys.job.start'));
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
    ? t('vanikeys.pull.free', { count: tokens.freePullsLeft })
    : t('vanikeys.pull.priced', { price: tokenCount(pricing.pullTokens) });

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
      jobButton.textContent = jobQuote ? t('vanikeys.job.startPriced', { price: tokenCount(jobQuote.price) }) : t('vanikeys.job.start');
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
    replace(result, h('p.muted', {}, t('vanikeys.pull.searching', { keys: large(pricing.pullCandidateBudget) })));
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
      ...tn(p.keptAt ? 'vanikeys.pulls.itemKept' : 'vanikeys.pulls.item', {
        did: h('span.mono', {}, p.did), score: number(p.match.score), count: p.match.of, pattern: p.request.parts.join(' '), when: when(p.createdAt),
      })))) : h('p.muted', {}, t('vanikeys.pulls.empty')));
  };
  const drawJobs = async () => {
    const page = await get('/api/v1/vanity/jobs?limit=10');
    replace(jobs, page.items.length ? h('ul', {}, page.items.map(j => h('li', {},
      t(j.refunded ? 'vanikeys.jobs.itemRefunded' : 'vanikeys.jobs.item', {
        pattern: j.request.parts.join(' '), status: statusText(j.status).toLowerCase(), attempts: large(j.attempts),
        expected: large(j.expectedAttempts), price: tokenCount(j.price), refunded: number(j.refunded),
      }),
      j.status === 'found' ? h('span', {}, ' ', h('button.secondary', {
        type: 'button',
        onclick: async event => {
          const button = event.currentTarget;
          try { button.replaceWith(...keyDownloads(await get(`/api/v1/vanity/jobs/${j.jobId}/result`))); } catch (e) { button.after(` ${problemText(e)}`); }
        },
      }, t('vanikeys.jobs.getKey'))) : null,
      isActive(j) ? h('span', {}, ' ', h('button.secondary', { type: 'button', onclick: () => follow(j) }, t('vanikeys.jobs.follow'))) : null))) : h('p.muted', {}, t('vanikeys.jobs.empty')));
  };

  replace(view,
    h('h1', {}, t('vanikeys.title')),
    h('p', {}, t('vanikeys.intro')),
    h('section.card', { 'aria-labelledby': 'pattern-title' },
      h('h2', { id: 'pattern-title' }, t('vanikeys.pattern.title')),
      h('form', { onsubmit: event => { event.preventDefault(); check(); } },
        h('div.field', {},
          h('label', { for: 'pattern' }, t('vanikeys.pattern.label')),
          partsInput,
          h('p.hint', { id: 'pattern-hint' }, t('vanikeys.pattern.hint')),
          error),
        h('div.inline', {}, h('span.check', {}, caseBox, h('label', { for: 'case-insensitive' }, t('vanikeys.pattern.ignoreCase'))), h('span.check', {}, fuzzyBox, h('label', { for: 'fuzzy' }, t('vanikeys.pattern.lookAlikes'))))),
      odds,
      h('div.actions', {}, pullButton, jobButton),
      h('div.inline', {}, soundSwitch())),
    // Free pulls stake nothing and need nothing; a pull paid with tokens and a job do.
    status.terms.needed
      ? termsCard(product, t('vanikeys.terms.why'),
        async () => { document.getElementById('terms-gate').replaceWith(notice('ok', t('vanikeys.terms.accepted'))); })
      : null,
    result,
    jobPanel,
    notifyOffer(),
    h('h2', {}, t('vanikeys.pulls.title')), pulls,
    h('h2', {}, t('vanikeys.jobs.title')), jobs);
  await Promise.all([drawPulls(), drawJobs()]);
  if (jobId) {
    try {
      follow(await get(`/api/v1/vanity/jobs/${encodeURIComponent(jobId)}`));
    } catch (e) {
      replace(jobPanel, notice('error', e instanceof ApiError && e.status === 404 ? t('vanikeys.job.notFound') : problemText(e)));
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
    [t('vanikeys.odds.exact'), oneIn(o.exact)],
    ...o.atLeast.slice(0, -1).map((p, i) => [t('vanikeys.odds.atLeast', { least: i + 1, parts: n }), oneIn(p)]).filter(() => n > 1),
    [t('vanikeys.odds.expectedAttempts'), large(o.expectedAttempts)],
    [t('vanikeys.odds.medianAttempts'), large(o.medianAttempts)],
    [t('vanikeys.odds.p99Attempts'), large(o.p99Attempts)],
    [t('vanikeys.odds.expectedTime'), answer.expectedSeconds === null ? t('vanikeys.odds.notMeasured') : duration(answer.expectedSeconds)],
    [t('vanikeys.odds.medianTime'), answer.medianSeconds === null ? t('vanikeys.odds.notMeasured') : duration(answer.medianSeconds)],
    [t('vanikeys.odds.p99Time'), answer.p99Seconds === null ? t('vanikeys.odds.notMeasured') : duration(answer.p99Seconds)],
    [t('vanikeys.odds.pull'), t(tokens.freePullsLeft > 0 ? 'vanikeys.odds.pullFree' : 'vanikeys.odds.pullPriced', {
      price: tokenCount(pricing.pullTokens), keys: large(pricing.pullCandidateBudget), chance: chance(pullChance(o.exact, pricing.pullCandidateBudget)),
    })],
    [t('vanikeys.odds.job'), jobQuote ? t('vanikeys.odds.jobPriced', { price: tokenCount(jobQuote.price) }) : tooHard],
  ];
  return h('table.odds', {}, h('caption', {}, t('vanikeys.odds.caption', { pattern: body.parts.join(' ') })),
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
    h('button.secondary', { type: 'button', onclick: () => download(`${base}.jwk.json`, 'application/json', JSON.stringify(key.jwk, null, 2)) }, t('vanikeys.key.downloadJwk')),
    h('button.secondary', { type: 'button', onclick: () => download(`${base}.pem`, 'application/x-pem-file', key.pkcs8Pem) }, t('vanikeys.key.downloadPem')),
  ];
}

function pullCard(answer, again) {
  const { pull, key } = answer;
  const m = pull.match;
  const kept = h('span', { 'aria-live': 'polite' });
  const copied = h('span', { 'aria-live': 'polite' });
  return h('div.card', { 'aria-labelledby': 'got-title' },
    h('h2', { id: 'got-title' }, t('vanikeys.got.title')),
    m.missing.length === 0 ? h('p.jackpot', { id: 'jackpot' }, t('vanikeys.got.jackpot')) : null,
    h('p.mono.reveal.spinning', { id: 'pulled-did' }, highlighted(pull.did, m)),
    h('p', {}, ...tn(pull.tokens ? 'vanikeys.got.summary' : 'vanikeys.got.summaryFree', {
      score: h('strong', { id: 'pull-score' }, `${m.score}/${m.of}`), count: m.of, keys: large(pull.candidates), price: tokenCount(pull.tokens),
    })),
    h('ul', {},
      h('li', {}, t('vanikeys.got.matched', { parts: m.matched.length ? list(m.matched.map(f => t('vanikeys.got.found', { text: f.text, position: f.position }))) : t('vanikeys.got.none') })),
      h('li', {}, t('vanikeys.got.missing', { parts: m.missing.length ? list(m.missing.map(p => t('vanikeys.got.part', { text: p }))) : t('vanikeys.got.none') })),
      h('li', {}, t('vanikeys.got.bonus', { parts: m.bonus.length ? list(m.bonus.map(f => t('vanikeys.got.found', { text: f.text, position: f.position }))) : t('vanikeys.got.none') }))),
    key ? h('p.hint', {}, t('vanikeys.got.keyHint')) : null,
    h('div.actions', {},
      h('button', { type: 'button', onclick: again }, t('vanikeys.got.pullAgain')),
      key ? h('button.secondary', {
        type: 'button',
        onclick: async event => {
          try {
            const answer = await post(`/api/v1/vanity/pulls/${pull.pullId}/keep`);
            kept.textContent = ` ${answer.status === 'kept' ? t('vanikeys.got.kept') : t('vanikeys.got.alreadyKept')}`;
            event.target.disabled = true;
          } catch (e) {
            kept.textContent = ` ${problemText(e)}`;
          }
        },
      }, t('vanikeys.got.keep')) : null,
      h('button.secondary', {
        type: 'button',
        onclick: async () => {
          try {
            await navigator.clipboard.writeText(pull.did);
            copied.textContent = ` ${t('vanikeys.got.copied')}`;
          } catch {
            copied.textContent = ` ${t('vanikeys.got.copyFailed')}`;
          }
        },
      }, t('vanikeys.got.copyDid')),
      key ? keyDownloads(key) : null),
    kept, copied);
}

/** Follows a running job until it ends: progress, keys per second, time left, cancel. Returns the stop function. */
function followJob(panel, job, changed) {
  const draw = view => {
    const share = Math.min(1, view.attempts / view.expectedAttempts);
    replace(panel, h('div.card', { 'aria-labelledby': 'job-title' },
      h('h2', { id: 'job-title' }, t('vanikeys.job.title', { pattern: view.request.parts.join(' ') })),
      h('p', {}, ...tn('vanikeys.job.status', { status: h('strong', { id: 'job-status' }, statusText(view.status)) })),
      view.status === 'starting' ? h('p', {}, t('vanikeys.job.starting')) : null,
      view.status === 'running' ? [
        h('label', { for: 'job-progress' }, t('vanikeys.job.progress', { attempts: large(view.attempts), expected: large(view.expectedAttempts) })),
        h('progress', { id: 'job-progress', max: '1000', value: String(Math.round(share * 1000)) }),
        h('p', {}, t('vanikeys.job.speed', { keys: large(view.keysPerSecond), left: duration(view.etaSeconds) })),
        h('button.danger', {
          type: 'button', id: 'cancel-job',
          onclick: async () => {
            try { draw(await api('DELETE', `/api/v1/vanity/jobs/${view.jobId}`)); changed(); } catch (e) { panel.append(notice('error', problemText(e))); }
          },
        }, t('vanikeys.job.cancel')),
      ] : null,
      view.status === 'cancelled' ? h('p', { id: 'job-refund' }, t('vanikeys.job.cancelled', { refunded: number(view.refunded), count: view.price })) : null,
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
      replace(panel, notice('error', t('vanikeys.job.notStarted')));
      changed();
      return false;
    }
    draw(view);
    if (!isActive(view)) changed();
    return isActive(view);
  }, () => 1000);
}
