/**
 * Authentication, as the contract table's `token` row and `tokenCache` rule say:
 * `POST /oauth2/token:generate` hands out one token per app and returns that same token,
 * with its remaining lifetime, until it is near expiry; every other call carries it.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

import type { Reply } from './http';
import { HttpError } from './http';
import type { EmulatorState } from './model';

/** "Near expiry": a cached token with less than this left is replaced by a new one. */
export const TOKEN_RENEWAL_MARGIN_SECONDS = 60;

export function generateToken(state: EmulatorState, body: Record<string, unknown>): Reply {
	const { appId, appSecret, tokenLifetimeSeconds } = state.options;
	if (body.type !== 'application' || body.appId !== appId || body.appSecret !== appSecret) {
		throw new HttpError(401, 'Unauthorized: invalid appId or appSecret');
	}
	const [cached, expiresAt] = [...state.tokens].at(-1) ?? [];
	const remainingSeconds =
		expiresAt === undefined ? 0 : Math.floor((expiresAt - Date.now()) / 1000);
	if (cached && remainingSeconds > TOKEN_RENEWAL_MARGIN_SECONDS) {
		return { status: 200, body: { accessToken: cached, expiresIn: remainingSeconds } };
	}
	const accessToken = `emu.${randomBytes(24).toString('base64url')}`;
	state.tokens.set(accessToken, Date.now() + tokenLifetimeSeconds * 1000);
	return { status: 200, body: { accessToken, expiresIn: tokenLifetimeSeconds } };
}

/** Accepts `Authorization: Bearer <token>` and the deprecated `x-api-key: <token>`. */
export function authenticate(state: EmulatorState, req: IncomingMessage): void {
	const header = req.headers.authorization;
	const token =
		typeof header === 'string' && header.startsWith('Bearer ')
			? header.slice('Bearer '.length)
			: (req.headers['x-api-key'] as string | undefined);
	const expiresAt = token ? state.tokens.get(token) : undefined;
	if (expiresAt === undefined)
		throw new HttpError(401, 'Token validation failed for provided token.');
	if (expiresAt <= Date.now()) throw new HttpError(401, 'Token has expired');
}
