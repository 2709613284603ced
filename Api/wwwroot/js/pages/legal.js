// The terms of service and the privacy policy, from the operator's Markdown (or a link to where the operator keeps them).

import { h, notice, replace } from '../ui.js';
import { markdown } from '../markdown.js';

const documents = {
  terms: { title: 'Terms of service', where: legal => legal.terms },
  privacy: { title: 'Privacy policy', where: legal => legal.privacy },
};

export async function render(view, { name, product }) {
  const doc = documents[name];
  const where = doc.where(product.legal);
  const version = h('p.muted', {}, `Version ${product.legal.version}.`);
  if (!where.startsWith('/')) {
    replace(view, h('h1', {}, doc.title), version,
      h('p', {}, `The ${doc.title.toLowerCase()} of ${product.appName} are kept by ${product.orgName}: `, h('a', { href: where, rel: 'noopener noreferrer' }, 'read them there'), '.'));
    return;
  }
  const response = await fetch(where, { headers: { Accept: 'text/markdown' }, credentials: 'same-origin' });
  if (!response.ok) {
    replace(view, h('h1', {}, doc.title), notice('error', `The ${doc.title.toLowerCase()} could not be loaded (${response.status}).`));
    return;
  }
  const blocks = markdown(await response.text());
  // The text's own first heading is the page's; without one, the page gives it its title.
  const titled = blocks[0]?.tagName === 'H1';
  replace(view, titled ? blocks[0] : h('h1', {}, doc.title), version, h('div.legal', {}, titled ? blocks.slice(1) : blocks));
}
