import { codiceFiscaleCheckCharacter } from '../kernel/identifiers/codice-fiscale';

/** What `quadra demo` puts in an empty Quadra: fictional, but every identifier carries valid check characters. */
export const DEMO_ENTE = {
  codIpa: 'c_demo',
  cfEnte: '02438750586',
  denominazione: 'Comune di Quadra (demo)',
  segregationCode: '01',
  idStazione: '02438750586_01',
  idIntermediario: '02438750586',
  email: 'tributi@comune-demo.example.it',
};
export const DEMO_IBAN = 'IT60X0542811101000000123456';
export const DEMO_OPERATOR = { username: 'demo', password: 'quadra-demo-2026', roles: ['admin', 'operatore'] };

export const DEMO_TIPI = [
  { codTipo: 'TARI', body: { descrizione: 'Tassa rifiuti (TARI)', iban: DEMO_IBAN, tassonomia: '0101100IM' } },
  { codTipo: 'CIMITERO', body: { descrizione: 'Lampade votive', iban: DEMO_IBAN, tassonomia: '0101100IM' } },
  {
    codTipo: 'MENSA',
    body: {
      descrizione: 'Mensa scolastica',
      iban: DEMO_IBAN,
      tassonomia: '0101100IM',
      spontaneous: true,
      campi: [
        { name: 'alunno', label: 'Nome e cognome alunno', type: 'text', required: true, maxLength: 40 },
        { name: 'scuola', label: 'Scuola', type: 'select', required: true, options: ['Primaria Rodari', 'Primaria Montessori', 'Secondaria Fermi'] },
        { name: 'mese', label: 'Mese', type: 'select', required: true, options: ['settembre', 'ottobre', 'novembre', 'dicembre', 'gennaio', 'febbraio', 'marzo', 'aprile', 'maggio', 'giugno'] },
      ],
      causaleTemplate: 'Mensa {mese} {alunno}',
    },
  },
  { codTipo: 'ZTL', body: { descrizione: 'Permesso ZTL giornaliero', iban: DEMO_IBAN, tassonomia: '0101100IM', spontaneous: true, importoFisso: '5.00' } },
];

const SURNAMES = ['Rossi', 'Bianchi', 'Verdi', 'Esposito', 'Colombo', 'Ricci', 'Marino', 'Greco', 'Bruno', 'Gallo', 'Conti', 'De Luca'];
const NAMES = ['Mario', 'Giulia', 'Luca', 'Francesca', 'Marco', 'Chiara', 'Andrea', 'Sara', 'Paolo', 'Elena'];
const MONTHS = 'ABCDEHLMPRST';

/** Payer i of the demo: a deterministic, valid codice fiscale and a name. */
export function demoPayer(i: number): { tipo: 'F'; codiceIdentificativo: string; anagrafica: string; email?: string } {
  const surname = SURNAMES[i % SURNAMES.length];
  const name = NAMES[Math.floor(i / SURNAMES.length) % NAMES.length];
  const cons = (s: string) => s.toUpperCase().replace(/[^A-Z]/g, '').replace(/[AEIOU]/g, '');
  const code = (s: string) => (cons(s) + s.toUpperCase().replace(/[^AEIOU]/g, '') + 'XXX').slice(0, 3);
  const first15 = `${code(surname)}${code(name)}${String(60 + (i % 40)).padStart(2, '0')}${MONTHS[i % 12]}${String((i % 28) + 1).padStart(2, '0')}H501`;
  return { tipo: 'F', codiceIdentificativo: first15 + codiceFiscaleCheckCharacter(first15), anagrafica: `${surname} ${name}`, ...(i % 3 === 0 && { email: `${name}.${surname}@example.it`.toLowerCase().replace(/\s/g, '') }) };
}
