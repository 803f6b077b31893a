/**
 * Streams a video from n8n's binary store to Symbl. The file is never read into
 * memory: filesystem/S3 binaries are opened as a stream with an explicit
 * Content-Length, and redirects are not followed (axios's redirect follower
 * buffers the whole body so it could replay it).
 */
import type { IExecuteFunctions, IHttpRequestMethods } from 'n8n-workflow';
import { BINARY_ENCODING, NodeOperationError } from 'n8n-workflow';

import { SNIFF_BYTES } from '../helpers/mp4';
import { getBaseUrl, sendAuthenticated, toSymblApiError } from './index';

/** Read size for binary-store streams; larger chunks mean fewer syscalls per GiB. */
export const UPLOAD_CHUNK_BYTES = 1024 * 1024;

/** The stream type n8n's binary helpers return (community nodes may not import node:stream). */
type Readable = Awaited<ReturnType<IExecuteFunctions['helpers']['getBinaryStream']>>;

export interface VideoSource {
	size: number;
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
		const { fileSize } = await ctx.helpers.getBinaryMetadata(id);
		return {
			size: fileSize,
			open: async () => await ctx.helpers.getBinaryStream(id, UPLOAD_CHUNK_BYTES),
			head: async () => await readHead(await ctx.helpers.getBinaryStream(id, SNIFF_BYTES)),
		};
	}
	// Default (in-memory) binary mode: the bytes already live in the item as base64.
	const buffer = Buffer.from(binary.data, BINARY_ENCODING);
	return {
		size: buffer.length,
		open: async () => buffer,
		head: async () => buffer.subarray(0, SNIFF_BYTES),
	};
}

/**
 * n8n re-sends the same request options after refreshing an expired token (401).
 * A stream can be sent once, so the replay must fail fast rather than hang or send
 * a truncated body; uploadVideo then starts over with a fresh stream.
 */
function refuseReplay(stream: Readable): { wasReplayed: () => boolean } {
	let sends = 0;
	const pipeOnce = stream.pipe.bind(stream);
	stream.pipe = (<T extends NodeJS.WritableStream>(destination: T, options?: { end?: boolean }) => {
		sends += 1;
		if (sends > 1) {
			(destination as unknown as { destroy: (error: Error) => void }).destroy(
				new Error('The upload body was already sent once; starting the upload again'),
			);
			return destination;
		}
		return pipeOnce(destination, options);
	}) as typeof stream.pipe;
	return { wasReplayed: () => sends > 1 };
}

export interface UploadRequest {
	method: IHttpRequestMethods;
	/** Starts with a slash; path segments already encoded. */
	path: string;
	query: Record<string, string>;
	source: VideoSource;
}

export async function uploadVideo(
	ctx: IExecuteFunctions,
	itemIndex: number,
	{ method, path, query, source }: UploadRequest,
): Promise<unknown> {
	const baseUrl = await getBaseUrl(ctx, itemIndex);
	for (let attempt = 1; ; attempt++) {
		const body = await source.open();
		const replay = Buffer.isBuffer(body) ? { wasReplayed: () => false } : refuseReplay(body);
		try {
			return await sendAuthenticated(ctx, {
				method,
				url: `${baseUrl}${path}`,
				qs: query,
				body,
				headers: { 'Content-Type': 'video/mp4', 'Content-Length': String(source.size) },
				json: true,
				disableFollowRedirect: true,
			});
		} catch (error) {
			if (replay.wasReplayed()) {
				// n8n got a 401, refreshed the token and tried to resend the spent stream.
				if (attempt === 1) continue;
				const refused = {
					response: {
						status: 401,
						data: { message: 'Symbl refused a freshly issued token as well' },
					},
				};
				throw toSymblApiError(ctx, refused, itemIndex, baseUrl);
			}
			throw toSymblApiError(ctx, error, itemIndex, baseUrl);
		} finally {
			if (!Buffer.isBuffer(body)) body.destroy();
		}
	}
}
