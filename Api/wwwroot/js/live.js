// One WebSocket to /ws for the whole page: the public feed always, the player's own channel while signed in.
// Pages listen by frame type; after a reconnect the page catches up from /api/v1/feed/recent.

import { currentAccess, refresh } from './api.js';

const listeners = new Map();
let socket = null;
let account = null;
let retry = 1000;
let connected = false;

export function on(type, handler) {
  if (!listeners.has(type)) listeners.set(type, new Set());
  listeners.get(type).add(handler);
  return () => listeners.get(type).delete(handler);
}

function emit(type, frame) {
  for (const handler of listeners.get(type) ?? []) handler(frame.payload, frame);
}

export const isConnected = () => connected;

// The upgrade request carries the session cookie, which opens the player's own channel; a token held in memory
// (after a sign-in on this page) is sent too, since the socket may have opened before the sign-in.
function subscribeAccount() {
  if (!account || socket?.readyState !== WebSocket.OPEN) return;
  const token = currentAccess();
  socket.send(JSON.stringify({ op: 'subscribe', channel: `account:${account}`, ...(token ? { token } : {}) }));
}

let renewed = false;

// A refused account channel means the cookie on the upgrade had expired: renew the session once and reconnect.
async function accountRefused() {
  if (renewed || !account) return;
  renewed = true;
  if (await refresh()) socket.close();
}

export function watchAccount(userId) {
  if (account && account !== userId && socket?.readyState === WebSocket.OPEN) {
    socket.send(JSON.stringify({ op: 'unsubscribe', channel: `account:${account}` }));
  }
  account = userId;
  subscribeAccount();
}

export function connect() {
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
  socket = new WebSocket(url);
  socket.addEventListener('open', () => {
    retry = 1000;
    connected = true;
    socket.send(JSON.stringify({ op: 'subscribe', channel: 'feed' }));
    subscribeAccount();
    emit('connection', { payload: { connected: true } });
  });
  socket.addEventListener('message', event => {
    let frame;
    try { frame = JSON.parse(event.data); } catch { return; }
    if (frame.type === 'error' && frame.channel === `account:${account}` && frame.payload?.code === 'forbidden') accountRefused();
    if (frame.type === 'subscribed' && frame.channel === `account:${account}`) renewed = false;
    emit(frame.type, frame);
  });
  socket.addEventListener('close', () => {
    connected = false;
    emit('connection', { payload: { connected: false } });
    // Jittered, growing delay: a restarted Api is not met by every page at the same instant.
    setTimeout(connect, retry * (0.5 + Math.random()));
    retry = Math.min(retry * 2, 30000);
  });
}
