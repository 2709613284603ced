// Sign-in: Discord, an Ed25519 key (signed here with WebCrypto, or elsewhere and pasted), or e-mail and password. A new
// player's browser also solves a proof of work (the ALTCHA widget, served from this site) when the faucet asks for one.

import { post } from '../api.js';
import { currentLanguage, t, tn } from '../i18n.js';
import { newSigner, seedOf, sign, signerFromSeed } from '../keys.js';
import { h, notice, problemText, replace, download } from '../ui.js';

export function render(view, { session, params, product }) {
  const returnTo = params.get('returnTo') || '#/me';
  const done = async answer => {
    await session.signedIn(answer);
    location.hash = returnTo;
  };
  if (session.me) {
    replace(view, h('h1', {}, t('signin.signedIn.title')), h('p', {}, t('signin.signedIn.as', { name: session.me.displayName || session.me.userId })), h('a.button', { href: '#/me' }, t('signin.signedIn.goToMe')));
    return;
  }
  const asked = product?.signUpProofOfWork === true;
  replace(view,
    h('h1', {}, t('common.signIn')),
    h('div.grid', {}, discordCard(returnTo, asked), keyCard(done, asked), emailCard(done, asked)));
}

let altcha = null;

/** Loads the widget once, with the SHA-256 worker it solves the faucet's challenges with (both from this site). */
function loadAltcha() {
  altcha ??= (async () => {
    document.head.append(h('link', { rel: 'stylesheet', href: '/vendor/altcha/altcha.css' }));
    await import('/vendor/altcha/altcha.min.js');
    globalThis.$altcha.algorithms.set('SHA-256', () => new Worker('/vendor/altcha/sha.js'));
    // The widget speaks the page's language (it looks the page's lang up in its own store, in lower case), in the app's words.
    globalThis.$altcha.i18n.set(currentLanguage().toLowerCase(), {
      label: t('signin.altcha.label'), loading: t('signin.altcha.loading'), verifying: t('signin.altcha.verifying'),
      verified: t('signin.altcha.verified'), error: t('signin.altcha.error'), expired: t('signin.altcha.expired'),
      waitAlert: t('signin.altcha.waitAlert'), verificationRequired: t('signin.altcha.verificationRequired'),
      reload: t('signin.altcha.reload'), verify: t('signin.altcha.verify'), cancel: t('signin.altcha.cancel'),
      enterCode: t('signin.altcha.enterCode'), enterCodeAria: t('signin.altcha.enterCodeAria'),
      enterCodeFromImage: t('signin.altcha.enterCodeFromImage'), getAudioChallenge: t('signin.altcha.getAudioChallenge'),
      ariaLinkLabel: t('signin.altcha.ariaLinkLabel'), footer: 'ALTCHA',
    });
  })();
  return altcha;
}

/**
 * The proof of work a new player's browser solves: hidden until needed, then the widget shows its progress while
 * `solve()` fetches a challenge and finds its number. Each solve is a new challenge (a solution is spent once).
 */
function proofOfWork(idSuffix) {
  const widget = h('altcha-widget', {
    challenge: '/api/v1/auth/proof-of-work', name: 'proof', auto: 'off', id: `proof-${idSuffix}`,
    configuration: JSON.stringify({ hideFooter: true }),
  });
  const box = h('div.field.proof', { hidden: true },
    h('p.hint', {}, t('signin.proof.hint')),
    widget);
  return {
    element: box,
    async solve() {
      await loadAltcha();
      box.hidden = false;
      // The element gets its methods once it has mounted, a task after it is defined and connected.
      for (let waited = 0; typeof widget.verify !== 'function' && waited < 5000; waited += 20) await new Promise(resolve => setTimeout(resolve, 20));
      const solved = await widget.verify();
      if (!solved?.payload) throw new Error(t('signin.proof.failed'));
      return solved.payload;
    },
  };
}

