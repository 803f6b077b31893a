/**
 * Starts Symbl jobs: streams a recording (video or audio) from n8n's binary store, or sends a JSON
 * body (a URL to fetch, text messages). A file is never read into memory: filesystem/S3 binaries
 * are opened as a stream with an explicit Content-Length, every attempt opens a fresh stream, and
 * redirects are not followed (axios's redirect follower buffers the whole body so it could replay
 * it). A JSON body is handed to every attempt whole. Either way Symbl's answer must name the job.
 */
import type { IDataObject, IExecuteFunctions, IHttpRequestMethods } from 'n8n-workflow';
import { BINARY_ENCODING, NodeOperationError } from 'n8n-workflow';

import { secretsInUrl } from '../../shared/redact';
import { SNIFF_BYTES } from '../helpers/media';
import { withThousands } from './errors';
import type { IdleWatch } from './idle';
import { watchIdle } from './idle';
import type { Readable } from './release';
import { ownsEveryChunk, releaseChunksOnceWritten } from './release';
import type { RequestWatch } from './watch';
import { watchRequest } from './watch';
import type { OpenedBody } from './index';
import { symblRequest } from './index';
import type { RequestPolicy } from './retry';

/** Read size for binary-store streams; larger chunks mean fewer syscalls per GiB. */
export const UPLOAD_CHUNK_BYTES = 1024 * 1024;

/**
 * The largest file n8n's database binary mode can give back: Postgres returns bytea as hex text
 * ("\x" and two characters per byte) and a V8 string holds at most 2^29 - 24 characters. Above
 * it n8n's read fails inside the database driver and the execution hangs with no error.
 */
export const DATABASE_MODE_MAX_BYTES = (2 ** 29 - 24 - 2) / 2;

export interface BinarySource {
	size: number;
	/** The MIME type the binary declares (it may be wrong: the format check reads the bytes). */
	mimeType: string;
	/** Where n8n keeps the file: "memory", "filesystem", "database", "s3", … */
	store: string;
	/**
	 * n8n's database mode reads a stored file whole for any read, even of its first bytes: its
	 * format is then checked from the first chunk of the upload stream, so it is read once.
	 */
	headAtSend: boolean;
	/** A fresh body for one request attempt. */
	open(): Promise<Readable | Buffer>;
	/** The first bytes, for the container check. */
	head(): Promise<Buffer>;
}

/**
 * Ends a store stream the node is done with. A file stream opens its file asynchronously, and one
 * ended before that still reports the open failing if the file is gone by then (n8n deletes an
 * execution's binary data as soon as the execution ends when it is not saved): nothing listens to
 * it any more, so that late error would be an uncaught exception in the n8n process.
 */
function discard(stream: Readable): void {
	stream.on('error', () => undefined);
	stream.destroy();
}

async function readHead(stream: Readable): Promise<Buffer> {
	const chunks: Buffer[] = [];
	let length = 0;
	try {
		for await (const chunk of stream) {
			chunks.push(chunk as Buffer);
			length += (chunk as Buffer).length;
			if (length >= SNIFF_BYTES) break;
		}
	} finally {
		discard(stream);
	}
	return Buffer.concat(chunks).subarray(0, SNIFF_BYTES);
}

/** What a binary-store failure means for the user, or undefined when it is not a lookup failure. */
function storeProblem(error: unknown): 'missing' | 'unconfigured' | undefined {
	const { code, name, message, response } = (error ?? {}) as {
		code?: unknown;
		name?: unknown;
		message?: unknown;
		response?: { status?: unknown };
	};
	if (name === 'InvalidManagerError') return 'unconfigured';
	if (
		code === 'ENOENT' ||
		response?.status === 404 ||
		(typeof name === 'string' &&
			[
				'FileNotFoundError',
				'BinaryDataFileNotFoundError',
				'EntityNotFoundError',
				'NotFound',
				'NoSuchKey',
			].includes(name)) ||
		/no such file|file not found|does not exist|could not find any entity/i.test(String(message))
	) {
		return 'missing';
	}
	return undefined;
}

