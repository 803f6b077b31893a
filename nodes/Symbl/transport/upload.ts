/**
 * Starts Symbl jobs: streams a recording (video or audio) from n8n's binary store, or sends a JSON
 * body (a URL to fetch, text messages). A file is never read into memory: filesystem/S3 binaries
 * are opened as a stream with an explicit Content-Length, every attempt opens a fresh stream, and
 * redirects are not followed (axios's redirect follower buffers the whole body so it could replay
 * it). A JSON body is handed to every attempt whole. Either way Symbl's answer must name the job.
 */
import type { IDataObject, IExecuteFunctions, IHttpRequestMethods } from 'n8n-workflow';
import { BINARY_ENCODING, NodeOperationError } from 'n8n-workflow';

import { SNIFF_BYTES } from '../helpers/media';
import type { IdleWatch } from './idle';
import { watchIdle } from './idle';
import type { OpenedBody } from './index';
import { symblRequest } from './index';
import type { RequestPolicy } from './retry';

/** Read size for binary-store streams; larger chunks mean fewer syscalls per GiB. */
export const UPLOAD_CHUNK_BYTES = 1024 * 1024;

/** The stream type n8n's binary helpers return (community nodes may not import node:stream). */
type Readable = Awaited<ReturnType<IExecuteFunctions['helpers']['getBinaryStream']>>;

export interface BinarySource {
	size: number;
	/** The MIME type the binary declares (it may be wrong: the format check reads the bytes). */
	mimeType: string;
	/** A fresh body for one request attempt. */
	open(): Promise<Readable | Buffer>;
	/** The first bytes, for the container check. */
	head(): Promise<Buffer>;
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
		stream.destroy();
	}
	return Buffer.concat(chunks).subarray(0, SNIFF_BYTES);
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
		const { fileSize } = await ctx.helpers.getBinaryMetadata(id);
		return {
			size: fileSize,
			mimeType,
			open: async () => await ctx.helpers.getBinaryStream(id, UPLOAD_CHUNK_BYTES),
			head: async () => await readHead(await ctx.helpers.getBinaryStream(id, SNIFF_BYTES)),
		};
	}
	// Default (in-memory) binary mode: the bytes already live in the item as base64; they are
	// decoded only when sent (every item is prepared before the first is sent).
	const { data } = binary;
	return {
		size: Buffer.byteLength(data, BINARY_ENCODING),
		mimeType,
		open: async () => Buffer.from(data, BINARY_ENCODING),
		head: async () =>
			Buffer.from(data.slice(0, Math.ceil(SNIFF_BYTES / 3) * 4), BINARY_ENCODING).subarray(
				0,
				SNIFF_BYTES,
			),
	};
}

/**
 * A stream can be sent once. Should anything try to send this one again (n8n re-sends request
 * options after refreshing a token), it fails at once rather than hang or send a truncated body;
 * every attempt of the transport opens a fresh stream instead. It also tells the transport when
 * the whole body went out, and lets an idle timeout end a request whose server stopped reading
 * or answering (the request it is piped into is the one thing that can be ended).
 */
function openOnce(stream: Readable): OpenedBody {
	let request: { destroy: (error: Error) => void } | undefined;
	let watch: IdleWatch | undefined;
	let sentWhole = false;
	const pipeOnce = stream.pipe.bind(stream);
	stream.pipe = (<T extends NodeJS.WritableStream>(destination: T, options?: { end?: boolean }) => {
		const target = destination as unknown as { destroy: (error: Error) => void };
		if (request) {
			target.destroy(new Error('The upload body was already sent once'));
			return destination;
		}
		request = target;
		const piped = pipeOnce(destination, options);
		stream.on('data', () => watch?.touch());
		stream.on('end', () => {
			sentWhole = true;
			watch?.touch();
		});
		return piped;
	}) as typeof stream.pipe;
	return {
		body: stream,
		close: () => {
			watch?.stop();
			stream.destroy();
		},
		sentWhole: () => sentWhole,
		watchIdle: (idleMs) => {
			watch = watchIdle(idleMs, (error) => {
				request?.destroy(error);
				stream.destroy();
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
	{ method, path, query, source, contentType, policy }: UploadRequest,
): Promise<UploadAnswer> {
	const answer = await symblRequest(ctx, itemIndex, {
		startsJob: true,
		method,
		path,
		qs: query,
		policy,
		// No Content-Type at all, rather than the HTTP client's form-encoded default.
		headers: { 'Content-Length': String(source.size), 'Content-Type': contentType ?? false },
		openBody: async () => {
			const body = await source.open();
			return Buffer.isBuffer(body) ? { body } : openOnce(body);
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
		method,
		path,
		policy,
		headers: { 'Content-Type': 'application/json' },
		// The same body for every attempt: nothing in it is used up by sending.
		openBody: async () => ({ body }),
	});
	return jobAnswer(ctx, itemIndex, answer);
}
