import { DomainError, type ErrorKind } from '../../kernel/errors';
import { parseXmlTree, TreeError } from './xml-tree-parser';

/**
 * Safe XML for messages that arrive from outside (the pagoPA Node, uploaded RT/FR files, ZIP entries).
 *
 * XML parsers are tolerant or dangerous by default: they expand DOCTYPE entities, accept undeclared entities, a
 * bare `&` or `<` in attributes, control characters and several root elements. None of that reaches our readers:
 *  - size cap on the raw bytes before anything is decoded;
 *  - any DTD (DOCTYPE, ENTITY, ...) is refused before parsing: no billion laughs, no external entities;
 *  - well-formedness (one root, matching tags, attribute syntax, entity references, characters, bound
 *    namespace prefixes), checked by xml-tree-parser while it builds the tree, in one pass;
 *  - entities decoded here in one pass, so `&amp;#233;` stays the text `&#233;`;
 *  - every value stays a string: IUVs, amounts and fiscal codes never become numbers.
 * The result is a small namespace-aware tree: local names (prefixes stripped) with their resolved namespace URI,
 * so callers check namespaces instead of trusting prefixes.
 */

export const DEFAULT_MAX_XML_BYTES = 1024 * 1024;
export const DEFAULT_MAX_XML_DEPTH = 64;

export const XML_NS = 'http://www.w3.org/XML/1998/namespace';

export interface XmlElement {
  /** Local name, namespace prefix stripped. */
  readonly name: string;
  /** Namespace URI resolved from the xmlns declarations in scope; '' when the element is in no namespace. */
  readonly ns: string;
  /** Attributes by local name, entities decoded; namespace declarations (xmlns, xmlns:p) are not included. */
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** Character data directly inside the element (text and CDATA joined), entities decoded, NOT trimmed. */
  readonly text: string;
}

export type SafeXmlErrorCode =
  | 'XML_TOO_LARGE'
  | 'XML_DTD_FORBIDDEN'
  | 'XML_MALFORMED'
  | 'XML_ENCODING_UNSUPPORTED'
  | 'XML_TOO_DEEP'
  | 'XML_UNEXPECTED_ROOT'
  | 'XML_NAMESPACE_MISMATCH';

/** A document refused at the gate. The message says what and, where the validator knows it, at which line. */
export class SafeXmlError extends DomainError {
  constructor(
    override readonly code: SafeXmlErrorCode,
    message: string,
    details?: Record<string, unknown>,
  ) {
    super(code, message, safeXmlErrorKind(code), undefined, details);
    this.name = 'SafeXmlError';
  }
}

const safeXmlErrorKind = (code: SafeXmlErrorCode): ErrorKind => (code === 'XML_TOO_LARGE' ? 'too_large' : 'invalid');

export interface SafeXmlOptions {
  /** Refuse inputs longer than this many bytes (UTF-8 bytes for a string input). Default 1 MiB. */
  maxBytes?: number;
  /** Refuse documents nested deeper than this. Default 64 (pagoPA messages need fewer than 10). */
  maxDepth?: number;
  /** Used in error messages, e.g. the file name inside a ZIP. */
  documentName?: string;
}

// ---------------------------------------------------------------------------------------------------------
// decoding

const UTF8_BOM = [0xef, 0xbb, 0xbf];
const SUPPORTED_ENCODINGS: Readonly<Record<string, string>> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'us-ascii': 'utf-8',
  ascii: 'utf-8',
  'iso-8859-1': 'latin1',
  latin1: 'latin1',
  'iso-8859-15': 'iso-8859-15',
  'windows-1252': 'windows-1252',
  cp1252: 'windows-1252',
};

function byteLength(input: string | Uint8Array): number {
  return typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.byteLength;
}

/** Bytes → text, honouring a UTF-8 BOM and the encoding of the XML declaration. Invalid UTF-8 is refused, not replaced. */
export function decodeXmlBytes(bytes: Uint8Array, documentName = 'the document'): string {
  let body = bytes;
  if (bytes[0] === UTF8_BOM[0] && bytes[1] === UTF8_BOM[1] && bytes[2] === UTF8_BOM[2]) body = bytes.subarray(3);
  else if ((bytes[0] === 0xfe && bytes[1] === 0xff) || (bytes[0] === 0xff && bytes[1] === 0xfe)) {
    throw new SafeXmlError('XML_ENCODING_UNSUPPORTED', `${documentName} is UTF-16: only UTF-8 (or ISO-8859-1) XML is accepted`);
  }
  // The declaration is ASCII in every encoding we accept, so it can be read before decoding.
  const head = Buffer.from(body.subarray(0, 200)).toString('latin1');
  const declared = /^\s*<\?xml[^?]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1]?.toLowerCase();
  const encoding = declared === undefined ? 'utf-8' : SUPPORTED_ENCODINGS[declared];
  if (encoding === undefined) {
    throw new SafeXmlError('XML_ENCODING_UNSUPPORTED', `${documentName} declares encoding "${declared}": only UTF-8 and ISO-8859-1 are accepted`);
  }
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(body);
  } catch {
    throw new SafeXmlError('XML_MALFORMED', `${documentName} is not valid ${encoding.toUpperCase()} text (it declares ${declared ?? 'no encoding, so UTF-8'})`);
  }
}

