/**
 * The rich-text allow-list: what the kit's editor may produce and what it keeps from a paste.
 *
 * Allowed: p, br, strong, em, u, ul, ol, li, and a with an http:, https: or mailto: href (no other
 * attribute anywhere). b and i become strong and em; headings, div and other blocks become
 * paragraphs; unknown inline elements are unwrapped (their text is kept); script, style, iframe,
 * svg, form controls and the like are dropped with their content.
 *
 * This is a convenience for the browser, not a security boundary: a module's server MUST sanitize
 * again (with its own allow-list) whatever HTML it receives before storing or showing it, since a
 * request can always be forged without this code.
 *
 * The core works on a minimal node shape (what DOM nodes already offer), so it runs under Node in
 * unit tests; {@link sanitizeHtml} feeds it the browser's own parser (an inert <template>).
 */

/** What the sanitizer reads of a node: DOM nodes satisfy it. */
export interface SanitizeNode {
  readonly nodeType: number;
  readonly nodeName: string;
  readonly nodeValue: string | null;
  readonly childNodes: ArrayLike<SanitizeNode>;
  getAttribute?(name: string): string | null;
}

const ELEMENT = 1;
const TEXT = 3;
const CDATA = 4;
const DOCUMENT = 9;
const FRAGMENT = 11;

export const ALLOWED_TAGS: ReadonlySet<string> = new Set(['p', 'br', 'strong', 'em', 'u', 'ul', 'ol', 'li', 'a']);

/** Dropped with everything inside. */
const DROPPED = new Set([
  'script', 'style', 'template', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'noscript', 'noembed',
  'noframes', 'svg', 'math', 'head', 'title', 'meta', 'link', 'base', 'textarea', 'select', 'option', 'optgroup',
  'button', 'input', 'canvas', 'audio', 'video', 'source', 'track', 'img', 'picture', 'map', 'area', 'xmp',
  'plaintext', 'datalist', 'dialog', 'slot',
]);

/** Inline synonyms. */
const RENAMED: Record<string, string> = { b: 'strong', i: 'em', ins: 'u' };

/** Elements that start a new paragraph (their inline content becomes a p). */
const BLOCKS = new Set([
  'p', 'div', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'section', 'article', 'header', 'footer', 'aside',
  'main', 'nav', 'address', 'pre', 'figure', 'figcaption', 'dl', 'dt', 'dd', 'table', 'thead', 'tbody', 'tfoot',
  'tr', 'td', 'th', 'caption', 'hr', 'center', 'details', 'summary', 'fieldset', 'legend', 'form', 'body', 'html',
]);

const URL_SCHEMES = /^(https?:\/\/|mailto:)/i;
// Browsers ignore ASCII tabs and newlines anywhere in a URL and leading/trailing C0 controls and
// spaces: judge the scheme on what the browser would see.
const URL_IGNORED = /[\u0000-\u0020\u007f-\u009f\u00a0\u1680\u180e\u2000-\u200f\u2028\u2029\u202f\u205f\u3000\ufeff]/g;

/**
 * The href to keep, or null to drop the link: only http(s) with a host and mailto.
 * `javascript:`, `data:`, `vbscript:`, relative and protocol-relative URLs are refused.
 */
export function safeHref(raw: string | null | undefined): string | null {
  if (raw == null) return null;
  const compact = raw.replace(URL_IGNORED, '');
  if (!URL_SCHEMES.test(compact)) return null;
  if (/^https?:\/\/$/i.test(compact) || /^mailto:$/i.test(compact)) return null;
  // keep the visible form (spaces inside a mailto subject…) but never control characters
  const kept = raw.trim().replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
  return URL_SCHEMES.test(kept) ? kept : compact;
}

/**
 * Why a link address typed by a person is refused (a French sentence), or null when it is fine.
 * `www.example.fr` is accepted (it becomes https://www.example.fr, see {@link normaliseLinkInput}).
 */