function discordCard(returnTo, asked) {
  const back = '/' + returnTo;
  const start = proof => `/auth/discord/login?returnTo=${encodeURIComponent(back)}${proof ? `&proof=${encodeURIComponent(proof)}` : ''}`;
  // A new player Discord sent back here without a proof: solve it, then go to Discord again with it.
  const needed = asked && new URLSearchParams(location.search).get('signup') === 'proof-of-work';
  const status = h('div', { 'aria-live': 'polite' });
  const puzzle = proofOfWork('discord');
  const action = needed
    ? h('button', {
      type: 'button',
      onclick: async () => {
        replace(status);
        try {
          location.assign(start(await puzzle.solve()));
        } catch (error) {
          replace(status, notice('error', problemText(error)));
        }
      },
    }, t('signin.discord.solve'))
    : h('a.button', { href: start(null) }, t('signin.discord.signIn'));
  return h('section.card', { 'aria-labelledby': 'discord-title' },
    h('h2', { id: 'discord-title' }, t('signin.discord.title')),
    h('p', {}, t('signin.discord.intro')),
    needed ? notice('info', t('signin.discord.welcome')) : null,
    puzzle.element,
    action,
    status);
}

function keyCard(done, asked) {
  const status = h('div', { 'aria-live': 'polite' });
  const keyText = h('textarea', { id: 'signin-key', name: 'key', 'aria-describedby': 'signin-key-hint signin-key-warning', autocomplete: 'off', spellcheck: 'false' });
  const fail = error => replace(status, notice('error', problemText(error)));
  const puzzle = proofOfWork('key');
  // The challenge says whether this key is new here, and so whether its first sign-in needs a proof (whatever the page
  // was told when it opened).
  const proofFor = async challenge => challenge.proofOfWorkNeeded ? puzzle.solve() : undefined;

  const withKey = async event => {
    event.preventDefault();
    replace(status);
    let signer;
    try {
      signer = await signerFromSeed(seedOf(keyText.value));
    } catch (error) {
      keyText.setAttribute('aria-invalid', 'true');
      return fail(error);
    }
    keyText.removeAttribute('aria-invalid');
    try {
      const challenge = await post('/api/v1/auth/challenge', { did: signer.did }, { noRefresh: true });
      const signature = await sign(signer.key, challenge.message);
      const proof = await proofFor(challenge);
      await done(await post('/api/v1/auth/verify', { nonce: challenge.nonce, signature, proof }, { noRefresh: true }));
    } catch (error) {
      fail(error);
    }
  };

  const create = async () => {
    const signer = await newSigner();
    keyText.value = JSON.stringify(signer.jwk, null, 2);
    download('faucet-key.jwk.json', 'application/json', keyText.value);
    replace(status, notice('info', h('span', {}, ...tn('signin.key.created', { did: h('span.mono', {}, signer.did) }))));
  };

  // Manual mode: the player signs the message with their own wallet or tool and pastes the signature.
  const did = h('input', { type: 'text', id: 'manual-did', name: 'did', placeholder: 'did:key:z6Mk…', autocomplete: 'off', spellcheck: 'false' });
  const signature = h('input', { type: 'text', id: 'manual-signature', name: 'signature', autocomplete: 'off', spellcheck: 'false' });
  const message = h('pre.mono', { hidden: true });
  let nonce = null;
  let manualChallenge = null;
  const manual = h('form', {
    onsubmit: async event => {
      event.preventDefault();
      replace(status);
      try {
        if (!nonce) {
          const challenge = await post('/api/v1/auth/challenge', { did: did.value.trim() }, { noRefresh: true });
          nonce = challenge.nonce;
          manualChallenge = challenge;
          message.textContent = challenge.message;
          message.hidden = false;
          manual.querySelector('button').textContent = t('signin.manual.signIn');
          signature.closest('.field').hidden = false;
          signature.focus();
        } else {
          const proof = await proofFor(manualChallenge);
          await done(await post('/api/v1/auth/verify', { nonce, signature: signature.value.trim(), proof }, { noRefresh: true }));
        }
      } catch (error) {
        nonce = null;
        fail(error);
      }
    },
  },
  h('div.field', {}, h('label', { for: 'manual-did' }, t('signin.manual.did')), did),
  message,
  h('div.field', { hidden: true }, h('label', { for: 'manual-signature' }, t('signin.manual.signature')), signature),
  h('button.secondary', { type: 'submit' }, t('signin.manual.getMessage')));

  return h('section.card', { 'aria-labelledby': 'key-title' },
    h('h2', { id: 'key-title' }, t('signin.key.title')),
    h('form', { onsubmit: withKey },
      h('div.field', {},
        h('label', { for: 'signin-key' }, t('signin.key.label')),
        keyText,
        h('p.hint', { id: 'signin-key-hint' }, t('signin.key.hint')),
        h('p.hint', { id: 'signin-key-warning' }, ...tn('signin.key.warning', { never: h('strong', {}, t('signin.key.warningNever')) }))),
      h('div.actions', {},
        h('button', { type: 'submit' }, t('signin.key.signIn')),
        h('button.secondary', { type: 'button', onclick: create }, t('signin.key.create')))),
    h('details', {}, h('summary', {}, t('signin.manual.summary')), manual),
    puzzle.element,
    status);
}

