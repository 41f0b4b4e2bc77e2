import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cli } from './cli-runner.spec';

describe('saga-kit dlq against a stand-in for the API', () => {
  let server: Server;
  let base: string;
  const requests: string[] = [];
  beforeAll(async () => {
    // Under /json an empty API; under /html a proxy or another web service answering HTML.
    server = createServer((request, response) => {
      const url = request.url ?? '';
      requests.push(url);
      if (url.startsWith('/json/')) {
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify({ total: 0, offset: 0, limit: 50, items: [] }));
        return;
      }
      response.statusCode = url.startsWith('/html/api/dead-letters/counts') ? 200 : 502;
      response.setHeader('content-type', 'text/html');
      response.end('<html><body>Bad Gateway</body></html>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    requests.length = 0;
  });
  const dlq = (api: string, ...args: string[]) =>
    cli('--api', `${base}${api}`, '--token', 'a-token', 'dlq', ...args);

  it('says the answer is not JSON, with its status, and exits 2', async () => {
    const failed = await dlq('/html', 'list');
    expect(failed).toMatchObject({ code: 2, out: [] });
    expect(failed.err.join('\n')).toMatch(/502 .*not JSON.*--api/);
    const ok = await dlq('/html', 'counts');
    expect(ok).toMatchObject({ code: 2, out: [] });
    expect(ok.err.join('\n')).toMatch(/200 .*not JSON/);
  });

  it('asks for the token before calling the API', async () => {
    const result = await cli('--api', `${base}/json`, 'dlq', 'list');
    expect(result).toMatchObject({ code: 2, err: [expect.stringMatching(/DLQ_API_TOKEN/)] });
    expect(requests).toEqual([]);
  });

  it("sends the filter flags as the API's query, times in ISO 8601", async () => {
    const listed = await dlq('/json', 'list', '--domain', 'table', '--from', '2024-01-01');
    expect(listed).toMatchObject({ code: 0, err: ['0 of 0 shown (offset 0)'] });
    expect(requests).toEqual([
      '/json/api/dead-letters?domain=table&from=2024-01-01T00%3A00%3A00.000Z&limit=50&offset=0',
    ]);
  });

  it('refuses a bad filter flag by its name without calling the API', async () => {
    const cases: [string[], RegExp][] = [
      [['list', '--status', 'lost'], /--status must be one of open, replaying/],
      [['replay', '--from', 'yesterday'], /--from must be an ISO 8601 time/],
      [['list', '--domain', 'two words'], /--domain must be 1-200 printable characters/],
      [['replay', '--from', '2024-02-01', '--to', '2024-01-01'], /--from must not be after to/],
    ];
    for (const [args, message] of cases) {
      const result = await dlq('/json', ...args);
      expect({ args, code: result.code }).toEqual({ args, code: 2 });
      expect(result.err.join('\n')).toMatch(message);
    }
    expect(requests).toEqual([]);
  });
});
