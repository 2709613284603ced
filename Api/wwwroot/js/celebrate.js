// A jackpot: a pull whose key shows every part of the pattern. Confetti drawn on a canvas of the page's own (no
// library, nothing fetched), and a short chime made with Web Audio (no sound file). Both follow the player's wishes:
// no confetti for someone whose system asks for reduced motion, and the chime only while the sound switch is on,
// which is remembered in this browser and starts off for those who asked for reduced motion.

import { t } from './i18n.js';
import { h } from './ui.js';

const soundKey = 'faucet.jackpotSound';
const reducedMotion = () => matchMedia('(prefers-reduced-motion: reduce)').matches;

export const soundOn = () => (localStorage.getItem(soundKey) ?? (reducedMotion() ? 'off' : 'on')) === 'on';

/** The sound switch, as a labelled checkbox. */
export function soundSwitch() {
  const box = h('input', { type: 'checkbox', id: 'jackpot-sound', checked: soundOn() });
  box.addEventListener('change', () => localStorage.setItem(soundKey, box.checked ? 'on' : 'off'));
  return h('span.check', {}, box, h('label', { for: 'jackpot-sound' }, t('celebrate.sound')));
}

/** Celebrates a jackpot: confetti unless motion is reduced, the chime if the sound is on. */
export function celebrate() {
  if (!reducedMotion()) confetti();
  if (soundOn()) chime();
}

const colours = ['#f5c400', '#e2543a', '#2a9d8f', '#3d5a80', '#9b5de5', '#ffffff'];

function confetti() {
  const canvas = h('canvas.confetti', { 'aria-hidden': 'true' });
  document.body.append(canvas);
  const scale = devicePixelRatio || 1;
  canvas.width = innerWidth * scale;
  canvas.height = innerHeight * scale;
  const draw = canvas.getContext('2d');
  draw.scale(scale, scale);
  const pieces = Array.from({ length: 160 }, () => ({
    x: innerWidth / 2 + (Math.random() - 0.5) * innerWidth * 0.3,
    y: innerHeight * 0.35,
    vx: (Math.random() - 0.5) * 9,
    vy: -6 - Math.random() * 8,
    size: 5 + Math.random() * 6,
    turn: Math.random() * Math.PI,
    spin: (Math.random() - 0.5) * 0.3,
    colour: colours[Math.floor(Math.random() * colours.length)],
  }));
  const started = performance.now();
  const frame = now => {
    const t = now - started;
    draw.clearRect(0, 0, innerWidth, innerHeight);
    draw.globalAlpha = Math.max(0, 1 - t / 2200);
    for (const p of pieces) {
      p.vy += 0.25;
      p.vx *= 0.99;
      p.x += p.vx;
      p.y += p.vy;
      p.turn += p.spin;
      draw.save();
      draw.translate(p.x, p.y);
      draw.rotate(p.turn);
      draw.fillStyle = p.colour;
      draw.fillRect(-p.size / 2, -p.size / 4, p.size, p.size / 2);
      draw.restore();
    }
    if (t < 2200) requestAnimationFrame(frame);
    else canvas.remove();
  };
  requestAnimationFrame(frame);
}

function chime() {
  try {
    const audio = new AudioContext();
    const notes = [523.25, 659.25, 783.99, 1046.5];
    notes.forEach((frequency, i) => {
      const at = audio.currentTime + i * 0.09;
      const tone = audio.createOscillator();
      const level = audio.createGain();
      tone.type = 'triangle';
      tone.frequency.value = frequency;
      level.gain.setValueAtTime(0.0001, at);
      level.gain.exponentialRampToValueAtTime(0.18, at + 0.02);
      level.gain.exponentialRampToValueAtTime(0.0001, at + 0.35);
      tone.connect(level).connect(audio.destination);
      tone.start(at);
      tone.stop(at + 0.4);
    });
    setTimeout(() => audio.close(), 1000);
  } catch {
    // No audio here (a browser without Web Audio, or one that refuses it): the confetti and the words stand.
  }
}
