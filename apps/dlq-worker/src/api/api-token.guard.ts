import {
  Inject,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import { DLQ_WORKER_CONFIG, type DlqWorkerConfig } from '../config/dlq-worker.config';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Bearer-token authentication of the API: mutations always need `DLQ_API_TOKEN`; reads too
 * unless `DLQ_AUTH_READS=false`. Compared in constant time; the token is never logged.
 */
@Injectable()
export class ApiTokenGuard implements CanActivate {
  private readonly expected: Buffer;

  constructor(@Inject(DLQ_WORKER_CONFIG) private readonly config: DlqWorkerConfig) {
    this.expected = digest(config.auth.token);
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context
      .switchToHttp()
      .getRequest<{ method: string; headers: { authorization?: string } }>();
    if (READ_METHODS.has(request.method) && !this.config.auth.reads) return true;
    const header = request.headers.authorization ?? '';
    const match = /^Bearer (.+)$/i.exec(header);
    if (!match || !timingSafeEqual(digest(match[1]!.trim()), this.expected)) {
      throw new UnauthorizedException(
        'a valid bearer token is required (Authorization: Bearer <DLQ_API_TOKEN>)',
      );
    }
    return true;
  }
}

// Hashing first gives equal-length buffers, so the comparison reveals nothing about length.
function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
