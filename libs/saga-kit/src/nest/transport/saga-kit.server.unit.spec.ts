import { Module } from '@nestjs/common';
import { POKER_FILES } from '@poker/contracts';
import { pino } from 'pino';
import { MemoryTransport } from '../../adapters/memory/memory-transport';
import { newRoot, rootToString } from '../../messaging/ids';
import { SagaKitRuntime } from '../../runtime/service/saga-kit-runtime';
import { createService } from '../bootstrap/run-service';
import { SagaKitHost } from '../module/saga-kit-host';
import { SagaKitModule } from '../module/saga-kit.module';
import {
  call,
  createTestApp,
  POKER_PROVIDERS,
  reserveSeat,
  type TestApp,
} from '../nest-fixtures.spec';
import { SagaKitServer } from './saga-kit.server';

describe('SagaKitServer (consumers as a Nest microservice)', () => {
  let t: TestApp;

  beforeEach(async () => {
    t = await createTestApp({ consumers: 'microservice', start: false });
  });

  afterEach(async () => {
    await t.close();
  });

  it('starts the consumers when the microservice listens, not on bootstrap, and stops them on close', async () => {
    const { app } = t;
    const host = app.get(SagaKitHost);
    const server = app.get(SagaKitServer);
    expect(server.unwrap()).toBe(app.get(SagaKitRuntime));
    app.connectMicroservice({ strategy: server });
    await app.listen(0, '127.0.0.1');
    const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    expect(host.started).toBe(false);

    const before = await call(`${url}/health`);
    expect(before.status).toBe(503);
    expect(before.body).toMatchObject({
      status: 'error',
      checks: { consumers: 'not started (consumers: microservice)' },
    });

    await app.startAllMicroservices();
    expect(host.started).toBe(true);
    expect((await call(`${url}/health`)).body).toEqual({
      status: 'ok',
      checks: { transport: 'ok', store: 'ok', audit: 'ok', consumers: 'ok' },
    });

    // A flow that only the consumers can finish: the sagas seat the player.
    const table = rootToString(newRoot());
    const player = rootToString(newRoot());
    await reserveSeat(url, { table, player }, { amount: 300, seat: 2 });
    await t.waitForIdle();
    const state = await call(`${url}/aggregates/table/${table}`);
    expect(state.body).toMatchObject({ state: { seats: { [player]: { seat: 2, stack: 300 } } } });

    await app.close();
    expect(host.started).toBe(false);
  });
});

describe('createService', () => {
  it('connects SagaKitServer itself when the module runs its consumers as a microservice', async () => {
    const transport = new MemoryTransport();
    @Module({
      imports: [
        SagaKitModule.forRoot({
          service: 'svc',
          transport,
          registryFiles: POKER_FILES,
          consumers: 'microservice',
          logger: pino({ level: 'silent' }),
          metrics: false,
        }),
      ],
      providers: POKER_PROVIDERS,
    })
    class ServiceModule {}
    const app = await createService(ServiceModule, {
      name: 'svc',
      logger: pino({ level: 'silent' }),
      shutdownHooks: false,
    });
    try {
      expect(app.get(SagaKitHost).started).toBe(true);
    } finally {
      await app.close();
      await transport.close();
    }
  });
});
