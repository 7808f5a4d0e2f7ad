import { randomBytes } from 'node:crypto';
import { ApiError } from './ApiError.js';
import { isJsonObject } from './JsonValues.js';

const UNAUTHORIZED_HEADERS = { 'WWW-Authenticate': 'acsjwt' };

function base64url(value: string | Buffer): string {
  return Buffer.from(value).toString('base64url');
}

/** DC/OS IAM stand-in: issues tokens for the configured credentials and checks them on requests. */
export class AuthService {
  private readonly tokens = new Set<string>();

  constructor(
    private readonly user: string,
    private readonly password: string,
    readonly required: boolean,
  ) {}

  /** POST /acs/api/v1/auth/login: `{uid, password}` (AuthEE) or `{token}` (AuthOpen). */
  login(body: unknown): string {
    if (isJsonObject(body)) {
      if (typeof body.uid === 'string' && typeof body.password === 'string') {
        if (body.uid === this.user && body.password === this.password) return this.issue(body.uid);
        throw AuthService.unauthorized('Login failed: the uid/password combination is invalid.');
      }
      if (typeof body.token === 'string' && body.token !== '') return this.issue('open-login');
    }
    throw AuthService.unauthorized('Login failed: expected {"uid", "password"} or {"token"}.');
  }

  /** The header must be `token=<token this service issued>`, as DC/OS Admin Router expects. */
  assertAuthorized(authorization: string | undefined): void {
    const match = /^token=(.+)$/.exec(authorization?.trim() ?? '');
    if (match?.[1] !== undefined && this.tokens.has(match[1])) return;
    throw AuthService.unauthorized(
      authorization ? 'The authentication token is invalid.' : 'Please provide an authentication token (Authorization: token=...).',
    );
  }

  private issue(uid: string): string {
    const now = Math.floor(Date.now() / 1000);
    const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const payload = base64url(JSON.stringify({ uid, iat: now, exp: now + 5 * 24 * 3600 }));
    const token = `${header}.${payload}.${base64url(randomBytes(32))}`;
    this.tokens.add(token);
    return token;
  }

  private static unauthorized(description: string): ApiError {
    return new ApiError(401, { title: 'Unauthorized', description, code: 'ERR_INVALID_CREDENTIALS' }, UNAUTHORIZED_HEADERS);
  }
}
