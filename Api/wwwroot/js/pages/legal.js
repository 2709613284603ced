// The terms of service and the privacy policy, from the operator's Markdown (or a link to where the operator keeps them).

import { t, tn } from '../i18n.js';
import { h, notice, replace } from '../ui.js';
import { markdown } from '../markdown.js';

// Each document's words are its own keys (asked for when the page is drawn: words load after the modules).
const documents = {
  terms: {
    where: legal => legal.terms,
    title: () => t('legal.terms.title'),
    elsewhere: params => tn('legal.terms.elsewhere', params),
    failed: status => t('legal.terms.failed', { status }),
  },
  privacy: {
    where: legal => legal.privacy,
    title: () => t('legal.privacy.title'),
    elsewhere: params => tn('legal.privacy.elsewhere', params),
    failed: status => t('legal.privacy.failed', { status }),
  },
};

export async function render(view, { name, product }) {
  const doc = documents[name];
  const where = doc.where(product.legal);
  const version = h('p.muted', {}, t('legal.version', { version: product.legal.version }));
  if (!where.startsWith('/')) {
    replace(view, h('h1', {}, doc.title()), version,
      h('p', {}, ...doc.elsewhere({ app: product.appName, org: product.orgName, link: h('a', { href: where, rel: 'noopener noreferrer' }, t('legal.readThere')) })));
    return;
  }
  const response = await fetch(where, { headers: { Accept: 'text/markdown' }, credentials: 'same-origin' });
  if (!response.ok) {
    replace(view, h('h1', {}, doc.title()), notice('error', doc.failed(response.status)));
    return;
  }
  const blocks = markdown(await response.text());
  // The text's own first heading is the page's; without one, the page gives it its title. The operator wrote the text
  // in the faucet's default language, which need not be the page's: it is marked so, for screen readers to read it right.
  const titled = blocks[0]?.tagName === 'H1';
  const lang = product.defaultLocale;
  if (titled) blocks[0].lang = lang;
  replace(view, titled ? blocks[0] : h('h1', {}, doc.title()), version, h('div.legal', { lang }, titled ? blocks.slice(1) : blocks));
}
