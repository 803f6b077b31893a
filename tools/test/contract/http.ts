/** Plain HTTP helpers for checking the emulator against the contract table, without n8n. */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { SymblEmulator } from '../../emulator';
import { PART1 } from '../support';

export const MP4 = readFileSync(PART1);

export interface Answer {
	status: number;
	body: unknown;
}

export async function call(
	emulator: SymblEmulator,
	method: string,
	path: string,
	init: { token?: string; body?: Buffer | string; type?: string } = {},
): Promise<Answer> {
	const headers: Record<string, string> = {};
	if (init.token) headers.Authorization = `Bearer ${init.token}`;
	if (init.type) headers['Content-Type'] = init.type;
	const response = await fetch(`${emulator.baseUrl}${path}`, { method, headers, body: init.body });
	const text = await response.text();
	return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

export async function token(emulator: SymblEmulator): Promise<string> {
	const { body } = await call(emulator, 'POST', '/oauth2/token:generate', {
		type: 'application/json',
		body: JSON.stringify({
			type: 'application',
			appId: emulator.appId,
			appSecret: emulator.appSecret,
		}),
	});
	return (body as { accessToken: string }).accessToken;
}

/** POST (new conversation) or PUT (append) one MP4 with the given query parameters. */
export async function upload(
	emulator: SymblEmulator,
	accessToken: string,
	query: Record<string, string> = {},
	conversationId?: string,
): Promise<Answer> {
	const path = conversationId ? `/v1/process/video/${conversationId}` : '/v1/process/video';
	const search = new URLSearchParams(query).toString();
	return await call(
		emulator,
		conversationId ? 'PUT' : 'POST',
		`${path}${search ? `?${search}` : ''}`,
		{
			token: accessToken,
			type: 'video/mp4',
			body: MP4,
		},
	);
}

/** A webhook receiver on loopback that answers 200 and keeps every JSON body. */
export class Receiver {
	readonly bodies: unknown[] = [];

	private server?: Server;

	async start(): Promise<string> {
		this.server = createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (chunk: Buffer) => chunks.push(chunk));
			req.on('end', () => {
				this.bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
				res.writeHead(200).end();
			});
		});
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
		return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
	}

	async stop(): Promise<void> {
		this.server?.closeAllConnections();
		await new Promise<void>((resolve) =>
			this.server ? this.server.close(() => resolve()) : resolve(),
		);
	}
}

/** POST (new conversation) or PUT (append) a JSON body to a URL or text upload call. */
export async function sendJson(
	emulator: SymblEmulator,
	accessToken: string,
	base: string,
	body: unknown,
	conversationId?: string,
): Promise<Answer> {
	return await call(
		emulator,
		conversationId ? 'PUT' : 'POST',
		conversationId ? `${base}/${conversationId}` : base,
		{ token: accessToken, type: 'application/json', body: JSON.stringify(body) },
	);
}
