/**
 * A file server on loopback standing in for the storage a URL upload points Symbl at (an S3 or GCS
 * signed URL): the emulator downloads the recordings of Submit/Append Video URL and Audio URL from
 * it. Used by the real-n8n e2e (real-n8n.sh starts it) and by the emulator's contract tests.
 *   GET /files/NAME?X-Amz-Signature=SIG&X-Amz-Expires=…  the file ROOT/NAME, as a signed URL
 *       serves it: 403 (S3's XML error) unless the query carries the signature; 404 if absent
 *   GET /html/NAME                                        200 with an HTML page, as a share link
 *       that leads to a web page instead of the file does
 * Every request is recorded (and, from the CLI, printed as one JSON line).
 *   node -r ts-node/register tools/test/e2e/file-server.ts ROOT SIGNATURE [PORT]
 * prints "file server listening on http://127.0.0.1:PORT" (PORT 0 or absent: an ephemeral port).
 */
import { createReadStream, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, extname, join } from 'node:path';

export interface FileRequest {
	method: string;
	path: string;
	query: Record<string, string>;
	status: number;
	bytes: number;
}

const TYPES: Record<string, string> = {
	'.mp4': 'video/mp4',
	'.wav': 'audio/wav',
	'.mp3': 'audio/mpeg',
};

const HTML_PAGE =
	'<!DOCTYPE html><html><head><title>Sign in to continue</title></head><body>' +
	'<p>You need access to download this file.</p></body></html>';

/** A signed-URL-style link to a file of the server at `baseUrl`, as S3 presigns one. */
export function signedUrl(baseUrl: string, signature: string, name: string): string {
	const query = new URLSearchParams({
		'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
		'X-Amz-Credential': 'AKIAEXAMPLE/20260101/us-east-2/s3/aws4_request',
		'X-Amz-Date': '20260101T000000Z',
		'X-Amz-Expires': '3600',
		'X-Amz-SignedHeaders': 'host',
		'X-Amz-Signature': signature,
	});
	return `${baseUrl}/files/${encodeURIComponent(name)}?${query}`;
}

export class FileServer {
	readonly requests: FileRequest[] = [];

	onRequest?: (request: FileRequest) => void;

	private server?: Server;

	constructor(
		private readonly root: string,
		private readonly signature: string,
	) {}

	async start(port = 0): Promise<string> {
		this.server = createServer((req, res) => {
			const url = new URL(req.url ?? '/', 'http://files');
			const record: FileRequest = {
				method: req.method ?? 'GET',
				path: url.pathname,
				query: Object.fromEntries(url.searchParams),
				status: 0,
				bytes: 0,
			};
			const done = () => {
				this.requests.push(record);
				this.onRequest?.(record);
			};
			const answer = (status: number, type: string, body: string) => {
				record.status = status;
				record.bytes = Buffer.byteLength(body);
				res.writeHead(status, { 'Content-Type': type, 'Content-Length': record.bytes });
				res.end(body, done);
			};
			const [, folder, name] = /^\/(files|html)\/([^/]+)$/.exec(url.pathname) ?? [];
			if (req.method !== 'GET' || !name) return answer(404, 'text/plain', 'Not Found');
			if (folder === 'html') return answer(200, 'text/html; charset=utf-8', HTML_PAGE);
			if (url.searchParams.get('X-Amz-Signature') !== this.signature) {
				return answer(
					403,
					'application/xml',
					'<?xml version="1.0" encoding="UTF-8"?><Error><Code>SignatureDoesNotMatch</Code></Error>',
				);
			}
			const file = join(this.root, basename(decodeURIComponent(name)));
			let size: number;
			try {
				size = statSync(file).size;
			} catch {
				return answer(
					404,
					'application/xml',
					'<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code></Error>',
				);
			}
			record.status = 200;
			record.bytes = size;
			res.writeHead(200, {
				'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
				'Content-Length': size,
			});
			createReadStream(file).pipe(res).on('finish', done);
		});
		await new Promise<void>((resolve, reject) => {
			this.server!.once('error', reject);
			this.server!.listen(port, '127.0.0.1', resolve);
		});
		return this.baseUrl;
	}

	get baseUrl(): string {
		const { port } = this.server!.address() as AddressInfo;
		return `http://127.0.0.1:${port}`;
	}

	/** A signed-URL-style link to ROOT/NAME, as S3 presigns one. */
	signedUrl(name: string): string {
		return signedUrl(this.baseUrl, this.signature, name);
	}

	async stop(): Promise<void> {
		if (!this.server) return;
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server!.close(() => resolve()));
	}
}

async function main(): Promise<void> {
	const [root, signature, port] = process.argv.slice(2);
	if (!root || !signature) throw new Error('usage: file-server.ts ROOT SIGNATURE [PORT]');
	const server = new FileServer(root, signature);
	server.onRequest = (request) => console.log(JSON.stringify(request));
	console.log(`file server listening on ${await server.start(Number(port ?? 0))}`);
	const stop = async () => {
		await server.stop();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

if (require.main === module) {
	main().catch((error: Error) => {
		console.error(error.message);
		process.exit(1);
	});
}
