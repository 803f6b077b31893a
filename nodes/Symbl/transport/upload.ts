/**
 * Streams a video from n8n's binary store to Symbl. The file is never read into memory by this
 * node: filesystem/S3 binaries are opened as a stream with an explicit Content-Length, every
 * attempt opens one fresh stream (its first chunk is the MP4 check: the file is read once per
 * attempt), and redirects are not followed (axios's redirect follower buffers the whole body so it
 * could replay it). n8n's database binary mode loads the whole file whatever a node does; files it
 * cannot read back are refused before it tries.
 */
import type { IDataObject, IExecuteFunctions, IHttpRequestMethods } from 'n8n-workflow';
import { BINARY_ENCODING, NodeOperationError } from 'n8n-workflow';

import { SNIFF_BYTES } from '../helpers/mp4';
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

/** The stream type n8n's binary helpers return (community nodes may not import node:stream). */
type Readable = Awaited<ReturnType<IExecuteFunctions['helpers']['getBinaryStream']>>;

export interface VideoSource {
	size: number;
	/** Where n8n keeps the file: "memory", "filesystem", "database", "s3", … */
	store: string;
	/** The first bytes, when they are at hand without reading the store (in-memory binaries). */
	head?: Buffer;
	/** A fresh body for one request attempt. */
	open(): Promise<Readable | Buffer>;
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

function withThousands(bytes: number): string {
	return bytes.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Finds the item's binary property and describes how to read it, or explains what is missing. */
export async function resolveVideoSource(
	ctx: IExecuteFunctions,
	itemIndex: number,
	binaryPropertyName: string,
): Promise<VideoSource> {
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
					? `The item's binary fields are: ${available.join(', ')}. Set "Input Binary Field" to the one holding the video.`
					: 'The item carries no binary data. Put a node that loads the video (for example Read Files, Google Drive or HTTP Request) before this one.',
			},
		);
	}

	if (binary.id) {
		const id = binary.id;
		// "filesystem-v2:workflows/…", "database:<uuid>", "s3:…": the mode n8n stored the file in.
		const store = id.split(':')[0].replace(/-v\d+$/, '');
		const { fileSize } = await fromStore(
			ctx,
			itemIndex,
			binaryPropertyName,
			store,
			async () =>
				// Metadata only: in database mode this reads the size, not the file.
				await ctx.helpers.getBinaryMetadata(id),
		);
		if (store === 'database' && fileSize > DATABASE_MODE_MAX_BYTES) {
			throw new NodeOperationError(
				ctx.getNode(),
				`Item ${itemIndex}: the binary field "${binaryPropertyName}" holds ${withThousands(fileSize)} bytes in n8n's database binary mode, which can read back at most ${withThousands(DATABASE_MODE_MAX_BYTES)} bytes (256 MiB minus 13 bytes)`,
				{
					itemIndex,
					description:
						'Loading it would make the execution hang (n8n reads a database-stored file whole, as text). Nothing was sent to Symbl. ' +
						'Store binary data in filesystem mode (N8N_DEFAULT_BINARY_DATA_MODE=filesystem; in queue mode on a folder every n8n process shares) or in S3 mode, ' +
						"or let Symbl fetch the recording from a URL (Symbl's video URL API) so it never passes through n8n's binary store.",
				},
			);
		}
		return {
			size: fileSize,
			store,
			open: async () =>
				await fromStore(
					ctx,
					itemIndex,
					binaryPropertyName,
					store,
					async () => await ctx.helpers.getBinaryStream(id, UPLOAD_CHUNK_BYTES),
				),
		};
	}
	// Default (in-memory) binary mode: the bytes already live in the item as base64.
	const buffer = Buffer.from(binary.data, BINARY_ENCODING);
	return {
		size: buffer.length,
		store: 'memory',
		head: buffer.subarray(0, SNIFF_BYTES),
		open: async () => buffer,
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
 * every attempt of the transport opens a fresh stream instead.
 */
function openOnce(stream: Readable): OpenedBody {
	let sent = false;
	const pipeOnce = stream.pipe.bind(stream);
	stream.pipe = (<T extends NodeJS.WritableStream>(destination: T, options?: { end?: boolean }) => {
		if (sent) {
			(destination as unknown as { destroy: (error: Error) => void }).destroy(
				new Error('The upload body was already sent once'),
			);
			return destination;
		}
		sent = true;
		return pipeOnce(destination, options);
	}) as typeof stream.pipe;
	return { body: stream, close: () => stream.destroy() };
}

export interface UploadRequest {
	method: IHttpRequestMethods;
	/** Starts with a slash; path segments already encoded. */
	path: string;
	query: Record<string, string>;
	source: VideoSource;
	contentType: string;
	policy: RequestPolicy;
	/** Known before the upload when appending (for a wait for completion). */
	conversationId?: string;
	/**
	 * Checks the file's first bytes before any byte is sent; throws to refuse the file. Set when
	 * the check could not be made beforehand (stored binaries): each attempt then checks the head
	 * of its own upload stream, so the file is read once per attempt.
	 */
	checkHead?: (head: Buffer) => void;
}

/** Symbl's answer to an upload: the conversation and the job that processes the file. */
export interface UploadAnswer extends IDataObject {
	conversationId: string;
	jobId: string;
}

export async function uploadVideo(
	ctx: IExecuteFunctions,
	itemIndex: number,
	{ method, path, query, source, contentType, policy, checkHead }: UploadRequest,
): Promise<UploadAnswer> {
	const answer = (await symblRequest(ctx, itemIndex, {
		method,
		path,
		qs: query,
		policy,
		headers: { 'Content-Type': contentType, 'Content-Length': String(source.size) },
		openBody: async () => {
			const opened = await source.open();
			if (Buffer.isBuffer(opened)) {
				checkHead?.(opened.subarray(0, SNIFF_BYTES));
				return { body: opened };
			}
			if (!checkHead) return openOnce(opened);
			// A refused file's stream is closed unread: nothing of it is sent.
			let checked = false;
			let peeked: Awaited<ReturnType<typeof peek>>;
			try {
				peeked = await peek(opened, SNIFF_BYTES);
				checkHead(peeked.head);
				checked = true;
			} finally {
				if (!checked) opened.destroy();
			}
			return Buffer.isBuffer(peeked.body) ? { body: peeked.body } : openOnce(peeked.body);
		},
	})) as IDataObject;
	if (typeof answer?.conversationId !== 'string' || typeof answer?.jobId !== 'string') {
		throw new NodeOperationError(
			ctx.getNode(),
			`Item ${itemIndex}: Symbl accepted the upload but did not say which job processes it`,
			{
				itemIndex,
				description: `Expected {conversationId, jobId}; got ${JSON.stringify(answer)?.slice(0, 200)}. Check the credential's Base URL points at the Symbl API.`,
			},
		);
	}
	return answer as UploadAnswer;
}
