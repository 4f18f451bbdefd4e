import type { XmlElement } from './safe-xml';

/**
 * The well-formedness check and the tree building of safe-xml, in one pass over the text: what used to be the
 * library's validator, then its parser, then a conversion of the parser's output into XmlElement (three walks and
 * two intermediate trees per Node request, bench:node). No DTD support at all: the caller has refused any DTD
 * markup and any character XML does not allow before calling.
 *
 * Problems are reported in the order the three walks found them, so a document gets the same refusal as before:
 *  1. markup that is not well-formed (throws at once, with line and column);
 *  2. then, once the whole document is known to be well-formed: not exactly one root element, text outside it;
 *  3. then the first problem inside the tree in document order: an entity that is not XML's, a bare "&", "<" in
 *     an attribute value, an unbound prefix, nesting deeper than allowed.
 */

export type TreeProblem =
  | { kind: 'malformed'; message: string; line: number; col: number }
  | { kind: 'roots'; count: number }
  | { kind: 'stray-text' }
  | { kind: 'content'; error: Error };

export interface TreeOptions {
  maxDepth: number;
  /** Entity decoding of text and attribute values; throws (deferred, see above) for a bad reference. */
  decodeEntities: (raw: string, where: string) => string;
  /** The error for an element nested deeper than maxDepth. */
  tooDeep: (qname: string) => Error;
  /** The error for an element whose prefix no xmlns declaration binds. */
  unboundPrefix: (prefix: string, qname: string) => Error;
  /** The error for "<" inside an attribute value. */
  ltInAttribute: (attrName: string, qname: string) => Error;
  initialScope: ReadonlyMap<string, string>;
}

export class TreeError extends Error {
  constructor(readonly problem: TreeProblem) {
    super(problem.kind);
  }
}

const NAME_START = ':A-Za-z_\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD';
const NAME = new RegExp(`[${NAME_START}][${NAME_START}\\-.\\d\\u00B7\\u0300-\\u036F\\u203F-\\u2040]*`, 'y');

const LT = 0x3c;
const GT = 0x3e;
const AMP = 0x26;
const SLASH = 0x2f;
const EQ = 0x3d;
const QUOT = 0x22;
const APOS = 0x27;
const QMARK = 0x3f;
const BANG = 0x21;

/** Line ends as XML reads them (2.11): \r\n and a lone \r are \n. */
const lf = (s: string): string => (s.indexOf('\r') < 0 ? s : s.replace(/\r\n?/g, '\n'));

const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;

interface Open {
  qname: string;
  start: number;
  scope: ReadonlyMap<string, string>;
  children: XmlElement[];
  text: string;
  element: { name: string; ns: string; attributes: Record<string, string>; children: XmlElement[]; text: string };
}