export function linkProblem(input: string): string | null {
  const v = input.trim();
  if (!v) return 'Écrivez l’adresse du lien, par exemple https://www.exemple.fr.';
  if (safeHref(normaliseLinkInput(v)) === null) {
    return 'Cette adresse n’est pas acceptée. Un lien doit commencer par https://, http:// ou mailto: (pour une adresse électronique).';
  }
  return null;
}

/** `www.exemple.fr` → `https://www.exemple.fr`; `prenom.nom@exemple.fr` → `mailto:…`; others unchanged. */
export function normaliseLinkInput(input: string): string {
  const v = input.trim();
  if (/^[^\s:/@]+@[^\s:/@]+\.[^\s:/@]+$/.test(v)) return `mailto:${v}`;
  if (/^www\.[^\s:]+$/i.test(v)) return `https://${v}`;
  return v;
}

export function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\u00a0/g, '&nbsp;');
}

export function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

type Context = 'block' | 'inline' | 'list' | 'item';

/** An output tree, serialised at the end (so that empty elements can be left out). */
interface Out {
  tag: string | null; // null: text
  text?: string;
  href?: string;
  children: Out[];
}

const MAX_DEPTH = 64;

function styleOf(node: SanitizeNode): string {
  return node.getAttribute?.('style') ?? node.getAttribute?.('data-preau-style') ?? '';
}

function lower(node: SanitizeNode): string {
  return node.nodeName.toLowerCase();
}

function isInline(o: Out): boolean {
  return o.tag === null || o.tag === 'strong' || o.tag === 'em' || o.tag === 'u' || o.tag === 'a' || o.tag === 'br';
}

function hasText(o: Out): boolean {
  if (o.tag === null) return /\S/.test((o.text ?? '').replace(/\u00a0/g, 'x'));
  return o.children.some(hasText);
}

/** Groups runs of inline nodes into `wrapper` elements (p at the top, li inside a list). */
function wrapInline(nodes: Out[], wrapper: string): Out[] {
  const out: Out[] = [];
  let run: Out[] = [];
  const flush = () => {
    if (run.some(hasText)) out.push({ tag: wrapper, children: run });
    run = [];
  };
  for (const n of nodes) {
    if (isInline(n)) run.push(n);
    else { flush(); out.push(n); }
  }
  flush();
  return out;
}

/** Removes line breaks and spaces at the start and end of a run. */
function trimBreaks(nodes: Out[]): Out[] {
  let a = 0;
  let b = nodes.length;
  const blank = (o: Out) => o.tag === 'br' || (o.tag === null && !/\S/.test(o.text ?? ''));
  while (a < b && blank(nodes[a]!)) a++;
  while (b > a && blank(nodes[b - 1]!)) b--;
  const run = nodes.slice(a, b);
  const first = run[0];
  const last = run[run.length - 1];
  if (first?.tag === null) run[0] = { ...first, text: (first.text ?? '').replace(/^ +/, '') };
  if (last?.tag === null) run[run.length - 1] = { ...run[run.length - 1]!, text: (run[run.length - 1]!.text ?? '').replace(/ +$/, '') };
  return run;
}

function walkChildren(node: SanitizeNode, ctx: Context, depth: number, inLink: boolean): Out[] {
  const out: Out[] = [];
  const kids = node.childNodes;
  for (let i = 0; i < kids.length; i++) out.push(...walk(kids[i]!, ctx, depth + 1, inLink));
  return out;
}

