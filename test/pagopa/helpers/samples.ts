import { buildIuv, numeroAvvisoFromIuv } from '../../../src/kernel/identifiers';
import type { ReceiptSubject } from '../../../src/pagopa/receipt';
import type { Rt62Input } from '../../../src/pagopa/rt62/rt62-builder';
import type { PaymentPositionData } from '../../../src/pagopa/soap/payment-data';
import type { ReceiptInput, SendRtRequestInput } from '../../../src/pagopa/soap/receipt-writer';

/** Test data with real check digits: IUV 01 + base 13 + mod-93 digits, notice number 3 + IUV. */
export const ENTE_CF = '80012345678';
export const OTHER_ENTE_CF = '80098765432';
export const BROKER_CF = '15376371009';
export const STATION = '15376371009_01';
export const IUV = buildIuv('01', '2345678901234');
export const NOTICE_NUMBER = numeroAvvisoFromIuv(IUV);
/** 18 digits, aux 3, check digits off by one: XSD-valid, but no position can have it. */
export const WRONG_CHECK_NOTICE = NOTICE_NUMBER.slice(0, 16) + String((Number(NOTICE_NUMBER.slice(16)) + 1) % 93).padStart(2, '0');

export const station = { idPA: ENTE_CF, idBrokerPA: BROKER_CF, idStation: STATION };

export const debtor: ReceiptSubject = {
  uniqueIdentifierType: 'F',
  uniqueIdentifierValue: 'RSSMRA80A01H501U',
  fullName: 'Mario Rossi',
  streetName: 'Via Roma',
  civicNumber: '1',
  postalCode: '20100',
  city: 'Milano',
  stateProvinceRegion: 'MI',
  country: 'IT',
  email: 'mario.rossi@example.it',
};

/** TARI of 147.92: 120.00 to the comune, 27.92 to the province (multi-beneficiary). */
export function position(overrides: Partial<PaymentPositionData> = {}): PaymentPositionData {
  return {
    creditorReferenceId: IUV,
    paymentAmount: 14792,
    dueDate: '2025-06-30',
    description: 'TARI 2025 rata unica',
    companyName: 'Comune di Esempio',
    officeName: 'Ufficio Tributi',
    debtor,
    transfers: [
      {
        idTransfer: 1,
        amount: 12000,
        fiscalCodePA: ENTE_CF,
        companyName: 'Comune di Esempio',
        iban: 'IT60X0542811101000000123456',
        remittanceInformation: `/RFB/${IUV}/147.92/TXT/TARI 2025`,
        transferCategory: '9/0101101IM/',
        datiSpecificiRiscossione: '9/0101101IM/',
      },
      {
        idTransfer: 2,
        amount: 2792,
        fiscalCodePA: OTHER_ENTE_CF,
        companyName: 'Provincia di Esempio',
        iban: 'IT02L1234512345123456789012',
        remittanceInformation: 'TEFA 2025',
        transferCategory: '9/0201102IM/',
        metadata: [{ key: 'capitolo', value: '1234' }],
      },
    ],
    ...overrides,
  };
}

export function receiptInput(overrides: Partial<ReceiptInput> = {}): ReceiptInput {
  return {
    receiptId: 'a0fffc676950472c94ca8e1456dc7b03',
    noticeNumber: NOTICE_NUMBER,
    fiscalCode: ENTE_CF,
    outcome: 'OK',
    creditorReferenceId: IUV,
    paymentAmount: 14792,
    description: 'TARI 2025 rata unica',
    companyName: 'Comune di Esempio',
    debtor,
    transfers: [
      {
        idTransfer: 1,
        amount: 12000,
        fiscalCodePA: ENTE_CF,
        companyName: 'Comune di Esempio',
        iban: 'IT60X0542811101000000123456',
        remittanceInformation: `/RFB/${IUV}/147.92/TXT/TARI 2025`,
        transferCategory: '9/0101101IM/',
        datiSpecificiRiscossione: '9/0101101IM/',
      },
      {
        idTransfer: 2,
        amount: 2792,
        fiscalCodePA: OTHER_ENTE_CF,
        companyName: 'Provincia di Esempio',
        iban: 'IT02L1234512345123456789012',
        remittanceInformation: 'TEFA 2025',
        transferCategory: '9/0201102IM/',
      },
    ],
    idPSP: 'BCITITMM',
    pspFiscalCode: '00799960158',
    pspCompanyName: 'Intesa Sanpaolo S.p.A.',
    idChannel: '00799960158_01',
    channelDescription: 'app',
    payer: debtor,
    paymentMethod: 'creditCard',
    paymentNote: 'nota',
    fee: 100,
    primaryCiIncurredFee: 20,
    idBundle: 'bundle-1',
    idCiBundle: 'ci-bundle-1',
    paymentDateTime: '2025-03-10T10:15:00',
    applicationDate: '2025-03-10',
    transferDate: '2025-03-11',
    metadata: [{ key: 'canale', value: 'IO' }],
    standIn: false,
    ...overrides,
  };
}

export const sendRtInput = (receipt: Partial<ReceiptInput> = {}): SendRtRequestInput => ({ ...station, receipt: receiptInput(receipt) });

/** V1 receipts have no beneficiary names, bundles, payment note or ente fee. */
export const sendRtV1Input = (receipt: Partial<ReceiptInput> = {}): SendRtRequestInput => {
  const input = sendRtInput(receipt);
  const { paymentNote: _n, primaryCiIncurredFee: _f, idBundle: _b, idCiBundle: _c, ...v1 } = input.receipt;
  return { ...input, receipt: { ...v1, transfers: v1.transfers.map(({ companyName: _x, ...t }) => t) } };
};

export function rt62Input(overrides: Partial<Rt62Input> = {}): Rt62Input {
  return {
    identificativoDominio: ENTE_CF,
    identificativoStazioneRichiedente: STATION,
    identificativoMessaggioRicevuta: 'RT-2019-000123',
    dataOraMessaggioRicevuta: '2019-07-15T10:20:30',
    riferimentoMessaggioRichiesta: 'RPT-2019-000123',
    riferimentoDataRichiesta: '2019-07-15',
    istitutoAttestante: { tipo: 'B', codice: 'BCITITMM', denominazione: 'Intesa Sanpaolo S.p.A.' },
    enteBeneficiario: { denominazione: 'Comune di Esempio', denomUnitOper: 'Ufficio Tributi' },
    soggettoVersante: { tipo: 'F', codice: 'VRDGPP70B02F205X', anagrafica: 'Giuseppe Verdi', email: 'giuseppe.verdi@example.it' },
    soggettoPagatore: { tipo: 'F', codice: 'RSSMRA80A01H501U', anagrafica: 'Mario Rossi', indirizzo: 'Via Roma', civico: '1', cap: '20100', localita: 'Milano', provincia: 'MI', nazione: 'IT' },
    codiceEsitoPagamento: '0',
    iuv: '000123456789012',
    codiceContestoPagamento: 'n/a',
    pagamenti: [
      { importo: 10000, esito: 'ESEGUITO', dataEsito: '2019-07-15', iur: 'IUR-0001', causale: '/RFB/000123456789012/150.00/TXT/TARI', datiSpecificiRiscossione: '9/0101101IM/', commissioniApplicatePSP: 150 },
      { importo: 5000, esito: 'ESEGUITO', dataEsito: '2019-07-15', iur: 'IUR-0002', causale: 'Addizionale provinciale', datiSpecificiRiscossione: '9/0201102IM/', commissioniApplicatePSP: 50 },
    ],
    ...overrides,
  };
}
