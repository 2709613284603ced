// A small Markdown reader for the operator's terms and privacy policy: headings, paragraphs, lists, quotes, emphasis,
// code and links, built as DOM elements with text nodes only. Raw HTML in the text stays text, and a link goes only to
// http(s), mailto, a path of this site or a fragment: nothing the operator's file says can run here.

import { h } from './ui.js';

const safeHref = href => /^(https?:\/\/|mailto:|\/(?!\/)|#)/i.test(href) ? href : null;

/** Inline runs: `code`, **strong**, *em* or _em_, [text](href); everything else is text. */
function inline(text) {
  const out = [];
  const pattern = /`([^`]+)`|\*\*([^*]+)\*\*|\*([^*\s][^*]*)\*|_([^_\s][^_]*)_|\[([^\]]+)\]\(([^)\s]+)\)/g;
  let at = 0;
  for (const m of text.matchAll(pattern)) {
    if (m.index > at) out.push(text.slice(at, m.index));
    if (m[1] !== undefined) out.push(h('code', {}, m[1]));
    else if (m[2] !== undefined) out.push(h('strong', {}, inline(m[2])));
    else if (m[3] !== undefined || m[4] !== undefined) out.push(h('em', {}, inline(m[3] ?? m[4])));
    else {
      const href = safeHref(m[6]);
      out.push(href ? h('a', href.startsWith('http') ? { href, rel: 'noopener noreferrer', target: '_blank' } : { href }, inline(m[5])) : m[5]);
    }
    at = m.index + m[0].length;
  }
  if (at < text.length) out.push(text.slice(at));
  return out;
}

/** The Markdown as a list of block elements. Headings start at <h1> as written; a page may shift them down. */
export function markdown(text) {
  const blocks = [];
  let paragraph = [];
  let list = null;
  let quote = [];
  const flushParagraph = () => { if (paragraph.length) blocks.push(h('p', {}, inline(paragraph.join(' ')))); paragraph = []; };
  const flushList = () => { if (list) blocks.push(h(list.tag, {}, list.items.map(item => h('li', {}, inline(item))))); list = null; };
  const flushQuote = () => { if (quote.length) blocks.push(h('blockquote', {}, markdown(quote.join('\n')))); quote = []; };
  const flush = () => { flushParagraph(); flushList(); flushQuote(); };
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trimEnd();
    let m;
    if (/^\s*>/.test(line)) {
      flushParagraph(); flushList();
      quote.push(line.replace(/^\s*>\s?/, ''));
      continue;
    }
    flushQuote();
    if (!line.trim()) { flushParagraph(); flushList(); continue; }
    if ((m = /^(#{1,6})\s+(.*)$/.exec(line))) {
      flush();
      blocks.push(h(`h${m[1].length}`, {}, inline(m[2].replace(/\s+#+$/, ''))));
    } else if ((m = /^\s*[-*+]\s+(.*)$/.exec(line)) || (m = /^\s*\d+[.)]\s+(.*)$/.exec(line))) {
      flushParagraph();
      const tag = /^\s*\d/.test(line) ? 'ol' : 'ul';
      if (list && list.tag !== tag) flushList();
      list ??= { tag, items: [] };
      list.items.push(m[1]);
    } else if (list && /^\s+\S/.test(raw)) {
      // A wrapped line of the list item above.
      list.items[list.items.length - 1] += ' ' + line.trim();
    } else {
      flushList();
      paragraph.push(line.trim());
    }
  }
  flush();
  return blocks;
}
