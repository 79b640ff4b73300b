/**
 * Test helpers for the sanitizer under Node (no DOM): fake nodes with the shape the sanitizer reads,
 * a small parser for well-formed HTML written in tests (not the browser's parser: the browser spec
 * covers that path), a strict checker of the sanitizer's output, and a seeded PRNG for fuzzing.
 */
import type { SanitizeNode } from '../../src/ui/sanitize.js';

export class FakeNode implements SanitizeNode {
  readonly childNodes: FakeNode[] = [];
  constructor(
    readonly nodeType: number,
    readonly nodeName: string,
    readonly nodeValue: string | null = null,
    readonly attrs: Record<string, string> = {},
  ) {}
  getAttribute(name: string): string | null {
    const key = Object.keys(this.attrs).find((k) => k.toLowerCase() === name.toLowerCase());
    return key === undefined ? null : this.attrs[key]!;
  }
}

export const text = (s: string) => new FakeNode(3, '#text', s);
export const comment = (s: string) => new FakeNode(8, '#comment', s);
export function el(tag: string, attrs: Record<string, string> = {}, ...children: Array<FakeNode | string>): FakeNode {
  const n = new FakeNode(1, tag.toUpperCase(), null, attrs);
  for (const c of children) n.childNodes.push(typeof c === 'string' ? text(c) : c);
  return n;
}
export function fragment(...children: FakeNode[]): FakeNode {
  const n = new FakeNode(11, '#document-fragment');
  n.childNodes.push(...children);
  return n;
}

const VOID = new Set(['br', 'img', 'hr', 'input', 'meta', 'link', 'source']);
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: '\u00a0' };
const decode = (s: string) => s.replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, e: string) => ENTITIES[e]!);

/** Parses well-formed HTML (every element closed, attributes quoted) into fake nodes. */
export function parse(html: string): FakeNode {
  const root = fragment();
  const stack: FakeNode[] = [root];
  const re = /<!--([\s\S]*?)-->|<\/([a-zA-Z][\w:-]*)\s*>|<([a-zA-Z][\w:-]*)((?:\s+[\w:-]+(?:="[^"]*")?)*)\s*\/?>|([^<]+)/g;
  let m: RegExpExecArray | null;
  let consumed = 0;
  while ((m = re.exec(html))) {
    consumed += m[0].length;
    const top = stack[stack.length - 1]!;
    if (m[1] !== undefined) top.childNodes.push(comment(m[1]));
    else if (m[2] !== undefined) {
      const name = m[2].toUpperCase();
      if (top.nodeName !== name) throw new Error(`unbalanced </${m[2]}> in ${html}`);
      stack.pop();
    } else if (m[3] !== undefined) {
      const attrs: Record<string, string> = {};
      for (const a of (m[4] ?? '').matchAll(/([\w:-]+)(?:="([^"]*)")?/g)) attrs[a[1]!] = decode(a[2] ?? '');
      const node = el(m[3], attrs);
      top.childNodes.push(node);
      if (!VOID.has(m[3].toLowerCase())) stack.push(node);
    } else top.childNodes.push(text(decode(m[5]!)));
  }
  if (consumed !== html.length || stack.length !== 1) throw new Error(`not well-formed: ${html}`);
  return root;
}

const ALLOWED = new Set(['p', 'br', 'strong', 'em', 'u', 'ul', 'ol', 'li', 'a']);

/**
 * Checks sanitiser output strictly: only allowed tags, only a safe href on a, every '<' starts such
 * a tag, no raw '>' or bare '&' outside tags, tags balanced. Returns the problems found.
 */
export function outputProblems(html: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    const textPart = html.slice(i, lt < 0 ? html.length : lt);
    if (/>/.test(textPart)) problems.push(`raw > in text: ${JSON.stringify(textPart)}`);
    if (/&(?!(amp|lt|gt|quot|#39|nbsp);)/.test(textPart)) problems.push(`bare & in text: ${JSON.stringify(textPart)}`);
    if (lt < 0) break;
    const m = /^<(\/?)([a-z]+)((?: [a-z]+="[^"<>]*")*)>/.exec(html.slice(lt));
    if (!m) { problems.push(`not a clean tag at ${lt}: ${html.slice(lt, lt + 30)}`); break; }
    const [, close, tag, attrs] = m;
    if (!ALLOWED.has(tag!)) problems.push(`disallowed tag ${tag}`);
    const names = [...attrs!.matchAll(/ ([a-z]+)="([^"]*)"/g)];
    for (const [, name, value] of names) {
      if (tag !== 'a' || name !== 'href') problems.push(`disallowed attribute ${name} on ${tag}`);
      else {
        const decoded = decode(value!).replace(/[\u0000-\u0020\u007f-\u009f]/g, '');
        if (!/^(https?:\/\/|mailto:)/i.test(decoded)) problems.push(`unsafe href ${value}`);
      }
    }
    if (tag === 'a' && !close && names.length !== 1) problems.push('a without its href');
    if (close) {
      if (stack.pop() !== tag) problems.push(`unbalanced </${tag}>`);
    } else if (tag !== 'br') stack.push(tag!);
    i = lt + m[0].length;
  }
  if (stack.length) problems.push(`unclosed ${stack.join(',')}`);
  return problems;
}

/** mulberry32: a small seeded PRNG, so a failing fuzz case can be replayed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
