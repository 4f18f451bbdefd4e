import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { DomainError, invalid } from '../../kernel/errors';
import { assertNoDtd, decodeXmlBytes, SafeXmlError } from '../../pagopa/xml/safe-xml';

/**
 * Minimal safe XML reading for the reporting and treasury parsers; decoding and the DTD gate are safe-xml's, so
 * both modules refuse the same documents. Every value stays a string: an IUV "0012" or an amount "10.50" must never become a number.
 * DOCTYPE and ENTITY declarations are refused before parsing, so no entity expansion (billion laughs) or external
 * entity can ever run on a file uploaded by an operator or received from the Node.
 */
export interface XmlElement {
  /** Local name: namespace prefixes are dropped, because pagoPA senders use ns2:, ppt:, or none at all. */
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** Concatenated direct text content (CDATA included), untrimmed. */
  readonly text: string;
}

export interface ReadXmlOptions {
  /** What the document is, for messages: "FlussoRiversamento", "giornale di cassa OPI". */
  what: string;
  maxBytes: number;
  /** Error code prefix, e.g. "FR" gives FR_MALFORMED_XML, FR_TOO_LARGE, FR_DOCTYPE_REFUSED. */
  codePrefix: string;
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  // Entities stay on only for the predefined ones and numeric references (&amp; &#65;): DOCTYPE is refused first.
  processEntities: true,
  htmlEntities: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

export const byteLength = (input: string | Buffer | Uint8Array): number =>
  typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.byteLength;

/** Parses a whole document and returns its root element; throws a DomainError naming the problem. */
export function readXml(input: string | Buffer | Uint8Array, options: ReadXmlOptions): XmlElement {
  const { what, maxBytes, codePrefix } = options;
  const size = byteLength(input);
  if (size > maxBytes) {
    throw new DomainError(
      `${codePrefix}_TOO_LARGE`,
      `The ${what} is ${size} bytes; the limit is ${maxBytes} bytes`,
      'too_large',
      undefined,
      { size, maxBytes },
    );
  }
  const text = decodeText(input, options);
  if (text.trim().length === 0) throw invalid(`${codePrefix}_EMPTY`, undefined, `The ${what} is empty`);
  try {
    assertNoDtd(text, `The ${what}`);
  } catch (e) {
    if (e instanceof SafeXmlError) throw invalid(`${codePrefix}_DOCTYPE_REFUSED`, undefined, e.message);
    throw e;
  }
  const validation = XMLValidator.validate(text);
  if (validation !== true) {
    const { line, col, msg } = validation.err;
    throw invalid(`${codePrefix}_MALFORMED_XML`, undefined, `The ${what} is not well-formed XML (line ${line}, column ${col}): ${msg}`, {
      line,
      column: col,
    });
  }
  const roots = toElements(parser.parse(text) as RawNode[]);
  if (roots.length !== 1) {
    throw invalid(`${codePrefix}_MALFORMED_XML`, undefined, `The ${what} must have exactly one root element, found ${roots.length}`);
  }
  return roots[0];
}

/** safe-xml's decoding (BOM, declared encoding, invalid bytes refused), its refusals re-coded under the caller's prefix. */
function decodeText(input: string | Buffer | Uint8Array, { what, codePrefix }: ReadXmlOptions): string {
  if (typeof input === 'string') return input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  try {
    return decodeXmlBytes(input, `The ${what}`);
  } catch (e) {
    if (e instanceof SafeXmlError) throw invalid(`${codePrefix}_MALFORMED_XML`, undefined, e.message);
    throw e;
  }
}

type RawNode = Record<string, unknown>;

function toElements(nodes: RawNode[]): XmlElement[] {
  const out: XmlElement[] = [];
  for (const node of nodes) {
    for (const key of Object.keys(node)) {
      if (key === ':@' || key === '#text' || key.startsWith('?')) continue;
      const attrs = (node[':@'] ?? {}) as Record<string, unknown>;
      const attributes: Record<string, string> = {};
      for (const [name, value] of Object.entries(attrs)) attributes[name] = String(value);
      const rawChildren = (node[key] ?? []) as RawNode[];
      let text = '';
      for (const c of rawChildren) if ('#text' in c) text += String(c['#text']);
      out.push({ name: key, attributes, children: toElements(rawChildren), text });
    }
  }
  return out;
}

export const childrenNamed = (el: XmlElement, name: string): XmlElement[] => el.children.filter((c) => c.name === name);

export const firstChild = (el: XmlElement, name: string): XmlElement | undefined => el.children.find((c) => c.name === name);

/** Trimmed text of a child element, undefined when absent or blank. */
export function childText(el: XmlElement, name: string): string | undefined {
  const c = firstChild(el, name);
  if (!c) return undefined;
  const t = c.text.trim();
  return t.length > 0 ? t : undefined;
}

/** Escapes text for element content and double-quoted attributes. */
export function xmlEscape(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}
