import { buildXml, childText, el, expectElement, firstChild, parseXml, parseXmlDocument, SafeXmlError } from '../../../src/pagopa/xml/safe-xml';

function refusal(input: string | Uint8Array, options?: Parameters<typeof parseXml>[1]): SafeXmlError {
  try {
    parseXml(input, options);
  } catch (e) {
    if (e instanceof SafeXmlError) return e;
    throw new Error(`expected a SafeXmlError, got ${String(e)}`);
  }
  throw new Error('expected the document to be refused');
}

describe('parseXml: what it accepts', () => {
  it('keeps every value a string: IUVs with leading zeros and amounts stay exactly as written', () => {
    const root = parseXml('<a><iuv>01234567890123456</iuv><amount>10.50</amount><big>99999999999999999999</big><flag>true</flag></a>');
    expect(childText(root, 'iuv')).toBe('01234567890123456');
    expect(childText(root, 'amount')).toBe('10.50');
    expect(childText(root, 'big')).toBe('99999999999999999999');
    expect(childText(root, 'flag')).toBe('true');
  });

  it('resolves namespaces from declarations, whatever the prefix, and strips the prefixes', () => {
    const root = parseXml('<x:Envelope xmlns:x="urn:env"><x:Body><op xmlns="urn:op"><child xmlns="">v</child></op></x:Body></x:Envelope>');
    expect(root).toMatchObject({ name: 'Envelope', ns: 'urn:env' });
    const op = root.children[0]!.children[0]!;
    expect(op).toMatchObject({ name: 'op', ns: 'urn:op' });
    expect(op.children[0]).toMatchObject({ name: 'child', ns: '', text: 'v' });
  });

  it('decodes the predefined and numeric entities exactly once, and CDATA verbatim', () => {
    const root = parseXml('<a><t>A &amp; B &lt;c&gt; &#233; &#x41; &amp;#233;</t><c><![CDATA[x < y & &amp;]]></c></a>');
    expect(childText(root, 't')).toBe('A & B <c> é A &#233;');
    expect(childText(root, 'c')).toBe('x < y & &amp;');
  });

  it('reads bytes as UTF-8, with or without BOM, and honours an ISO-8859-1 declaration', () => {
    const utf8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<a>città</a>', 'utf8')]);
    expect(parseXml(utf8).text).toBe('città');
    const latin1 = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><a>città</a>', 'latin1');
    expect(parseXml(latin1).text).toBe('città');
  });

  it('returns the decoded text for archiving, without the BOM', () => {
    const { text } = parseXmlDocument(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<a>x</a>')]));
    expect(text).toBe('<a>x</a>');
  });

  it('accepts comments and processing instructions around the root', () => {
    expect(parseXml('<?xml version="1.0"?>\n<!-- c --><?pi x?><a/><!-- after -->').name).toBe('a');
  });

  it('reads line ends as XML does: \\r\\n and a lone \\r are \\n, in text, CDATA and attributes', () => {
    const root = parseXml('<a note="x\r\ny"><t>1\r\n2\r3</t><c><![CDATA[p\r\nq]]></c></a>');
    expect(root.attributes.note).toBe('x\ny');
    expect(firstChild(root, 't')?.text).toBe('1\n2\n3');
    expect(firstChild(root, 'c')?.text).toBe('p\nq');
  });

  it('joins the text around comments and keeps the whitespace between children, untrimmed', () => {
    const root = parseXml('<a>x<!-- c -->y<b/>\n  <?pi?>z</a>');
    expect(root.text).toBe('xy\n  z');
    expect(root.children.map((c) => c.name)).toEqual(['b']);
  });

  it('keeps an attribute named like an Object property as plain data, and the first of two with the same local name', () => {
    const root = parseXml('<a xmlns:p="urn:p" __proto__="1" toString="2" p:id="first" id="second"/>');
    expect(Object.keys(root.attributes)).toEqual(['__proto__', 'toString', 'id']);
    expect(root.attributes.id).toBe('first');
  });
});

describe('parseXml: what it refuses, always with a SafeXmlError', () => {
  it('refuses the billion laughs before any expansion', () => {
    const lol = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><lolz>&lol3;</lolz>`;
    const e = refusal(lol);
    expect(e.code).toBe('XML_DTD_FORBIDDEN');
    expect(e.message).toMatch(/DOCTYPE/);
  });

  it('refuses an external entity (XXE), also when the DOCTYPE hides behind a comment', () => {
    expect(refusal('<!DOCTYPE a [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><a>&xxe;</a>').code).toBe('XML_DTD_FORBIDDEN');
    expect(refusal('<?xml version="1.0"?><!-- hi --><!doctype a SYSTEM "http://evil/x.dtd"><a/>').code).toBe('XML_DTD_FORBIDDEN');
  });

  it('refuses an undeclared entity and a bare ampersand, which the library would let through', () => {
    expect(refusal('<a>&xxe;</a>').message).toMatch(/undeclared entity &xxe;/);
    expect(refusal('<a b="x & y"/>').message).toMatch(/bare "&"/);
  });

  it('refuses a body larger than the cap before decoding it', () => {
    const e = refusal(`<a>${'x'.repeat(2000)}</a>`, { maxBytes: 1000 });
    expect(e.code).toBe('XML_TOO_LARGE');
    expect(e.kind).toBe('too_large');
    expect(refusal(Buffer.alloc(2 * 1024 * 1024, 0x20)).code).toBe('XML_TOO_LARGE');
  });

  it('refuses malformed XML naming line and column', () => {
    const e = refusal('<a>\n<b></a>');
    expect(e.code).toBe('XML_MALFORMED');
    expect(e.message).toMatch(/line 2/);
  });

  it('refuses several roots, text outside the root, control characters, unbound prefixes and empty input', () => {
    expect(refusal('<a/><b/>').message).toMatch(/exactly one root/);
    expect(refusal('<a/>junk').code).toBe('XML_MALFORMED');
    expect(refusal('<a>\u0001</a>').message).toMatch(/U\+0001/);
    expect(refusal('<a>&#0;</a>').code).toBe('XML_MALFORMED');
    expect(refusal('<p:a/>').message).toMatch(/prefix "p"/);
    expect(refusal('  ').message).toMatch(/empty/);
  });

  it('refuses invalid UTF-8 and encodings it does not read', () => {
    expect(refusal(Buffer.from([0x3c, 0x61, 0x3e, 0xff, 0xfe, 0x3c, 0x2f, 0x61, 0x3e])).code).toBe('XML_MALFORMED');
    expect(refusal(Buffer.from('<?xml version="1.0" encoding="EBCDIC"?><a/>')).code).toBe('XML_ENCODING_UNSUPPORTED');
  });

  it('refuses markup that is not XML, which a tolerant parser read as elements or skipped', () => {
    expect(refusal('<a><!- x --></a>').code).toBe('XML_MALFORMED');
    expect(refusal('<? x?><a/>').code).toBe('XML_MALFORMED');
    expect(refusal('<a b="1"c="2"/>').message).toMatch(/no space/);
    expect(refusal('<a b="1" b="2"/>').message).toMatch(/repeated/);
    expect(refusal('<a b=1/>').message).toMatch(/without value/);
    expect(refusal('<?xml version="1.0 encoding="UTF-8"?><a/>').message).toMatch(/Pi Tag is not closed/);
    expect(refusal('\n<?xml version="1.0"?><a/>').message).toMatch(/only at the start/);
    expect(refusal('<a><!-- open').message).toMatch(/unterminated comment/);
  });

  it('reports broken markup before a problem inside the tree, as a validator pass before the reading pass did', () => {
    // The undeclared entity comes first in the text, the mismatched tag makes the document not XML at all.
    const e = refusal('<a>&xxe;<b></c></a>');
    expect(e.message).toMatch(/not well-formed XML: Expected closing tag 'b'/);
    expect(e.message).toMatch(/line 1, column 12/);
    // Of two problems inside a well-formed tree, the first in document order.
    expect(refusal('<a><b>&xxe;</b><p:c/></a>').message).toMatch(/undeclared entity &xxe;/);
  });

  it('refuses nesting deeper than the limit', () => {
    const deep = '<a>'.repeat(70) + '</a>'.repeat(70);
    expect(refusal(deep).code).toBe('XML_TOO_DEEP');
    const veryDeep = '<a>'.repeat(5000) + '</a>'.repeat(5000);
    expect(['XML_TOO_DEEP', 'XML_MALFORMED']).toContain(refusal(veryDeep).code);
  });

  it('expectElement checks the namespace URI, not the prefix', () => {
    const root = parseXml('<pafn:op xmlns:pafn="urn:wrong"/>');
    expect(() => expectElement(root, 'op', 'urn:right')).toThrow(/must be in namespace urn:right, it is in urn:wrong/);
    expect(() => expectElement(root, 'other', 'urn:wrong')).toThrow(/expected <other>, found <op>/);
  });
});

describe('buildXml', () => {
  it('escapes text and attributes so any string round-trips', () => {
    const nasty = `</b><script>&amp; "quoted" 'single' ]]> é`;
    const xml = buildXml(el('p:a', [el('b', nasty), el('c', [])], { 'xmlns:p': 'urn:x', note: nasty }));
    const root = parseXml(xml);
    expect(childText(root, 'b')).toBe(nasty.trim());
    expect(root.attributes.note).toBe(nasty);
    expect(firstChild(root, 'c')?.text).toBe('');
  });

  it('drops the characters XML cannot carry instead of producing a broken document', () => {
    const xml = buildXml(el('a', 'x\u0000y\u0007z'));
    expect(parseXml(xml).text).toBe('xyz');
  });

  it('skips absent optional children', () => {
    expect(buildXml(el('a', [undefined, false, null, el('b', '1')]), { declaration: false })).toBe('<a><b>1</b></a>');
  });
});
