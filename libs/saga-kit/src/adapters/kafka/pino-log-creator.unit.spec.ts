import { describe, expect, it } from '@jest/globals';
import { logLevel } from 'kafkajs';
import pino from 'pino';
import { kafkaLogLevelFor, pinoLogCreator } from './pino-log-creator';

describe('kafkajs logs through pino', () => {
  it('writes a kafkajs entry as a structured record at the matching level', () => {
    const lines: Array<Record<string, unknown>> = [];
    const logger = pino(
      { level: 'debug' },
      { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
    );
    const log = pinoLogCreator(logger)(logLevel.DEBUG);

    log({
      namespace: 'Consumer',
      level: logLevel.WARN,
      label: 'WARN',
      log: { timestamp: 't', logger: 'kafkajs', message: 'Crash', groupId: 'g', level: 'x' },
    });

    expect(lines).toEqual([
      expect.objectContaining({
        level: 40,
        msg: 'Crash',
        component: 'kafkajs',
        namespace: 'Consumer',
        groupId: 'g',
      }),
    ]);
    expect(lines[0]).not.toHaveProperty('timestamp');
  });

  it("asks kafkajs only for what the logger's level lets through", () => {
    expect(kafkaLogLevelFor(pino({ level: 'silent' }))).toBe(logLevel.NOTHING);
    expect(kafkaLogLevelFor(pino({ level: 'warn' }))).toBe(logLevel.WARN);
    expect(kafkaLogLevelFor(pino({ level: 'debug' }))).toBe(logLevel.DEBUG);
  });
});
