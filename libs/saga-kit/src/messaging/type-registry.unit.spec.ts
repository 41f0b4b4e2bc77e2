import { create } from '@bufbuild/protobuf';
import { anyPack } from '@bufbuild/protobuf/wkt';
import { BetPlacedSchema, POKER_FILES, PlayerSatOutSchema } from '@poker/contracts';
import { PoisonMessageError, isPoisonMessageError } from '../errors';
import { CoverSchema, RejectionNotificationSchema } from '../gen/sagakit/v1/envelope_pb';
import { newRoot } from './ids';
import { TypeRegistry, shortTypeName, typeNameOf } from './type-registry';

describe('TypeRegistry', () => {
  const registry = new TypeRegistry(...POKER_FILES);

  it('packs and unpacks a domain message by type URL', () => {
    const bet = create(BetPlacedSchema, { playerId: newRoot(), amount: 50 });
    const any = registry.pack(BetPlacedSchema, bet);
    expect(any.typeUrl).toBe('type.googleapis.com/poker.v1.BetPlaced');
    const back = registry.unpack(any);
    expect(back.$typeName).toBe('poker.v1.BetPlaced');
    expect(registry.unpackAs(any, BetPlacedSchema).amount).toBe(50);
  });

  it('knows the framework types without registering them', () => {
    expect(registry.schema('sagakit.v1.RejectionNotification')).toBe(RejectionNotificationSchema);
  });

  it('rejects an unknown type URL as poison naming the type', () => {
    const bare = new TypeRegistry();
    const any = anyPack(PlayerSatOutSchema, create(PlayerSatOutSchema, { reason: 'x' }));
    let error: unknown;
    try {
      bare.unpack(any);
    } catch (e) {
      error = e;
    }
    expect(isPoisonMessageError(error)).toBe(true);
    expect((error as { reason: string }).reason).toBe('unknown_type');
    expect((error as Error).message).toContain('poker.v1.PlayerSatOut');
  });

  it('rejects malformed bytes as undecodable poison', () => {
    const any = {
      ...registry.pack(CoverSchema, create(CoverSchema, {})),
      value: new Uint8Array([0xff, 0xff, 0xff]),
    };
    expect(() => registry.unpack(any)).toThrow(PoisonMessageError);
    expect(() => registry.unpack(any)).toThrow(
      /cannot decode payload of type\.googleapis\.com\/sagakit\.v1\.Cover/,
    );
  });

  it('rejects an Any of another type than expected', () => {
    const any = registry.pack(CoverSchema, create(CoverSchema, { domain: 'hand' }));
    expect(() => registry.unpackAs(any, BetPlacedSchema)).toThrow(/expected poker\.v1\.BetPlaced/);
  });

  it('renders an Any as JSON with its @type, and unknown types as base64', () => {
    const any = registry.pack(BetPlacedSchema, create(BetPlacedSchema, { amount: 7 }));
    expect(registry.anyToJson(any)).toEqual({ '@type': any.typeUrl, amount: 7 });
    expect(new TypeRegistry().anyToJson(any)).toEqual({
      '@type': any.typeUrl,
      value: Buffer.from(any.value).toString('base64'),
    });
  });

  it('derives type names from URLs', () => {
    expect(typeNameOf('type.googleapis.com/poker.v1.Fold')).toBe('poker.v1.Fold');
    expect(shortTypeName('type.googleapis.com/poker.v1.Fold')).toBe('Fold');
    expect(shortTypeName('Fold')).toBe('Fold');
  });
});
