/** Authentication: `POST /oauth2/token:generate` and the bearer token every other call carries. */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

import type { Reply } from './http';
import { HttpError } from './http';
import type { EmulatorState } from './model';

export function generateToken(state: EmulatorState, body: Record<string, unknown>): Reply {
	const { appId, appSecret, tokenLifetimeSeconds } = state.options;
	if (body.type !== 'application' || body.appId !== appId || body.appSecret !== appSecret) {
		throw new HttpError(401, 'Unauthorized: invalid appId or appSecret');
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
	if (expiresAt === undefined) throw new HttpError(401, 'Token is missing or invalid');
	if (expiresAt <= Date.now()) throw new HttpError(401, 'Token has expired');
}
