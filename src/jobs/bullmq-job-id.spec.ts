import fc from 'fast-check';
import { fromBullJobId, toBullJobId } from './bullmq-job-id';

// The same two checks BullMQ's Job.validateOptions applies to custom ids.
const bullAccepts = (id: string) => `${parseInt(id, 10)}` !== id && !(id.includes(':') && id.split(':').length !== 3);

describe('BullMQ job id mapping', () => {
  it('leaves an ordinary id (a uuid-based one) unchanged, so it reads the same in a BullMQ dashboard', () => {
    expect(toBullJobId('mail-1f0c2d3e-4b5a-6c7d-8e9f-a0b1c2d3e4f5')).toBe('mail-1f0c2d3e-4b5a-6c7d-8e9f-a0b1c2d3e4f5');
  });

  it('escapes ":" which BullMQ refuses in custom ids', () => {
    expect(toBullJobId('mail:evt-1')).toBe('mail%3Aevt-1');
    expect(fromBullJobId('mail%3Aevt-1')).toBe('mail:evt-1');
  });

  it('marks ids that BullMQ would take for its own integer ids', () => {
    expect(toBullJobId('42')).toBe('%N42');
    expect(toBullJobId('-7')).toBe('%N-7');
    expect(fromBullJobId('%N42')).toBe('42');
  });

  it('keeps a literal "%" distinct from an escape', () => {
    expect(toBullJobId('50%3A')).toBe('50%253A');
    expect(fromBullJobId(toBullJobId('50%3A'))).toBe('50%3A');
    expect(fromBullJobId(toBullJobId('%N1'))).toBe('%N1');
  });

  it('round-trips any id and always yields an id BullMQ accepts', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: fc.constantFrom('%', ':', 'N', '1', '0', '-', 'a', '3', 'A', '2', '5') }), fc.integer().map(String)), (id) => {
        fc.pre(id.length > 0);
        const bull = toBullJobId(id);
        expect(fromBullJobId(bull)).toBe(id);
        expect(bullAccepts(bull)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('maps distinct ids to distinct BullMQ ids', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('%', ':', 'N', '1', '3', 'A', '2', '5') }), fc.string({ unit: fc.constantFrom('%', ':', 'N', '1', '3', 'A', '2', '5') }), (a, b) => {
        fc.pre(a !== b);
        expect(toBullJobId(a)).not.toBe(toBullJobId(b));
      }),
      { numRuns: 2000 },
    );
  });
});
