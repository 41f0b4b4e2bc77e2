import { create, type DescMessage, type MessageShape } from '@bufbuild/protobuf';
import { anyPack, anyUnpack } from '@bufbuild/protobuf/wkt';
import { BetPlacedSchema, BetRevertedSchema } from '@poker/contracts';
import { EventPageSchema, type EventPage } from '../../gen/sagakit/v1/envelope_pb';
import { CompensateSchema, NoOpSchema, RevocationSchema } from '../../gen/sagakit/v1/failure_pb';
import { applyReadTimeTransforms, revokesAtOrBefore } from './read-time-transforms';

function page<D extends DescMessage>(
  sequence: number,
  schema: D,
  event: MessageShape<D>,
): EventPage {
  return create(EventPageSchema, {
    sequence: BigInt(sequence),
    event: anyPack(schema, event),
    eventId: `e${sequence}`,
  });
}

const bet = (amount: number) => create(BetPlacedSchema, { amount });
const revocation = (sequences: number[], reason: string) =>
  create(RevocationSchema, { sequences: sequences.map(BigInt), reason });
const compensate = (sequences: number[], reason: string) =>
  create(CompensateSchema, { sequences: sequences.map(BigInt), reason });

function readAs(p: EventPage | undefined): {
  type: string;
  noOp?: { original: number; reason: string };
} {
  if (!p?.event) throw new Error('page without event');
  const noOp = anyUnpack(p.event, NoOpSchema);
  return noOp
    ? { type: 'NoOp', noOp: { original: Number(noOp.originalSequence), reason: noOp.reason } }
    : { type: p.event.typeUrl.split('.').pop() ?? '' };
}

describe('applyReadTimeTransforms', () => {
  it('leaves a stream without markers untouched', () => {
    const pages = [page(0, BetPlacedSchema, bet(10)), page(1, BetPlacedSchema, bet(20))];
    const view = applyReadTimeTransforms(pages);
    expect(view.pages).toEqual(pages);
    expect([...view.revoked]).toEqual([]);
  });

  it('reads revoked events and the revocation marker as NoOp with the original sequence and reason', () => {
    const view = applyReadTimeTransforms([
      page(0, BetPlacedSchema, bet(10)),
      page(1, BetPlacedSchema, bet(20)),
      page(2, BetRevertedSchema, create(BetRevertedSchema, { amount: 5 })),
      page(3, RevocationSchema, revocation([0, 1], 'deadline_expired')),
    ]);
    expect(view.pages.map(readAs)).toEqual([
      { type: 'NoOp', noOp: { original: 0, reason: 'deadline_expired' } },
      { type: 'NoOp', noOp: { original: 1, reason: 'deadline_expired' } },
      { type: 'BetReverted' },
      { type: 'NoOp', noOp: { original: 3, reason: 'deadline_expired' } },
    ]);
    expect([...view.revoked].sort()).toEqual([0, 1]);
    expect([...view.markers]).toEqual([3]);
    // Page metadata survives so the audit trail can still point at the event.
    expect(view.pages[0]?.eventId).toBe('e0');
    expect(view.pages[0]?.sequence).toBe(0n);
  });

  it('keeps compensated events visible and reads only the Compensate marker as NoOp', () => {
    const view = applyReadTimeTransforms([
      page(0, BetPlacedSchema, bet(10)),
      page(1, CompensateSchema, compensate([0], 'operator')),
    ]);
    expect(view.pages.map(readAs)).toEqual([
      { type: 'BetPlaced' },
      { type: 'NoOp', noOp: { original: 1, reason: 'operator' } },
    ]);
    expect([...view.compensated]).toEqual([0]);
    expect([...view.revoked]).toEqual([]);
  });

  it('ignores marker targets that are later events or other markers', () => {
    const view = applyReadTimeTransforms([
      page(0, BetPlacedSchema, bet(10)),
      page(1, CompensateSchema, compensate([0], 'partial')),
      page(2, RevocationSchema, revocation([1, 3], 'bad request')),
      page(3, BetPlacedSchema, bet(30)),
    ]);
    expect(view.pages.map((p) => readAs(p).type)).toEqual([
      'BetPlaced',
      'NoOp',
      'NoOp',
      'BetPlaced',
    ]);
    expect([...view.revoked]).toEqual([]);
  });

  it('keeps the first reason when two revocations name one event', () => {
    const view = applyReadTimeTransforms([
      page(0, BetPlacedSchema, bet(10)),
      page(1, RevocationSchema, revocation([0], 'first')),
      page(2, RevocationSchema, revocation([0], 'second')),
    ]);
    expect(readAs(view.pages[0])).toEqual({ type: 'NoOp', noOp: { original: 0, reason: 'first' } });
  });

  it('is pure: the input pages are not changed', () => {
    const pages = [
      page(0, BetPlacedSchema, bet(10)),
      page(1, RevocationSchema, revocation([0], 'r')),
    ];
    const before = structuredClone(pages);
    applyReadTimeTransforms(pages);
    expect(pages).toEqual(before);
  });
});

describe('revokesAtOrBefore', () => {
  const pagesAfterSnapshot = [
    page(5, BetPlacedSchema, bet(10)),
    page(6, RevocationSchema, revocation([3], 'deadline_expired')),
  ];

  it('is true when a revocation after a snapshot names an event the snapshot folded in', () => {
    expect(revokesAtOrBefore(pagesAfterSnapshot, 4)).toBe(true);
  });

  it('is false when revoked events all come after the snapshot', () => {
    expect(revokesAtOrBefore(pagesAfterSnapshot, 2)).toBe(false);
    expect(revokesAtOrBefore([page(5, BetPlacedSchema, bet(1))], 4)).toBe(false);
  });
});