function walk(node: SanitizeNode, ctx: Context, depth: number, inLink: boolean): Out[] {
  if (depth > MAX_DEPTH) return [];
  if (node.nodeType === TEXT || node.nodeType === CDATA) {
    // source formatting (newlines, indentation) is one space, as the browser shows it;
    // whitespace-only runs between blocks disappear when runs are wrapped
    const text = (node.nodeValue ?? '').replace(/[\t\n\r\f ]+/g, ' ');
    return text ? [{ tag: null, text, children: [] }] : [];
  }
  if (node.nodeType === DOCUMENT || node.nodeType === FRAGMENT) return walkChildren(node, ctx, depth, inLink);
  if (node.nodeType !== ELEMENT) return []; // comments, processing instructions, doctypes
  let tag = lower(node);
  // namespaced or custom names (svg:script, x-foo) are judged on their local part
  if (tag.includes(':')) tag = tag.slice(tag.lastIndexOf(':') + 1);
  if (DROPPED.has(tag)) return [];
  tag = RENAMED[tag] ?? tag;

  switch (tag) {
    case 'br':
      return ctx === 'list' ? [] : [{ tag: 'br', children: [] }];
    case 'strong': case 'em': case 'u': {
      // Google Docs wraps a whole paste in <b style="font-weight:normal">: not bold at all
      if (tag === 'strong' && /font-weight\s*:\s*(normal|[1-4]00)\b/i.test(styleOf(node))) {
        return walkChildren(node, ctx, depth, inLink);
      }
      return formatted(tag, node, ctx, depth, inLink);
    }
    case 'a': {
      const children = walkChildren(node, 'inline', depth, true);
      const href = inLink ? null : safeHref(node.getAttribute?.('href'));
      if (!href) return children; // unwrapped: the words stay, the link goes
      return children.length ? [{ tag: 'a', href, children }] : [];
    }
    case 'ul': case 'ol': {
      if (ctx === 'inline') return walkChildren(node, 'inline', depth, inLink);
      const items = wrapInline(walkChildren(node, 'list', depth, inLink), 'li')
        .filter((o) => o.tag === 'li' || o.tag === 'ul' || o.tag === 'ol');
      return items.length ? [{ tag, children: items }] : [];
    }
    case 'li': {
      if (ctx !== 'list') return walkChildren(node, ctx, depth, inLink);
      const children = walkChildren(node, 'item', depth, inLink);
      return [{ tag: 'li', children }];
    }
    default:
      if (BLOCKS.has(tag)) {
        if (ctx === 'block') {
          const children = walkChildren(node, 'block', depth, inLink);
          // an empty line the author left on purpose (what editors make of Enter Enter)
          if ((tag === 'p' || tag === 'div') && children.some((c) => c.tag === 'br') && !children.some(hasText)
            && children.every(isInline)) {
            return [{ tag: 'p', children: [{ tag: 'br', children: [] }] }];
          }
          // a block of inline content is a paragraph; a block of blocks is unwrapped
          return wrapInline(children, 'p');
        }
        if (ctx === 'list') return walkChildren(node, 'list', depth, inLink);
        // inside a paragraph or an item: keep the words, separated by a line break
        const children = walkChildren(node, ctx, depth, inLink);
        return children.length ? [...children, { tag: 'br', children: [] }] : [];
      }
      // anything else (span, font, mark, code, custom elements…) is unwrapped; a span styled bold,
      // italic or underlined (word processors, Google Docs) keeps that formatting
      if (tag === 'span') {
        const style = styleOf(node);
        const as = /font-weight\s*:\s*(bold|[6-9]00)\b/i.test(style) ? 'strong'
          : /font-style\s*:\s*italic\b/i.test(style) ? 'em'
            : /text-decoration[a-z-]*\s*:[^;]*underline/i.test(style) ? 'u' : null;
        if (as) return formatted(as, node, ctx, depth, inLink);
      }
      return walkChildren(node, ctx, depth, inLink);
  }
}

/**
 * strong, em or u around its content; when that content holds blocks (a bold paragraph and a list),
 * the blocks win: the formatting is dropped rather than the structure.
 */
function formatted(tag: string, node: SanitizeNode, ctx: Context, depth: number, inLink: boolean): Out[] {
  const inner = ctx === 'inline' || ctx === 'item' ? 'inline' : ctx;
  const children = walkChildren(node, inner, depth, inLink);
  if (!children.length) return [];
  return children.every(isInline) ? [{ tag, children }] : children;
}

function serialise(nodes: Out[]): string {
  let s = '';
  for (const n of nodes) {
    if (n.tag === null) s += escapeText(n.text ?? '');
    else if (n.tag === 'br') s += '<br>';
    else if (n.tag === 'a') s += `<a href="${escapeAttr(n.href ?? '')}">${serialise(n.children)}</a>`;
    else s += `<${n.tag}>${serialise(n.children)}</${n.tag}>`;
  }
  return s;
}