/** Names the item, the field and the likely cause when n8n's binary store cannot give the file. */
async function fromStore<T>(
	ctx: IExecuteFunctions,
	itemIndex: number,
	binaryPropertyName: string,
	store: string,
	read: () => Promise<T>,
): Promise<T> {
	try {
		return await read();
	} catch (error) {
		const problem = storeProblem(error);
		if (!problem) throw new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
		const shared =
			'In queue mode every n8n process (main, workers, webhook processors) must use the same binary data store: ' +
			'in filesystem mode one folder all of them share (N8N_BINARY_DATA_STORAGE_PATH on a shared volume, the same path everywhere), ' +
			'or the database or S3 mode with the same settings everywhere.';
		throw new NodeOperationError(
			ctx.getNode(),
			problem === 'missing'
				? `Item ${itemIndex}: the binary field "${binaryPropertyName}" cannot be found in n8n's binary data store (${store} mode)`
				: `Item ${itemIndex}: the binary field "${binaryPropertyName}" is kept in n8n's ${store} binary data mode, which this n8n process is not set up for`,
			{
				itemIndex,
				description:
					problem === 'missing'
						? `The item refers to a file this n8n process cannot read. ${shared} The file may also have been deleted (for example by execution data pruning) before this node ran.`
						: `${shared} Add "${store}" to N8N_AVAILABLE_BINARY_DATA_MODES on this process.`,
			},
		);
	}
}

/** Finds the item's binary property and describes how to read it, or explains what is missing. */
export async function resolveBinarySource(
	ctx: IExecuteFunctions,
	itemIndex: number,
	binaryPropertyName: string,
): Promise<BinarySource> {
	const item = ctx.getInputData()[itemIndex];
	const binary = item.binary?.[binaryPropertyName];
	if (!binary) {
		const available = Object.keys(item.binary ?? {});
		throw new NodeOperationError(
			ctx.getNode(),
			`Item ${itemIndex}: "Input Binary Field" names "${binaryPropertyName}", but the item has no such binary field`,
			{
				itemIndex,
				description: available.length
					? `The item's binary fields are: ${available.join(', ')}. Set "Input Binary Field" to the one holding the recording.`
					: 'The item carries no binary data. Put a node that loads the recording (for example Read Files, Google Drive or HTTP Request) before this one.',
			},
		);
	}

	const mimeType = binary.mimeType ?? '';
	if (binary.id) {
		const id = binary.id;
		// "filesystem-v2:workflows/…", "database:<uuid>", "s3:…": the mode n8n stored the file in.
		const store = id.split(':')[0].replace(/-v\d+$/, '');
		const read = async <T>(how: () => Promise<T>) =>
			await fromStore(ctx, itemIndex, binaryPropertyName, store, how);
		// Metadata only: in database mode this reads the size, not the file.
		const { fileSize } = await read(async () => await ctx.helpers.getBinaryMetadata(id));
		if (store === 'database' && fileSize > DATABASE_MODE_MAX_BYTES) {
			throw new NodeOperationError(
				ctx.getNode(),
				`Item ${itemIndex}: the binary field "${binaryPropertyName}" holds ${withThousands(fileSize)} bytes in n8n's database binary mode, which can read back at most ${withThousands(DATABASE_MODE_MAX_BYTES)} bytes (256 MiB minus 13 bytes)`,
				{
					itemIndex,
					description:
						'Loading it would make the execution hang (n8n reads a database-stored file whole, as text). Nothing was sent to Symbl. ' +
						'Store binary data in filesystem mode (N8N_DEFAULT_BINARY_DATA_MODE=filesystem; in queue mode on a folder every n8n process shares) or in S3 mode, ' +
						"or upload from a URL (Submit Video URL), so the recording never passes through n8n's binary store.",
				},
			);
		}
		return {
			size: fileSize,
			mimeType,
			store,
			headAtSend: store === 'database',
			open: async () =>
				await read(async () => await ctx.helpers.getBinaryStream(id, UPLOAD_CHUNK_BYTES)),
			head: async () =>
				await readHead(await read(async () => await ctx.helpers.getBinaryStream(id, SNIFF_BYTES))),
		};
	}
	// Default (in-memory) binary mode: the bytes already live in the item as base64; they are
	// decoded only when sent (every item is prepared before the first is sent).
	const { data } = binary;
	return {
		size: Buffer.byteLength(data, BINARY_ENCODING),
		mimeType,
		store: 'memory',
		headAtSend: false,
		open: async () => Buffer.from(data, BINARY_ENCODING),
		head: async () =>
			Buffer.from(data.slice(0, Math.ceil(SNIFF_BYTES / 3) * 4), BINARY_ENCODING).subarray(
				0,
				SNIFF_BYTES,
			),
	};
}

