// Ed25519 keys in the browser: did:key encoding and signing with WebCrypto. A private key a player pastes or
// creates here never leaves the page; only the public did:key and signatures are sent.

import { t } from './i18n.js';

const alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

function base58(bytes) {
  const digits = [];
  for (const byte of bytes) {
    let carry = byte;
    for (let i = 0; i < digits.length; i++) {
      carry += digits[i] << 8;
      digits[i] = carry % 58;
      carry = (carry / 58) | 0;
    }
    while (carry > 0) { digits.push(carry % 58); carry = (carry / 58) | 0; }
  }
  let out = '';
  for (const byte of bytes) { if (byte !== 0) break; out += '1'; }
  for (let i = digits.length - 1; i >= 0; i--) out += alphabet[digits[i]];
  return out;
}

/** did:key of a raw 32-byte Ed25519 public key: the multicodec prefix 0xed 0x01, base58btc ('z'). */
function didKeyOf(publicKey) {
  const prefixed = new Uint8Array(34);
  prefixed.set([0xed, 0x01]);
  prefixed.set(publicKey, 2);
  return 'did:key:z' + base58(prefixed);
}

const fromBase64Url = text => Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(text.length / 4) * 4, '=')), c => c.charCodeAt(0));
const toBase64 = bytes => btoa(String.fromCharCode(...new Uint8Array(bytes)));

// PKCS#8 of an Ed25519 seed is this fixed 16-byte header followed by the 32 seed bytes (RFC 8410).
const pkcs8Header = [0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20];

function pkcs8FromSeed(seed) {
  const der = new Uint8Array(48);
  der.set(pkcs8Header);
  der.set(seed, 16);
  return der;
}

/** The seed of a private key given as a JWK (with d), a PKCS#8 PEM, or 64 hex digits; a clear error otherwise. */
export function seedOf(text) {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    let jwk;
    try { jwk = JSON.parse(trimmed); } catch { throw new Error(t('keys.error.jwkJson')); }
    if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.d !== 'string') throw new Error(t('keys.error.jwkKind'));
    const seed = fromBase64Url(jwk.d);
    if (seed.length !== 32) throw new Error(t('keys.error.jwkLength'));
    return seed;
  }
  if (trimmed.startsWith('-----BEGIN PRIVATE KEY-----')) {
    const body = trimmed.replace(/-----(BEGIN|END) PRIVATE KEY-----/g, '').replace(/\s+/g, '');
    let der;
    try { der = Uint8Array.from(atob(body), c => c.charCodeAt(0)); } catch { throw new Error(t('keys.error.pemBase64')); }
    if (der.length !== 48 || pkcs8Header.some((b, i) => der[i] !== b)) throw new Error(t('keys.error.pemKind'));
    return der.slice(16);
  }
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Uint8Array.from(trimmed.match(/../g), h => parseInt(h, 16));
  throw new Error(t('keys.error.unknown'));
}

/** A signing key from a seed, with its did:key. */
export async function signerFromSeed(seed) {
  const key = await crypto.subtle.importKey('pkcs8', pkcs8FromSeed(seed), { name: 'Ed25519' }, true, ['sign']);
  const jwk = await crypto.subtle.exportKey('jwk', key);
  return { key, did: didKeyOf(fromBase64Url(jwk.x)), jwk };
}

/** A fresh key made in this browser; the player keeps its JWK. */
export async function newSigner() {
  const pair = await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify']);
  const jwk = await crypto.subtle.exportKey('jwk', pair.privateKey);
  return { key: pair.privateKey, did: didKeyOf(fromBase64Url(jwk.x)), jwk: { kty: jwk.kty, crv: jwk.crv, x: jwk.x, d: jwk.d } };
}

export async function sign(key, message) {
  return toBase64(await crypto.subtle.sign({ name: 'Ed25519' }, key, new TextEncoder().encode(message)));
}