/** Leaves out empty elements and merges neighbouring texts (one space between words). */
function prune(nodes: Out[], active: ReadonlySet<string> = new Set()): Out[] {
  const out: Out[] = [];
  for (const n of nodes) {
    // bold inside bold (a paste into bold text) is just bold: keep the outer one
    if ((n.tag === 'strong' || n.tag === 'em' || n.tag === 'u') && active.has(n.tag)) {
      out.push(...prune(n.children, active));
      continue;
    }
    if (n.tag === null) {
      const prev = out[out.length - 1];
      if (prev?.tag === null) out[out.length - 1] = { ...prev, text: `${prev.text ?? ''}${n.text ?? ''}`.replace(/ {2,}/g, ' ') };
      else out.push(n);
      continue;
    }
    if (n.tag === 'br') { out.push(n); continue; }
    let children = prune(n.children, n.tag === 'strong' || n.tag === 'em' || n.tag === 'u' ? new Set([...active, n.tag]) : active);
    if (n.tag === 'p' || n.tag === 'li') {
      const blankLine = n.tag === 'p' && children.length === 1 && children[0]!.tag === 'br';
      if (!blankLine) children = trimBreaks(children);
    }
    if (n.tag === 'li') { out.push({ ...n, children }); continue; }
    if (!children.some(hasText) && !(n.tag === 'p' && children.length)) continue;
    out.push({ ...n, children });
  }
  return out;
}

/** Sanitises an already parsed tree (a template's content, a document, or a test's fake nodes). */
export function sanitizeTree(root: SanitizeNode): string {
  const top = wrapInline(walk(root, 'block', 0, false), 'p');
  const pruned = prune(top);
  if (!pruned.some(hasText)) return '';
  // no empty paragraphs at the start or the end
  let a = 0;
  let b = pruned.length;
  while (a < b && !hasText(pruned[a]!)) a++;
  while (b > a && !hasText(pruned[b - 1]!)) b--;
  return serialise(pruned.slice(a, b));
}

/** The visible characters of sanitised HTML (what the editor's counter counts). */
export function textLength(root: SanitizeNode): number {
  if (root.nodeType === TEXT || root.nodeType === CDATA) return (root.nodeValue ?? '').length;
  if (root.nodeType === ELEMENT && DROPPED.has(lower(root))) return 0;
  let n = 0;
  for (let i = 0; i < root.childNodes.length; i++) n += textLength(root.childNodes[i]!);
  return n;
}

/**
 * Browser only: parses `html` with the browser's parser into an inert template (no script runs,
 * no image loads) and keeps only the allow-list.
 */
export function sanitizeHtml(html: string): string {
  const template = document.createElement('template');
  template.innerHTML = quietAttributes(html);
  return sanitizeTree(template.content);
}

/**
 * Renames style and on… attributes inside tags before the browser parses pasted HTML. Nothing
 * would run anyway (the template is inert, the page's CSP forbids inline code), but Chromium
 * reports each one as a CSP violation: a paste from a word processor would fill the console.
 * Not a security measure (the tree walk is); the style survives as data-preau-style for the
 * bold/italic/underline detection.
 */
export function quietAttributes(html: string): string {
  return html.replace(/<[a-zA-Z][^>]*>/g,
    (tag) => tag.replace(/(\s)(on[a-z]+|style)(\s*=)/gi, (_, sp: string, name: string, eq: string) => `${sp}data-preau-${name.toLowerCase()}${eq}`));
}

/** Plain text (a paste without HTML) as paragraphs and line breaks. */
export function textToHtml(text: string): string {
  const paragraphs = text.replace(/\r\n?/g, '\n').split(/\n{2,}/);
  return paragraphs.map((p) => p.trim()).filter(Boolean)
    .map((p) => `<p>${p.split('\n').map(escapeText).join('<br>')}</p>`).join('');
}