/**
 * Reads a stream's first `bytes` bytes and puts them back, so the same stream can then be sent
 * whole. A stream that ended meanwhile is returned as the Buffer of everything it held.
 */
export async function peek(
	stream: Readable,
	bytes: number,
): Promise<{ head: Buffer; body: Readable | Buffer }> {
	const chunks: Buffer[] = [];
	let length = 0;
	while (length < bytes) {
		const chunk = stream.read() as Buffer | string | null;
		if (chunk !== null) {
			const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
			chunks.push(buffer);
			length += buffer.length;
			continue;
		}
		if (stream.errored) throw stream.errored;
		if (stream.readableEnded || stream.destroyed) break;
		await new Promise<void>((resolve, reject) => {
			const settle = (error?: Error) => {
				stream.off('readable', next).off('end', next).off('close', next).off('error', settle);
				if (error) reject(error);
				else resolve();
			};
			const next = () => settle();
			stream.once('readable', next).once('end', next).once('close', next).once('error', settle);
		});
	}
	if (stream.errored) throw stream.errored;
	const read = Buffer.concat(chunks);
	if (stream.readableEnded || stream.destroyed) {
		stream.destroy();
		return { head: read.subarray(0, bytes), body: read };
	}
	if (read.length > 0) stream.unshift(read);
	return { head: read.subarray(0, bytes), body: stream };
}

/**
 * A stream can be sent once. Should anything try to send this one again (n8n re-sends request
 * options after refreshing a token), it fails at once rather than hang or send a truncated body;
 * every attempt of the transport opens a fresh stream instead. It also watches the request the
 * stream is piped into (watch.ts): how much of the body went out, and an answer Symbl sent before
 * reading it all; and it lets an idle timeout end a request whose server stopped reading or
 * answering (the request it is piped into is the one thing that can be ended).
 */
function openOnce(stream: Readable, releaseChunks: boolean, size: number): OpenedBody {
	let request: { destroy: (error: Error) => void } | undefined;
	let requestWatch: RequestWatch | undefined;
	let watch: IdleWatch | undefined;
	let ended = false;
	const pipeOnce = stream.pipe.bind(stream);
	stream.pipe = (<T extends NodeJS.WritableStream>(destination: T, options?: { end?: boolean }) => {
		const target = destination as unknown as { destroy: (error: Error) => void };
		if (request) {
			target.destroy(new Error('The upload body was already sent once'));
			return destination;
		}
		request = target;
		// First: it counts each chunk's length before the chunk's memory may be released.
		requestWatch = watchRequest(destination, size);
		if (releaseChunks) releaseChunksOnceWritten(destination);
		const piped = pipeOnce(destination, options);
		stream.on('data', () => watch?.touch());
		stream.on('end', () => {
			ended = true;
			watch?.touch();
		});
		return piped;
	}) as typeof stream.pipe;
	const seen = () => (requestWatch?.found() ? requestWatch : undefined);
	return {
		body: stream,
		close: () => {
			watch?.stop();
			discard(stream);
		},
		// Without the request in sight, the stream's end is the best sign the body went out.
		sentWhole: () => seen()?.sentWhole() ?? ended,
		progress: () => {
			const found = seen();
			return found ? { sentBytes: found.sentBytes(), size } : undefined;
		},
		answer: () => seen()?.answer(),
		watchIdle: (idleMs) => {
			watch = watchIdle(idleMs, (error) => {
				request?.destroy(error);
				discard(stream);
			});
		},
	};
}

export interface UploadRequest {
	method: IHttpRequestMethods;
	/** Starts with a slash; path segments already encoded. */
	path: string;
	query: Record<string, string>;
	source: BinarySource;
	/** Sent as Content-Type; none is sent when undefined (Symbl's audio calls want none for some formats). */
	contentType?: string;
	policy: RequestPolicy;
	/** Known before the upload when appending (for a wait for completion). */
	conversationId?: string;
	/**
	 * Checks the file's first bytes when they could not be checked beforehand (see headAtSend):
	 * the Content-Type to send, or it throws to refuse the file before any byte is sent.
	 */
	checkHead?: (head: Buffer) => string | undefined;
}

