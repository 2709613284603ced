// Sign-in: Discord, an Ed25519 key (signed here with WebCrypto, or elsewhere and pasted), or e-mail and password. A new
// player's browser also solves a proof of work (the ALTCHA widget, served from this site) when the faucet asks for one.

import { post } from '../api.js';
import { newSigner, seedOf, sign, signerFromSeed } from '../keys.js';
import { h, notice, problemText, replace, download } from '../ui.js';

export function render(view, { session, params, product }) {
  const returnTo = params.get('returnTo') || '#/me';
  const done = async answer => {
    await session.signedIn(answer);
    location.hash = returnTo;
  };
  if (session.me) {
    replace(view, h('h1', {}, 'Signed in'), h('p', {}, `You are signed in as ${session.me.displayName}.`), h('a.button', { href: '#/me' }, 'Go to My faucet'));
    return;
  }
  const asked = product?.signUpProofOfWork === true;
  replace(view,
    h('h1', {}, 'Sign in'),
    h('div.grid', {}, discordCard(returnTo, asked), keyCard(done, asked), emailCard(done, asked)));
}

let altcha = null;

/** Loads the widget once, with the SHA-256 worker it solves the faucet's challenges with (both from this site). */
function loadAltcha() {
  altcha ??= (async () => {
    document.head.append(h('link', { rel: 'stylesheet', href: '/vendor/altcha/altcha.css' }));
    await import('/vendor/altcha/altcha.min.js');
    globalThis.$altcha.algorithms.set('SHA-256', () => new Worker('/vendor/altcha/sha.js'));
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
    h('p.hint', {}, 'New players prove they are not a script: this browser solves a short puzzle, usually in a second or two. Nothing is sent anywhere else.'),
    widget);
  return {
    element: box,
    async solve() {
      await loadAltcha();
      box.hidden = false;
      // The element gets its methods once it has mounted, a task after it is defined and connected.
      for (let waited = 0; typeof widget.verify !== 'function' && waited < 5000; waited += 20) await new Promise(resolve => setTimeout(resolve, 20));
      const solved = await widget.verify();
      if (!solved?.payload) throw new Error('This browser could not solve the sign-up puzzle. Reload the page and try again.');
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
    }, 'Solve the puzzle and continue with Discord')
    : h('a.button', { href: start(null) }, 'Sign in with Discord');
  return h('section.card', { 'aria-labelledby': 'discord-title' },
    h('h2', { id: 'discord-title' }, 'Discord'),
    h('p', {}, 'Sign in with Discord to earn for your Fortnite kills: the faucet asks Yunite which Epic account you linked in the server.'),
    needed ? notice('info', 'Welcome! Your Discord account is new here: one short puzzle, then Discord once more, and you are in.') : null,
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
    replace(status, notice('info', h('span', {}, 'A new key was made in this browser and downloaded. Keep the file: it is your sign-in. Its did:key is ', h('span.mono', {}, signer.did), '.')));
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
          manual.querySelector('button').textContent = 'Sign in with this signature';
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
  h('div.field', {}, h('label', { for: 'manual-did' }, 'Your did:key'), did),
  message,
  h('div.field', { hidden: true }, h('label', { for: 'manual-signature' }, 'Signature of the message above (base64 or hex)'), signature),
  h('button.secondary', { type: 'submit' }, 'Get the message to sign'));

  return h('section.card', { 'aria-labelledby': 'key-title' },
    h('h2', { id: 'key-title' }, 'Sign-in key'),
    h('form', { onsubmit: withKey },
      h('div.field', {},
        h('label', { for: 'signin-key' }, 'Ed25519 private key'),
        keyText,
        h('p.hint', { id: 'signin-key-hint' }, 'A key made for signing in here: one this page created, or a VaniKeys key, as a JWK, a PKCS#8 PEM or a 64-digit hex seed. It stays in this browser: only a signature is sent.'),
        h('p.hint', { id: 'signin-key-warning' }, h('strong', {}, 'Never paste a Banano wallet seed or any key that holds money here.'), ' This is not a wallet, and no wallet seed belongs here: link your wallet by its ban_ address on My faucet instead.')),
      h('div.actions', {},
        h('button', { type: 'submit' }, 'Sign in with this key'),
        h('button.secondary', { type: 'button', onclick: create }, 'Create a new key'))),
    h('details', {}, h('summary', {}, 'Sign with another tool instead'), manual),
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
  const nameField = h('div.field', { hidden: true }, h('label', { for: 'display-name' }, 'Display name (optional)'), name);
  const submit = h('button', { type: 'submit' }, 'Sign in with e-mail');
  const toggle = h('button.secondary', {
    type: 'button',
    onclick: () => {
      mode = mode === 'login' ? 'register' : 'login';
      nameField.hidden = mode === 'login';
      submit.textContent = mode === 'login' ? 'Sign in with e-mail' : 'Create account';
      toggle.textContent = mode === 'login' ? 'New here? Create an account' : 'Have an account? Sign in';
      password.autocomplete = mode === 'login' ? 'current-password' : 'new-password';
    },
  }, 'New here? Create an account');
  return h('section.card', { 'aria-labelledby': 'email-title' },
    h('h2', { id: 'email-title' }, 'E-mail'),
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
    h('div.field', {}, h('label', { for: 'email' }, 'E-mail'), email),
    h('div.field', {}, h('label', { for: 'password' }, 'Password'), password),
    nameField,
    h('div.actions', {}, submit, toggle)),
    // Outside the form: the widget's checkbox is a required field, which would hold the form back.
    puzzle.element,
    status);
}
