import { parseIuf } from './iuf';

describe('parseIuf', () => {
  it.each([
    ['2025-03-1860000000001-S459321233', { date: '2025-03-18', idPsp: '60000000001', progressivo: 'S459321233', conforming: true }],
    ['2024-07-26PPAYITR1XXX-S2024072600', { date: '2024-07-26', idPsp: 'PPAYITR1XXX', progressivo: 'S2024072600', conforming: true }],
    ['2024-05-2160000000001-17163317305', { date: '2024-05-21', idPsp: '60000000001', progressivo: '17163317305', conforming: true }],
    // A test station with dashes in its id: the progressive number is what follows the last dash.
    ['2023-04-01nodo-doc-dev-16818090899', { date: '2023-04-01', idPsp: 'nodo-doc-dev', progressivo: '16818090899', conforming: true }],
  ])('splits %s into date, PSP and progressive', (iuf, parts) => {
    expect(parseIuf(iuf)).toEqual({ iuf, ...parts });
  });

  it.each([
    ['ABC123', {}],
    ['2024-02-30PSP-1', {}],
    ['2024-07-26PSPONLY', { date: '2024-07-26' }],
    ['2024-07-26PSP-', { date: '2024-07-26' }],
  ])('does not refuse %s but marks it as not conforming', (iuf, parts) => {
    expect(parseIuf(iuf)).toEqual({ iuf, conforming: false, ...parts });
  });

  it('marks as not conforming an IUF longer than 35 characters even if it has all parts', () => {
    expect(parseIuf('2024-07-26PPAYITR1XXX-S20240726000000000000').conforming).toBe(false);
  });

  it('trims surrounding spaces', () => {
    expect(parseIuf(' 2024-07-26PPAYITR1XXX-S1 ').iuf).toBe('2024-07-26PPAYITR1XXX-S1');
  });
});
