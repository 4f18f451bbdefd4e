import { bilancioTotal, parseBilancio } from './bilancio';

const code = (xml: string): string => {
  try {
    parseBilancio(xml);
  } catch (e) {
    return (e as { code: string }).code;
  }
  return 'ACCEPTED';
};

describe('bilancio XML of a flow row', () => {
  it('reads capitoli and accertamenti, amounts in cents', () => {
    const b = parseBilancio(
      '<bilancio><capitolo><codCapitolo>CAP1</codCapitolo><codUfficio>U1</codUfficio><accertamento><codAccertamento>A1</codAccertamento><importo>10.5</importo></accertamento></capitolo>' +
        '<capitolo><codCapitolo>CAP2</codCapitolo><accertamento><importo>0.01</importo></accertamento><accertamento><importo>2</importo></accertamento></capitolo></bilancio>',
    );
    expect(b).toEqual({
      capitoli: [
        { codCapitolo: 'CAP1', codUfficio: 'U1', accertamenti: [{ codAccertamento: 'A1', importo: 1050 }] },
        { codCapitolo: 'CAP2', accertamenti: [{ importo: 1 }, { importo: 200 }] },
      ],
    });
    expect(bilancioTotal(b)).toBe(1251);
  });

  it('tolerates a declaration, namespace prefixes, attributes, comments, CDATA, entities, whitespace and unknown elements', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
      <!-- exported by the gestionale -->
      <ns2:bilancio xmlns:ns2="http://www.regione.veneto.it/schemas/2012/Pagamenti/Ente/" versione='1'>
        <ns2:capitolo>
          <ns2:codCapitolo> <![CDATA[CAP&1]]> </ns2:codCapitolo>
          <ns2:note>ignored</ns2:note>
          <ns2:accertamento>
            <ns2:importo>  5.00 </ns2:importo>
            <ns2:codAccertamento>A&amp;B &#38; &#x43;</ns2:codAccertamento>
          </ns2:accertamento>
        </ns2:capitolo>
      </ns2:bilancio>`;
    expect(parseBilancio(xml)).toEqual({ capitoli: [{ codCapitolo: 'CAP&1', accertamenti: [{ codAccertamento: 'A&B & C', importo: 500 }] }] });
  });

  it('accepts a self-closing empty element where a value is optional', () => {
    expect(parseBilancio('<bilancio><capitolo><codCapitolo>C</codCapitolo><codUfficio/><accertamento><importo>1.00</importo></accertamento></capitolo></bilancio>')).toEqual({
      capitoli: [{ codCapitolo: 'C', accertamenti: [{ importo: 100 }] }],
    });
  });

  it.each([
    ['not XML at all', 'capitolo 1: 10 euro'],
    ['an unclosed element', '<bilancio><capitolo>'],
    ['crossed tags', '<bilancio><capitolo></bilancio></capitolo>'],
    ['two roots', '<bilancio/><bilancio/>'],
    ['a bare ampersand', '<bilancio><capitolo><codCapitolo>A&B</codCapitolo><accertamento><importo>1</importo></accertamento></capitolo></bilancio>'],
    ['a DOCTYPE (entity expansion)', '<!DOCTYPE bilancio [<!ENTITY a "aaaa">]><bilancio/>'],
    ['another root element', '<budget><capitolo/></budget>'],
    ['no capitolo', '<bilancio></bilancio>'],
    ['a capitolo without code', '<bilancio><capitolo><accertamento><importo>1</importo></accertamento></capitolo></bilancio>'],
    ['a capitolo without accertamento', '<bilancio><capitolo><codCapitolo>C</codCapitolo></capitolo></bilancio>'],
    ['an accertamento without importo', '<bilancio><capitolo><codCapitolo>C</codCapitolo><accertamento><codAccertamento>A</codAccertamento></accertamento></capitolo></bilancio>'],
    ['more than 4096 characters', `<bilancio><!--${'x'.repeat(4100)}--></bilancio>`],
  ])('refuses %s with INVALID_BILANCIO', (_, xml) => {
    expect(code(xml)).toBe('INVALID_BILANCIO');
  });

  it.each(['1,00', '1.001', '-1.00', 'dieci'])('refuses the accertamento amount %s with INVALID_AMOUNT', (importo) => {
    expect(code(`<bilancio><capitolo><codCapitolo>C</codCapitolo><accertamento><importo>${importo}</importo></accertamento></capitolo></bilancio>`)).toBe('INVALID_AMOUNT');
  });
});