export function parseXmlTree(text: string, options: TreeOptions): XmlElement {
  const n = text.length;
  let i = 0;
  let deferred: Error | undefined;
  const defer = (e: () => Error): void => {
    deferred ??= e();
  };
  const malformed = (message: string, at: number): never => {
    const { line, col } = lineAndColumn(text, at);
    throw new TreeError({ kind: 'malformed', message, line, col });
  };

  const roots: XmlElement[] = [];
  let strayText = false;
  const stack: Open[] = [];

  const readName = (at: number): string | undefined => {
    NAME.lastIndex = at;
    return NAME.exec(text)?.[0];
  };

  /** Skips `<?...?>`, i at `<`; the XML declaration only at the very start. */
  const skipPi = (): void => {
    const target = readName(i + 2);
    if (target === undefined) malformed('a processing instruction needs a target name', i);
    if (target === 'xml' && i > 0) malformed('XML declaration allowed only at the start of the document.', i);
    const end = text.indexOf('?>', i + 2);
    if (end < 0) malformed('Pi Tag is not closed.', i);
    // As before: quotes inside a processing instruction must pair up before its `?>` (the declaration's values).
    let quote = 0;
    for (let k = i + 2; k < end; k++) {
      const c = text.charCodeAt(k);
      if (c === quote) quote = 0;
      else if (quote === 0 && (c === QUOT || c === APOS)) quote = c;
    }
    if (quote !== 0) malformed('Pi Tag is not closed.', i);
    i = end + 2;
  };

  /** Skips `<!--...-->`, i at `<`. */
  const skipComment = (): void => {
    const end = text.indexOf('-->', i + 4);
    if (end < 0) malformed('unterminated comment', i);
    i = end + 3;
  };

  const addText = (raw: string, at: number): void => {
    const top = stack[stack.length - 1];
    if (top === undefined) {
      for (let k = 0; k < raw.length; k++) {
        if (!isSpace(raw.charCodeAt(k))) {
          // Text before the root is not XML at all; after it, it is text outside the root (reported once all is read).
          if (roots.length === 0) malformed(`char '${raw[k]}' is not expected.`, at + k);
          strayText = true;
          return;
        }
      }
      return;
    }
    if (raw.indexOf('&') < 0) top.text += lf(raw);
    else if (deferred === undefined) {
      try {
        top.text += options.decodeEntities(lf(raw), `the text of <${top.qname}>`);
      } catch (e) {
        deferred = e as Error;
      }
    }
  };

  while (i < n) {
    const c = text.charCodeAt(i);
    if (c !== LT) {
      let end = text.indexOf('<', i);
      if (end < 0) end = n;
      addText(text.slice(i, end), i);
      i = end;
      continue;
    }
    const next = text.charCodeAt(i + 1);
    if (next === QMARK) {
      skipPi();
    } else if (next === BANG) {
      if (text.startsWith('<!--', i)) skipComment();
      else if (text.startsWith('<![CDATA[', i)) {
        if (stack.length === 0) malformed('CDATA is only allowed inside an element', i);
        const end = text.indexOf(']]>', i + 9);
        if (end < 0) malformed('unterminated CDATA section', i);
        stack[stack.length - 1]!.text += lf(text.slice(i + 9, end));
        i = end + 3;
      } else malformed("'<!' starts neither a comment nor a CDATA section", i);
    } else if (next === SLASH) {
      const start = i;
      const qname = readName(i + 2);
      if (qname === undefined) malformed('a closing tag needs a name', i);
      i += 2 + qname!.length;
      while (i < n && isSpace(text.charCodeAt(i))) i++;
      if (text.charCodeAt(i) !== GT) malformed(`Closing tag '${qname}' doesn't have proper closing.`, i);
      i++;
      const open = stack.pop();
      if (open === undefined) malformed(`Closing tag '${qname}' has not been opened.`, start);
      if (open!.qname !== qname) {
        const o = lineAndColumn(text, open!.start);
        malformed(`Expected closing tag '${open!.qname}' (opened in line ${o.line}, col ${o.col}) instead of closing tag '${qname}'.`, start);
      }
      close(open!);
    } else {
      const start = i;
      const qname = readName(i + 1);
      if (qname === undefined) malformed(isSpace(next) ? "Invalid space after '<'." : `Tag '${text.slice(i + 1, i + 21).split(/[\s/>]/)[0]}' is an invalid name.`, i + 1);
      i += 1 + qname!.length;
      const depth = stack.length + 1;
      const parent = stack[stack.length - 1];
      const parentScope = parent ? parent.scope : options.initialScope;
      let scope: Map<string, string> | undefined;
      let attributes: Record<string, string> | undefined;
      let seen: Set<string> | undefined;
      let selfClosing = false;
      for (;;) {
        const spaced = i < n && isSpace(text.charCodeAt(i));
        while (i < n && isSpace(text.charCodeAt(i))) i++;
        const ch = text.charCodeAt(i);
        if (ch === GT) {
          i++;
          break;
        }
        if (ch === SLASH && text.charCodeAt(i + 1) === GT) {
          i += 2;
          selfClosing = true;
          break;
        }
        if (i >= n) malformed(`Unclosed tag '${qname}'.`, start);
        const attrName = readName(i);
        if (attrName === undefined) malformed(`Attributes of '${qname}' are not well-formed.`, i);
        if (!spaced) malformed(`Attribute '${attrName}' has no space in starting.`, i);
        const attrAt = i;
        i += attrName!.length;
        while (i < n && isSpace(text.charCodeAt(i))) i++;
        if (text.charCodeAt(i) !== EQ) malformed(`Attribute '${attrName}' is without value.`, attrAt);
        i++;
        while (i < n && isSpace(text.charCodeAt(i))) i++;
        const quote = text.charCodeAt(i);
        if (quote !== QUOT && quote !== APOS) malformed(`Attribute '${attrName}' is without value.`, attrAt);
        const end = text.indexOf(quote === QUOT ? '"' : "'", i + 1);
        if (end < 0) malformed(`Attributes for '${qname}' have open quote.`, i);
        const raw = lf(text.slice(i + 1, end));
        i = end + 1;
        seen ??= new Set();
        if (seen.has(attrName!)) malformed(`Attribute '${attrName}' is repeated.`, attrAt);
        seen.add(attrName!);
        if (deferred !== undefined) continue;
        let value = raw;
        if (raw.indexOf('&') >= 0) {
          try {
            value = options.decodeEntities(raw, `attribute ${attrName} of <${qname}>`);
          } catch (e) {
            deferred = e as Error;
            continue;
          }
        }
        if (raw.indexOf('<') >= 0) {
          defer(() => options.ltInAttribute(attrName!, qname!));
          continue;
        }
        if (attrName === 'xmlns' || attrName!.startsWith('xmlns:')) {
          scope ??= new Map(parentScope);
          scope.set(attrName === 'xmlns' ? '' : attrName!.slice(6), value);
        } else {
          const colon = attrName!.indexOf(':');
          const local = colon < 0 ? attrName! : attrName!.slice(colon + 1);
          attributes ??= {};
          // defineProperty: an attribute named __proto__ or toString is just data; the first of two locals wins.
          if (!Object.prototype.hasOwnProperty.call(attributes, local)) Object.defineProperty(attributes, local, { value, enumerable: true, writable: true, configurable: true });
        }
      }
      const elementScope = scope ?? parentScope;
      const colon = qname!.indexOf(':');
      const prefix = colon < 0 ? '' : qname!.slice(0, colon);
      const local = colon < 0 ? qname! : qname!.slice(colon + 1);
      const ns = elementScope.get(prefix);
      if (deferred === undefined) {
        if (depth > options.maxDepth) defer(() => options.tooDeep(qname!));
        else if (ns === undefined && prefix !== '') defer(() => options.unboundPrefix(prefix, qname!));
      }
      const element = { name: local, ns: ns ?? '', attributes: attributes ?? {}, children: [] as XmlElement[], text: '' };
      const open: Open = { qname: qname!, start, scope: elementScope, children: element.children, text: '', element };
      if (selfClosing) close(open);
      else stack.push(open);
    }
  }

  if (stack.length > 0) {
    const open = stack[stack.length - 1]!;
    malformed(`Unclosed tag '${open.qname}'.`, open.start);
  }
  if (roots.length !== 1) throw new TreeError({ kind: 'roots', count: roots.length });
  if (strayText) throw new TreeError({ kind: 'stray-text' });
  if (deferred !== undefined) throw new TreeError({ kind: 'content', error: deferred });
  return roots[0]!;

  function close(open: Open): void {
    open.element.text = open.text;
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(open.element);
    else roots.push(open.element);
  }
}

/** 1-based line and column of an offset, lines ending at \n or \r\n. */
export function lineAndColumn(text: string, at: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let k = text.indexOf('\n'); k >= 0 && k < at; k = text.indexOf('\n', k + 1)) {
    line++;
    lineStart = k + 1;
  }
  return { line, col: at - lineStart + 1 };
}
