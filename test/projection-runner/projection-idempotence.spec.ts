import type { Projection } from '../../src/read-store/projection';
import { expectIdempotent, recorded } from '../helpers/projection-idempotence';
import { guardedStreamCounts, streamCounts, type StreamCount } from './toy-projections';

const log = () => [
  recorded('Counted', {}, { streamId: 'a' }),
  recorded('Counted', {}, { streamId: 'b' }),
  recorded('Counted', {}, { streamId: 'a' }),
  recorded('Removed', {}, { streamId: 'b' }),
  recorded('Ignored', {}, { streamId: 'a' }),
  recorded('Counted', {}, { streamId: 'b' }),
];

describe('expectIdempotent', () => {
  it('passes a projection that ignores a redelivered event, and returns its documents', () => {
    const docs = expectIdempotent(guardedStreamCounts, log());
    expect(Object.fromEntries(Object.entries(docs.guarded_stream_counts).map(([id, d]) => [id, d.count]))).toEqual({ a: 2, b: 1 });
  });

  it('catches a projection that counts a redelivered event twice', () => {
    expect(() => expectIdempotent(streamCounts, log())).toThrow();
  });

  it('catches an evolve that mutates the document it is given', () => {
    const mutating: Projection<StreamCount> = {
      ...guardedStreamCounts,
      evolve(c, doc, e, id) {
        if (doc && BigInt(doc.lastPosition) >= e.position) return undefined;
        if (doc) {
          doc.count += 1;
          doc.lastPosition = e.position.toString();
          return doc;
        }
        return guardedStreamCounts.evolve(c, doc, e, id);
      },
    };
    expect(() => expectIdempotent(mutating, log())).toThrow(/mutated the document/);
  });

  it('catches a document the stores could not keep as it is (a Date object)', () => {
    const dated: Projection = {
      ...guardedStreamCounts,
      evolve: (c, doc, e, id) => {
        const next = guardedStreamCounts.evolve(c, doc, e, id);
        return next ? { ...next, at: new Date(0) } : next;
      },
    };
    expect(() => expectIdempotent(dated, log())).toThrow();
  });

  it('catches a document whose declared field holds the wrong type', () => {
    const wrong: Projection = {
      ...guardedStreamCounts,
      evolve: (c, doc, e, id) => {
        const next = guardedStreamCounts.evolve(c, doc, e, id);
        return next ? { ...next, count: String(next.count) } : next;
      },
    };
    expect(() => expectIdempotent(wrong, [recorded('Counted', {}, { streamId: 'a' })])).toThrow(/declared number/);
  });
});
