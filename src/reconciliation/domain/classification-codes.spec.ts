import { closesPayment, completeCodes, enabledCodes } from './classification-codes';

const ctx = (notificationsEnabled: boolean, treasuryLoaded: boolean) => ({ notificationsEnabled, treasuryLoaded });

describe('which codes close a payment (the position becomes reconciled)', () => {
  it('needs every source the ente uses: the notification where notifications are on, the treasury where it is loaded', () => {
    expect(completeCodes(ctx(true, true))).toEqual(['IUD_RT_IUF_TES']);
    expect(completeCodes(ctx(true, false))).toEqual(['IUD_RT_IUF']);
    expect(completeCodes(ctx(false, true))).toEqual(['RT_IUF_TES', 'RT_TES']);
    expect(completeCodes(ctx(false, false))).toEqual(['RT_IUF']);
  });

  it('a payment in the treasury that the gestionale has not notified is not closed', () => {
    expect(closesPayment(['RT_IUF', 'RT_IUF_TES', 'RT_NO_IUD'], ctx(true, true))).toBe(false);
    expect(closesPayment(['IUD_RT_IUF', 'IUD_RT_IUF_TES', 'RT_IUF', 'RT_IUF_TES'], ctx(true, true))).toBe(true);
  });

  it('a reported payment waiting for its riversamento is not closed where treasury is loaded, and is where it is not', () => {
    expect(closesPayment(['RT_IUF', 'IUF_NO_TES'], ctx(false, true))).toBe(false);
    expect(closesPayment(['RT_IUF'], ctx(false, false))).toBe(true);
    expect(closesPayment(['RT_TES'], ctx(false, true))).toBe(true);
  });

  it('anomalies alone never close a payment', () => {
    for (const c of [ctx(true, true), ctx(false, false)]) expect(closesPayment(['RT_NO_IUF', 'DOPPI'], c)).toBe(false);
  });

  it('every closing code is one the ente can see', () => {
    for (const c of [ctx(true, true), ctx(true, false), ctx(false, true), ctx(false, false)]) for (const code of completeCodes(c)) expect(enabledCodes(c)).toContain(code);
  });
});
