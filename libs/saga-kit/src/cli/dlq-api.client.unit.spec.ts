import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cli } from './cli-runner.spec';

describe('saga-kit dlq against something that is not the dlq-worker', () => {
  let server: Server;
  let api: string;
  beforeAll(async () => {
    // A proxy or another web service: HTML whatever the path, an error page or a 200.
    server = createServer((request, response) => {
      response.statusCode = request.url?.startsWith('/api/dead-letters/counts') ? 200 : 502;
      response.setHeader('content-type', 'text/html');
      response.end('<html><body>Bad Gateway</body></html>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('says the answer is not JSON, with its status, and exits 2', async () => {
    const failed = await cli('--api', api, '--token', 'a-token', 'dlq', 'list');
    expect(failed).toMatchObject({ code: 2, out: [] });
    expect(failed.err.join('\n')).toMatch(/502 .*not JSON.*--api/);
    const ok = await cli('--api', api, '--token', 'a-token', 'dlq', 'counts');
    expect(ok).toMatchObject({ code: 2, out: [] });
    expect(ok.err.join('\n')).toMatch(/200 .*not JSON/);
  });

  it('asks for the token before calling the API', async () => {
    const result = await cli('--api', api, 'dlq', 'list');
    expect(result).toMatchObject({ code: 2, err: [expect.stringMatching(/DLQ_API_TOKEN/)] });
  });
});
