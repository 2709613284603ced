// A guaranteed job can search for hours: when it finds its key, the player's account channel says so (a `vanity`
// frame) and the app tells the player on whatever page is open, with a link to the job's page where the key is; and
// with a browser notification too, if the player allowed them. A page shows a job's notice once, however many frames
// name it (a feed renewed after a reconnect could deliver one twice); notifications carry the job in their tag, so
// two open tabs replace each other's rather than alert twice.

import { t } from './i18n.js';
import { on } from './live.js';
import { h, short, $ } from './ui.js';

const shown = new Set();

const canNotify = () => 'Notification' in window;

/** Where a job's key is: its page under VaniKeys. */
export const jobLink = jobId => `#/vanikeys/job/${encodeURIComponent(jobId)}`;

/** Listens for found keys on the signed-in player's own channel (`player()` answers their user id, or null). */
export function announceFoundKeys(player) {
  on('vanity', (payload, channel) => {
    if (payload?.status !== 'found' || !payload.jobId || channel !== `account:${player()}` || shown.has(payload.jobId)) return;
    shown.add(payload.jobId);
    const pattern = (payload.request?.parts ?? []).join(' ');
    const region = $('#announcements');
    const dismiss = () => item.remove();
    const item = h('div.notice.info.announcement', { dataset: { job: payload.jobId } },
      h('p', {}, h('strong', {}, t('foundKeys.found', { pattern })), h('span.mono', {}, short(payload.did, 16))),
      h('p.actions', {},
        h('a', { href: jobLink(payload.jobId), onclick: dismiss }, t('foundKeys.open')),
        // Focus would otherwise fall to the page's start with the button gone.
        h('button.secondary', { type: 'button', onclick: () => { dismiss(); $('#main').focus(); }, 'aria-label': t('foundKeys.dismissLabel', { pattern }) }, t('foundKeys.dismiss'))));
    region.append(item);
    if (canNotify() && Notification.permission === 'granted') {
      try {
        const note = new Notification(t('foundKeys.notification.title'), { body: t('foundKeys.notification.body', { pattern, did: payload.did }), tag: `vanity-${payload.jobId}` });
        note.onclick = () => { window.focus(); location.hash = jobLink(payload.jobId); dismiss(); note.close(); };
      } catch {
        // Some browsers only notify from a service worker; the notice on the page stands.
      }
    }
  });
}

/**
 * A button that asks to notify the player when a job finds its key, for the VaniKeys page: asked on this click only,
 * never on its own. Nothing where the browser cannot notify or the player already answered.
 */
export function notifyOffer() {
  if (!canNotify() || Notification.permission !== 'default') return null;
  const answer = h('span', { 'aria-live': 'polite' });
  const button = h('button.secondary', {
    type: 'button', id: 'notify-found',
    onclick: async () => {
      let permission = 'default';
      try { permission = await Notification.requestPermission(); } catch { /* answered below as not allowed */ }
      button.remove();
      answer.textContent = permission === 'granted'
        ? t('foundKeys.notify.granted')
        : t('foundKeys.notify.refused');
    },
  }, t('foundKeys.notify.ask'));
  return h('p.notify', {}, button, ' ', answer);
}
