// One WebSocket to /ws for the whole page: the public feed always, the player's own channel while signed in.
// Pages listen by frame type (each handler also gets the channel); `connection` tells them when the socket comes
// back, so a page can catch up from /api/v1/feed/recent on what it missed.

import { currentAccess, refresh } from './api.js';

const listeners = new Map();
let socket = null;
let account = null;
let retry = 1000;

export function on(type, handler) {
  if (!listeners.has(type)) listeners.set(type, new Set());
  listeners.get(type).add(handler);
  return () => listeners.get(type).delete(handler);
}

function emit(type, payload, channel) {
  for (const handler of listeners.get(type) ?? []) handler(payload, channel);
}

// The upgrade request carries the session cookie, which opens the player's own channel; a token held in memory
// (after a sign-in on this page, or a renewal) is sent too, since the socket may have opened before it.
function subscribeAccount() {
  if (!account || socket?.readyState !== WebSocket.OPEN) return;
  const token = currentAccess();
  socket.send(JSON.stringify({ op: 'subscribe', channel: `account:${account}`, ...(token ? { token } : {}) }));
}

let renewed = false;

// A refused account channel means the cookie on the upgrade had expired: renew the session once and ask again.
async function accountRefused() {
  if (renewed || !account) return;
  renewed = true;
  if (await refresh()) subscribeAccount();
}

export function watchAccount(userId) {
  if (account && account !== userId && socket?.readyState === WebSocket.OPEN) {
    socket.send(JSON.stringify({ op: 'unsubscribe', channel: `account:${account}` }));
  }
  account = userId;
  renewed = false;
  subscribeAccount();
}

export function connect() {
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
  let opened = false;
  socket = new WebSocket(url);
  socket.addEventListener('open', () => {
    retry = 1000;
    opened = true;
    socket.send(JSON.stringify({ op: 'subscribe', channel: 'feed' }));
    subscribeAccount();
    emit('connection', { connected: true });
  });
  socket.addEventListener('message', event => {
    let frame;
    try { frame = JSON.parse(event.data); } catch { return; }
    if (frame.type === 'error' && frame.channel === `account:${account}` && frame.payload?.code === 'forbidden') accountRefused();
    if (frame.type === 'subscribed' && frame.channel === `account:${account}`) renewed = false;
    emit(frame.type, frame.payload, frame.channel);
  });
  socket.addEventListener('close', () => {
    if (opened) emit('connection', { connected: false });
    // Jittered, growing delay: a restarted Api is not met by every page at the same instant.
    setTimeout(connect, retry * (0.5 + Math.random()));
    retry = Math.min(retry * 2, 30000);
  });
}
