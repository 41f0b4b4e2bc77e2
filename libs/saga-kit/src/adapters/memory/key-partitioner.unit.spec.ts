import { Partitioners, type PartitionerArgs } from 'kafkajs';
import { murmur2, partitionForKey } from './key-partitioner';

describe('partitionForKey', () => {
  // kafkajs' default partitioner is the Java client's murmur2: the memory transport must agree.
  const kafkajs = Partitioners.DefaultPartitioner();
  const kafkaPartition = (key: string, count: number): number => {
    const partitionMetadata = Array.from({ length: count }, (_, partitionId) => ({
      partitionId,
      leader: 0,
      partitionErrorCode: 0,
      replicas: [0],
      isr: [0],
    }));
    const args: PartitionerArgs = { topic: 't', partitionMetadata, message: { key, value: null } };
    return kafkajs(args);
  };

  it('matches the Kafka default partitioner for keys of every length', () => {
    const keys = [
      '',
      'a',
      'ab',
      'abc',
      'abcd',
      'abcde',
      'é',
      '2f1c0c5e-3a0e-4c8e-9b1e-5d2f6a7b8c9d',
    ];
    for (let i = 0; i < 200; i++) keys.push(`key-${i}-${'x'.repeat(i % 7)}`);
    for (const count of [1, 3, 4, 12]) {
      for (const key of keys) expect(partitionForKey(key, count)).toBe(kafkaPartition(key, count));
    }
  });

  it('is stable and spreads keys over every partition', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 100; i++) {
      const p = partitionForKey(`root-${i}`, 4);
      expect(partitionForKey(`root-${i}`, 4)).toBe(p);
      seen.add(p);
    }
    expect([...seen].sort()).toEqual([0, 1, 2, 3]);
  });

  it('hashes known vectors like the Java client', () => {
    // Values from Kafka's UtilsTest.testMurmur2.
    expect(murmur2(Buffer.from('21'))).toBe(-973932308);
    expect(murmur2(Buffer.from('foobar'))).toBe(-790332482);
    expect(murmur2(Buffer.from('a-little-bit-long-string'))).toBe(-985981536);
    expect(murmur2(Buffer.from('a-little-bit-longer-string'))).toBe(-1486304829);
    expect(murmur2(Buffer.from('lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8'))).toBe(
      -58897971,
    );
    expect(murmur2(Buffer.from('abc'))).toBe(479470107);
  });
});
