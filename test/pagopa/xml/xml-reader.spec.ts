import { parseXml } from '../../../src/pagopa/xml/safe-xml';
import { XmlContentError, XmlReader } from '../../../src/pagopa/xml/xml-reader';
import * as xsd from '../../../src/pagopa/xml/xsd-types';

const value = <T>(check: xsd.Check<T>, raw: string): T | string => {
  const r = check(raw);
  return r.ok ? r.value : `refused: ${r.message}`;
};

describe('XSD amounts (stAmount: \\d+\\.\\d{2}) to integer cents', () => {
  it.each([
    ['14.50', 1450],
    ['0.01', 1],
    ['999999999.99', 99999999999],
    ['007.00', 700],
  ])('%s is %d cents', (raw, cents) => {
    expect(value(xsd.amount(), raw)).toBe(cents);
  });

  it.each([
    ['10.5', /exactly two decimals.*write exactly two decimals/],
    ['10,50', /decimal separator is a dot/],
    ['10', /exactly two decimals/],
    ['1e3', /exactly two decimals/],
    ['-1.00', /exactly two decimals/],
    ['1000000000.00', /more than 999999999.99/],
  ])('%s is refused', (raw, why) => {
    expect(value(xsd.amount(), raw)).toMatch(why);
  });

  it('stAmountNotZero refuses 0.00', () => {
    expect(value(xsd.amount({ notZero: true }), '0.00')).toMatch(/at least 0.01/);
    expect(value(xsd.amount(), '0.00')).toBe(0);
  });
});

describe('other XSD simple types', () => {
  it('dates must exist in the calendar', () => {
    expect(value(xsd.isoDate, '2024-02-29')).toBe('2024-02-29');
    expect(value(xsd.isoDate, '2023-02-29')).toMatch(/refused/);
    expect(value(xsd.isoDate, '29/02/2024')).toMatch(/refused/);
  });

  it('date-times keep what pagoPA sent, zone or not', () => {
    expect(value(xsd.isoDateTime, '2021-10-01T17:48:22')).toBe('2021-10-01T17:48:22');
    expect(value(xsd.isoDateTime, '2021-10-01T17:48:22.123+02:00')).toBe('2021-10-01T17:48:22.123+02:00');
    expect(value(xsd.isoDateTime, '2021-10-01 17:48:22')).toMatch(/refused/);
  });

  it('text lengths count characters, not UTF-16 units', () => {
    expect(value(xsd.text(2), '😀😀')).toBe('😀😀');
    expect(value(xsd.text(2), '😀😀😀')).toMatch(/at most 2 characters/);
    expect(value(xsd.text(35), '')).toMatch(/must not be empty/);
  });

  it('fiscal codes, notice numbers, booleans', () => {
    expect(value(xsd.fiscalCodePA, '7777777777')).toMatch(/11-digit/);
    expect(value(xsd.noticeNumber, '30100000000000014')).toMatch(/18-digit/);
    expect(value(xsd.xsdBoolean, '1')).toBe(true);
    expect(value(xsd.xsdBoolean, 'no')).toMatch(/true or false/);
  });
});

describe('XmlReader', () => {
  const doc = parseXml(`<op>
      <id>A1</id><id>A2</id>
      <amount>10.5</amount>
      <empty></empty>
      <unknown>x</unknown>
      <list><item><n>1</n></item><item><n>x</n></item></list>
    </op>`);

  it('collects every problem with its path instead of stopping at the first', () => {
    const r = XmlReader.of(doc, 'op');
    r.value('id', xsd.text(35));
    r.value('amount', xsd.amount());
    r.value('missing', xsd.text(35));
    r.optionalValue('empty', xsd.text(35));
    const items = r.child('list')!.children('item', { max: 1 });
    items.forEach((i) => i.value('n', xsd.intBetween(1, 5)));
    r.reportUnexpected();
    expect(r.errors.map((e) => e.path)).toEqual(['op.id', 'op.amount', 'op.missing', 'op.list.item', 'op.list.item[2].n']);
    expect(r.errors[0]!.message).toMatch(/appears 2 times/);
    expect(r.warnings.map((w) => `${w.path}: ${w.message}`)).toEqual(['op.empty: is empty; treated as absent', 'op.unknown: is not part of the schema here; ignored']);
    expect(() => r.finish('the test document')).toThrow(XmlContentError);
    expect(() => r.finish('the test document')).toThrow(/op\.amount: "10\.5" is not an amount/);
  });

  it('finish() is silent when everything is valid', () => {
    const r = XmlReader.of(parseXml('<op><id>A</id></op>'), 'op');
    expect(r.value('id', xsd.text(35))).toBe('A');
    expect(() => r.finish()).not.toThrow();
  });
});
