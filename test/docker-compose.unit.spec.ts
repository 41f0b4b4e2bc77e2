import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseDocument } from 'yaml';

const ROOT = resolve(__dirname, '..');
const APPS = [
  { name: 'hand', port: 3001 },
  { name: 'table', port: 3002 },
  { name: 'player', port: 3003 },
  { name: 'dlq-worker', port: 3004 },
];

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function loadCompose(): Json {
  const doc = parseDocument(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'));
  const problems = [...doc.errors, ...doc.warnings].map((problem) => problem.message);
  if (problems.length > 0) throw new Error(`docker-compose.yml: ${problems.join('; ')}`);
  const compose: unknown = doc.toJS();
  if (!isRecord(compose)) throw new Error('docker-compose.yml is not a mapping');
  return compose;
}

function service(compose: Json, name: string): Json {
  const found = isRecord(compose['services']) ? compose['services'][name] : undefined;
  if (!isRecord(found)) throw new Error(`docker-compose.yml has no service "${name}"`);
  return found;
}

/** Environment in either compose form (`KEY: value` or `- KEY=value`), as strings. */
function environment(svc: Json): Record<string, string> {
  const env = svc['environment'];
  if (Array.isArray(env)) {
    return Object.fromEntries(
      strings(env).map((entry) => [entry.split('=')[0]!, entry.slice(entry.indexOf('=') + 1)]),
    );
  }
  return isRecord(env)
    ? Object.fromEntries(Object.entries(env).map(([key, value]) => [key, String(value)]))
    : {};
}

/** The healthcheck command as one string, whatever its form. */
function healthcheckCommand(svc: Json): string {
  const check = svc['healthcheck'];
  if (!isRecord(check)) return '';
  return strings(check['test']).join(' ');
}

/** Published ports as `host:container`, from the short or the long syntax. */
function ports(svc: Json): string[] {
  const list = Array.isArray(svc['ports']) ? (svc['ports'] as unknown[]) : [];
  return list.map((port) =>
    isRecord(port) ? `${String(port['published'])}:${String(port['target'])}` : String(port),
  );
}

/** Every string value in the file, to look for accidental `${...}` interpolation. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  return isRecord(value) ? Object.values(value).flatMap(strings) : [];
}

describe('docker-compose.yml', () => {
  const compose = loadCompose();
  const names = Object.keys(isRecord(compose['services']) ? compose['services'] : {});

  it('defines the infrastructure and every service', () => {
    expect(names.sort()).toEqual(['kafka', 'redis', ...APPS.map((app) => app.name)].sort());
  });

  it.each(names)('%s has an image or a build, and a healthcheck', (name) => {
    const svc = service(compose, name);

    expect(svc['image'] ?? svc['build']).toBeDefined();
    expect(healthcheckCommand(svc)).not.toBe('');
  });

  it('runs Kafka as a single KRaft node reachable from the services and the host', () => {
    const kafka = service(compose, 'kafka');
    const env = environment(kafka);

    expect(String(kafka['image'])).toMatch(/^(apache\/kafka|bitnami\/kafka):/);
    expect(env['KAFKA_PROCESS_ROLES'] ?? env['KAFKA_CFG_PROCESS_ROLES']).toMatch(/controller/);
    expect(env['KAFKA_ADVERTISED_LISTENERS'] ?? '').toContain('kafka:9092');
  });

  it('runs Redis 7 with AOF persistence on a volume', () => {
    const redis = service(compose, 'redis');

    expect(String(redis['image'])).toMatch(/^redis:7/);
    expect(strings(redis['command']).join(' ')).toMatch(/--appendonly yes/);
    expect(strings(redis['volumes']).some((volume) => volume.endsWith(':/data'))).toBe(true);
    expect(healthcheckCommand(redis)).toMatch(/redis-cli.*ping/);
  });

  it.each(APPS)('$name is built from the Dockerfile and published on $port', ({ name, port }) => {
    const svc = service(compose, name);
    const build = svc['build'];

    expect(isRecord(build) && build['args']).toMatchObject({ APP: name });
    expect(ports(svc)).toContain(`${port}:${port}`);
    expect(environment(svc)).toMatchObject({
      PORT: String(port),
      KAFKA_BROKERS: 'kafka:9092',
      REDIS_URL: 'redis://redis:6379',
    });
  });

  it.each(APPS)(
    '$name starts after Kafka and Redis are healthy, and checks /health',
    ({ name }) => {
      const svc = service(compose, name);

      expect(svc['depends_on']).toEqual({
        kafka: { condition: 'service_healthy' },
        redis: { condition: 'service_healthy' },
      });
      expect(healthcheckCommand(svc)).toContain('/health');
    },
  );

  it('interpolates only the secrets meant to come from the environment, each with a default', () => {
    // Operators override these two with their own values; anything else would be an accident.
    const intended = /^\$\{(DLQ_API_TOKEN|ESCALATION_WEBHOOK_SECRET):-[^}]+\}$/;
    const interpolated = strings(compose).filter((value) => /(^|[^$])\$\{/.test(value));

    expect(interpolated.filter((value) => !intended.test(value))).toEqual([]);
    expect(interpolated.length).toBeGreaterThan(0);
  });

  it('has a Dockerfile that selects the service with the APP build argument', () => {
    const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');

    expect(existsSync(join(ROOT, '.dockerignore'))).toBe(true);
    expect(dockerfile).toMatch(/^ARG APP\b/m);
    expect(dockerfile).toMatch(/RUN npm ci\b/);
    expect(dockerfile).toMatch(/RUN npm run build\b/);
    expect(dockerfile).toMatch(/dist\/apps\/\$\{APP\}\//);
  });
});