/** Symbl's answer to an upload: the conversation and the job that processes the file. */
export interface UploadAnswer extends IDataObject {
	conversationId: string;
	jobId: string;
}

/** Symbl's answer to a call that starts a job, which must name the conversation and the job. */
function jobAnswer(ctx: IExecuteFunctions, itemIndex: number, answer: unknown): UploadAnswer {
	const fields = answer as IDataObject | undefined;
	if (typeof fields?.conversationId !== 'string' || typeof fields?.jobId !== 'string') {
		throw new NodeOperationError(
			ctx.getNode(),
			`Item ${itemIndex}: Symbl accepted the upload but did not say which job processes it`,
			{
				itemIndex,
				description: `Expected {conversationId, jobId}; got ${JSON.stringify(answer)?.slice(0, 200)}. Check the credential's Base URL points at the Symbl API.`,
			},
		);
	}
	return fields as UploadAnswer;
}

/** Streams a recording from the binary store: {conversationId, jobId}. */
export async function uploadBinary(
	ctx: IExecuteFunctions,
	itemIndex: number,
	{ method, path, query, source, contentType, policy, checkHead }: UploadRequest,
): Promise<UploadAnswer> {
	// No Content-Type at all, rather than the HTTP client's form-encoded default.
	const headers: Record<string, string | false> = {
		'Content-Length': String(source.size),
		'Content-Type': contentType ?? false,
	};
	const answer = await symblRequest(ctx, itemIndex, {
		startsJob: true,
		bodyKind: 'file',
		secrets: secretsInUrl(query.webhookUrl),
		method,
		path,
		qs: query,
		policy,
		headers: headers as Record<string, string>,
		openBody: async () => {
			const opened = await source.open();
			// Only Node's file stream hands out chunks that are buffers of their own (release.ts).
			const releaseChunks = !Buffer.isBuffer(opened) && ownsEveryChunk(opened);
			if (!checkHead)
				return Buffer.isBuffer(opened)
					? { body: opened }
					: openOnce(opened, releaseChunks, source.size);
			if (Buffer.isBuffer(opened)) {
				headers['Content-Type'] = checkHead(opened.subarray(0, SNIFF_BYTES)) ?? false;
				return { body: opened };
			}
			// The format is checked from this stream's first chunk, put back before it is sent.
			try {
				const { head, body } = await peek(opened, SNIFF_BYTES);
				headers['Content-Type'] = checkHead(head) ?? false;
				return Buffer.isBuffer(body) ? { body } : openOnce(body, releaseChunks, source.size);
			} catch (error) {
				discard(opened);
				throw new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
			}
		},
	});
	return jobAnswer(ctx, itemIndex, answer);
}

export interface JsonUploadRequest {
	method: IHttpRequestMethods;
	/** Starts with a slash; path segments already encoded. */
	path: string;
	/** The whole JSON body: Symbl's URL and text calls take every parameter in it, none in the query. */
	body: IDataObject;
	policy: RequestPolicy;
	/** Known before the upload when appending (for a wait for completion). */
	conversationId?: string;
}

/** Sends a JSON body that starts a job (a URL upload, text messages): {conversationId, jobId}. */
export async function uploadJson(
	ctx: IExecuteFunctions,
	itemIndex: number,
	{ method, path, body, policy }: JsonUploadRequest,
): Promise<UploadAnswer> {
	const answer = await symblRequest(ctx, itemIndex, {
		startsJob: true,
		bodyKind: 'request',
		secrets: secretsInUrl(body.webhookUrl),
		method,
		path,
		policy,
		headers: { 'Content-Type': 'application/json' },
		// The same body for every attempt: nothing in it is used up by sending. It is small, and
		// goes out with the request's first bytes: once sent, it is taken as received whole.
		openBody: async () => ({ body, sentWhole: () => true }),
	});
	return jobAnswer(ctx, itemIndex, answer);
}