// ---------------------------------------------------------------------------------------------------------
// DTD gate

/** Markup that only a DTD can carry. */
const DTD_MARKUP = /<!\s*(DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)\b/i;

/**
 * Refuses any document type declaration. The prolog is scanned token by token (declaration, PIs, comments,
 * whitespace) so a DOCTYPE hidden after a comment is found; then the whole text is searched for DTD markup,
 * which catches a declaration placed anywhere else. The price is that the literal text "<!ENTITY" inside a
 * CDATA section or a comment is refused too: no pagoPA message carries it.
 */
export function assertNoDtd(text: string, documentName = 'the document'): void {
  let i = 0;
  for (;;) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (text.startsWith('<?', i)) {
      const end = text.indexOf('?>', i + 2);
      if (end < 0) break;
      i = end + 2;
    } else if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      if (end < 0) break;
      i = end + 3;
    } else break;
  }
  if (/^<!doctype/i.test(text.slice(i, i + 9)) || DTD_MARKUP.test(text)) {
    throw new SafeXmlError(
      'XML_DTD_FORBIDDEN',
      `${documentName} contains a document type declaration (DOCTYPE/ENTITY): refused, DTDs and entity declarations are never processed`,
    );
  }
}

// ---------------------------------------------------------------------------------------------------------
// entities and characters