function emailCard(done, asked) {
  const status = h('div', { 'aria-live': 'polite' });
  const puzzle = proofOfWork('email');
  let mode = 'login';
  const email = h('input', { type: 'email', id: 'email', name: 'email', autocomplete: 'email', required: true });
  const password = h('input', { type: 'password', id: 'password', name: 'password', autocomplete: 'current-password', required: true, minlength: '10' });
  const name = h('input', { type: 'text', id: 'display-name', name: 'displayName', autocomplete: 'nickname' });
  const nameField = h('div.field', { hidden: true }, h('label', { for: 'display-name' }, t('signin.email.displayName')), name);
  const submit = h('button', { type: 'submit' }, t('signin.email.signIn'));
  const toggle = h('button.secondary', {
    type: 'button',
    onclick: () => {
      mode = mode === 'login' ? 'register' : 'login';
      nameField.hidden = mode === 'login';
      submit.textContent = mode === 'login' ? t('signin.email.signIn') : t('signin.email.register');
      toggle.textContent = mode === 'login' ? t('signin.email.toRegister') : t('signin.email.toSignIn');
      password.autocomplete = mode === 'login' ? 'current-password' : 'new-password';
    },
  }, t('signin.email.toRegister'));
  return h('section.card', { 'aria-labelledby': 'email-title' },
    h('h2', { id: 'email-title' }, t('signin.email.title')),
    h('form', {
      onsubmit: async event => {
        event.preventDefault();
        replace(status);
        try {
          const body = mode === 'login'
            ? { email: email.value, password: password.value }
            : { email: email.value, password: password.value, displayName: name.value || undefined, proof: asked ? await puzzle.solve() : undefined };
          let answer;
          try {
            answer = await post(`/api/v1/auth/${mode}`, body, { noRefresh: true });
          } catch (error) {
            // Proofs were switched on after this page opened: solve one and ask again, once.
            if (mode !== 'register' || body.proof || error.problem?.title !== 'Proof of work needed') throw error;
            answer = await post('/api/v1/auth/register', { ...body, proof: await puzzle.solve() }, { noRefresh: true });
          }
          await done(answer);
        } catch (error) {
          replace(status, notice('error', problemText(error)));
        }
      },
    },
    h('div.field', {}, h('label', { for: 'email' }, t('signin.email.email')), email),
    h('div.field', {}, h('label', { for: 'password' }, t('signin.email.password')), password),
    nameField,
    h('div.actions', {}, submit, toggle)),
    // Outside the form: the widget's checkbox is a required field, which would hold the form back.
    puzzle.element,
    status);
}