const PREDEFINED_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const ENTITY_OR_AMP = /&(?:#x([0-9A-Fa-f]{1,6});|#([0-9]{1,7});|([A-Za-z_][\w.-]*);)?/g;

function isXmlChar(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

/** Characters XML 1.0 forbids anywhere (control characters, lone surrogates, U+FFFE/U+FFFF). */
const INVALID_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const INVALID_XML_CHARS_GLOBAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function decodeEntities(raw: string, where: string, documentName: string): string {
  return raw.replace(ENTITY_OR_AMP, (match, hex: string | undefined, dec: string | undefined, name: string | undefined) => {
    if (hex !== undefined || dec !== undefined) {
      const cp = hex !== undefined ? parseInt(hex, 16) : parseInt(dec!, 10);
      if (!isXmlChar(cp)) throw new SafeXmlError('XML_MALFORMED', `${documentName}: ${where} contains ${match}, which is not a character allowed in XML`);
      return String.fromCodePoint(cp);
    }
    if (name !== undefined) {
      const value = PREDEFINED_ENTITIES[name];
      if (value === undefined) throw new SafeXmlError('XML_MALFORMED', `${documentName}: ${where} refers to the undeclared entity &${name};`);
      return value;
    }
    throw new SafeXmlError('XML_MALFORMED', `${documentName}: ${where} contains a bare "&": write it as &amp;`);
  });
}

// ---------------------------------------------------------------------------------------------------------
// parsing

/**
 * Parses untrusted XML into a namespace-aware tree. Throws SafeXmlError (a DomainError) for anything refused;
 * never anything else, whatever the input.
 */
export function parseXml(input: string | Uint8Array, options: SafeXmlOptions = {}): XmlElement {
  return parseXmlDocument(input, options).root;
}

/** parseXml, also returning the decoded text (BOM removed): what archives keep verbatim. */
export function parseXmlDocument(input: string | Uint8Array, options: SafeXmlOptions = {}): { root: XmlElement; text: string } {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_XML_BYTES;
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_XML_DEPTH;
  const documentName = options.documentName ?? 'the XML document';
  const size = byteLength(input);
  if (size > maxBytes) {
    throw new SafeXmlError('XML_TOO_LARGE', `${documentName} is ${size} bytes, more than the ${maxBytes} bytes accepted`, { size, maxBytes });
  }
  let text = typeof input === 'string' ? input : decodeXmlBytes(input, documentName);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') throw new SafeXmlError('XML_MALFORMED', `${documentName} is empty`);
  assertNoDtd(text, documentName);
  const invalidChar = INVALID_XML_CHARS.exec(text);
  if (invalidChar) {
    const cp = invalidChar[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    throw new SafeXmlError('XML_MALFORMED', `${documentName} contains the character U+${cp}, which XML does not allow (at offset ${invalidChar.index})`);
  }
  const scope = new Map([['xml', XML_NS]]);
  try {
    return {
      root: parseXmlTree(text, {
        maxDepth,
        initialScope: scope,
        decodeEntities: (raw, where) => decodeEntities(raw, where, documentName),
        tooDeep: (qname) => new SafeXmlError('XML_TOO_DEEP', `${documentName} nests elements more than ${maxDepth} levels deep (at <${qname}>)`),
        unboundPrefix: (prefix, qname) => new SafeXmlError('XML_MALFORMED', `${documentName}: the prefix "${prefix}" of <${qname}> is not bound to a namespace (no xmlns:${prefix})`),
        ltInAttribute: (attrName, qname) => new SafeXmlError('XML_MALFORMED', `${documentName}: attribute ${attrName} of <${qname}> contains "<"`),
      }),
      text,
    };
  } catch (e) {
    if (!(e instanceof TreeError)) throw e;
    const p = e.problem;
    switch (p.kind) {
      case 'malformed':
        throw new SafeXmlError('XML_MALFORMED', `${documentName} is not well-formed XML: ${p.message} (line ${p.line}, column ${p.col})`, { line: p.line, col: p.col });
      case 'roots':
        throw new SafeXmlError('XML_MALFORMED', `${documentName} must have exactly one root element, it has ${p.count}`);
      case 'stray-text':
        throw new SafeXmlError('XML_MALFORMED', `${documentName} has text outside its root element`);
      case 'content':
        throw p.error;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// navigation

/** Child elements, optionally only those with this local name (and namespace, when given). */
export function childElements(parent: XmlElement, name?: string, ns?: string): XmlElement[] {
  return parent.children.filter((c) => (name === undefined || c.name === name) && (ns === undefined || c.ns === ns));
}

export function firstChild(parent: XmlElement, name: string, ns?: string): XmlElement | undefined {
  return parent.children.find((c) => c.name === name && (ns === undefined || c.ns === ns));
}

/** Trimmed text of the first child with this name; undefined when there is no such child. */
export function childText(parent: XmlElement, name: string, ns?: string): string | undefined {
  const c = firstChild(parent, name, ns);
  return c === undefined ? undefined : c.text.trim();
}

/** Asserts the element's local name and namespace: prefixes prove nothing, the URI they are bound to does. */
export function expectElement(el: XmlElement, name: string, ns: string, documentName = 'the document'): void {
  if (el.name !== name) {
    throw new SafeXmlError('XML_UNEXPECTED_ROOT', `${documentName}: expected <${name}>, found <${el.name}>`, { expected: name, found: el.name });
  }
  if (el.ns !== ns) {
    throw new SafeXmlError(
      'XML_NAMESPACE_MISMATCH',
      `${documentName}: <${name}> must be in namespace ${ns}, it is in ${el.ns === '' ? 'no namespace' : el.ns}`,
      { expected: ns, found: el.ns },
    );
  }
}

/** The element's path for messages: a/b/c. */
export const elementPath = (...names: string[]): string => names.join('.');

// ---------------------------------------------------------------------------------------------------------
// building

/** What to build: an element with attributes and either text or children. undefined/null/false children are skipped. */
export interface XmlNode {
  name: string;
  attributes?: Readonly<Record<string, string | undefined>>;
  text?: string;
  children?: readonly XmlChild[];
}
export type XmlChild = XmlNode | undefined | null | false;

/** el('a', 'text'), el('a', [el('b', 'x'), cond && el('c', 'y')]), el('p:a', [...], { 'xmlns:p': NS }). */
export function el(name: string, content?: string | readonly XmlChild[], attributes?: Readonly<Record<string, string | undefined>>): XmlNode {
  return typeof content === 'string' ? { name, text: content, attributes } : { name, children: content ?? [], attributes };
}

/** The element when the value is present, nothing otherwise: for minOccurs="0". */
export const optEl = (name: string, value: string | undefined | null): XmlNode | undefined =>
  value === undefined || value === null ? undefined : el(name, value);

/** Removes the characters XML cannot carry (control characters, lone surrogates): they would make the document ill-formed. */
export const stripInvalidXmlChars = (value: string): string => value.replace(INVALID_XML_CHARS_GLOBAL, '');

const XML_SPECIAL = /[&<>"']/;
const XML_SPECIAL_GLOBAL = /[&<>"']/g;
const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** A value as element text or attribute value: characters XML cannot carry dropped, & < > " ' escaped. */
function escapeValue(value: string): string {
  const clean = INVALID_XML_CHARS.test(value) ? stripInvalidXmlChars(value) : value;
  return XML_SPECIAL.test(clean) ? clean.replace(XML_SPECIAL_GLOBAL, (c) => ESCAPES[c]!) : clean;
}

/** Straight to text: the same document the library's builder wrote from an intermediate tree, without that tree. */
function writeNode(node: XmlNode): string {
  let out = `<${node.name}`;
  if (node.attributes) {
    for (const key of Object.keys(node.attributes)) {
      const value = node.attributes[key];
      if (value !== undefined) out += ` ${key}="${escapeValue(value)}"`;
    }
  }
  out += '>';
  if (node.text !== undefined) out += escapeValue(node.text);
  else if (node.children) {
    for (const child of node.children) if (child) out += writeNode(child);
  }
  return `${out}</${node.name}>`;
}

/** Serialises the tree; text and attribute values are escaped (& < > " '), so any string is safe to put in. */
export function buildXml(root: XmlNode, options: { declaration?: boolean } = {}): string {
  const body = writeNode(root);
  return options.declaration === false ? body : `<?xml version="1.0" encoding="UTF-8"?>${body}`;
}
