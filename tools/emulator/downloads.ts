/**
 * URL uploads, as the contract's `urlSource` and `urlDownload` rules say: Symbl answers the POST/PUT
 * with a job at once and downloads the recording at `url` itself while the job runs. The emulator
 * does the same when the job starts (`in_progress`): it downloads the file, counts and hashes it as
 * it streams in (SHA-256, like an upload's bodySha256; nothing is kept) and looks at its first
 * bytes. The job's recording is then the downloaded file.
 *
 * Symbl's docs do not say what happens to a URL that cannot be downloaded (an error status, an HTML
 * page instead of the file, a redirect they say is not supported): the POST has already been
 * answered 201, so the job ends `failed`, the documented last status of the Job API and of the
 * callbacks, and the record says why.
 *
 * Safety: the emulator downloads from loopback addresses only (localhost, 127.0.0.0/8, [::1]).
 * Any other URL fails the job without a connection being made: tests never reach the internet or
 * a private network through the emulator, whatever URL a workflow sends it.
 */
import { createHash } from 'node:crypto';

import { isLoopback } from './http';

export type MediaKind = 'video' | 'audio';

/** One download of a URL upload's recording, delivered or not. */
export interface DownloadRecord {
	jobId: string;
	kind: MediaKind;
	url: string;
	/** The HTTP status answered (0: no answer, or not attempted). */
	status: number;
	/** The answer's Content-Type ('' for none). */
	contentType: string;
	bytes: number;
	/** SHA-256 of the bytes received, hex ('' when nothing was read). */
	bodySha256: string;
	/** What the first bytes are: a recording format, or what they look like instead. */
	found: string;
	/** Why the job fails; absent when the recording was taken. */
	error?: string;
}

/** How long a download may take before the job fails (a stalled server must not hold the job). */
const DOWNLOAD_TIMEOUT_MS = 120_000;
const SNIFF_BYTES = 16;

const ascii = (head: Buffer, start: number, end: number) =>
	head.subarray(start, end).toString('latin1');

/**
 * What the bytes are, as far as the call's formats go: MP4 for video (the video pages take only
 * mp4); for audio the formats of the FAQ (mp3, wav, amr, aac, ac3, aiff, flac, ogg, opus, wma, m4a).
 */
export function recordingFormat(kind: MediaKind, head: Buffer): string | undefined {
	const isoBrand = ascii(head, 4, 8) === 'ftyp' ? ascii(head, 8, 12) : undefined;
	if (kind === 'video') return isoBrand !== undefined ? `MP4 (brand "${isoBrand}")` : undefined;
	if (isoBrand !== undefined) return `M4A/MP4 audio (brand "${isoBrand}")`;
	if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WAVE') return 'WAV audio';
	if (ascii(head, 0, 3) === 'ID3') return 'MP3 audio (ID3 tag)';
	if (head[0] === 0xff && (head[1] & 0xe0) === 0xe0) {
		return (head[1] & 0x06) === 0 ? 'AAC audio (ADTS)' : 'MP3 audio (MPEG frames)';
	}
	if (ascii(head, 0, 4) === 'OggS') return 'Ogg audio';
	if (ascii(head, 0, 4) === 'fLaC') return 'FLAC audio';
	if (ascii(head, 0, 5) === '#!AMR') return 'AMR audio';
	if (ascii(head, 0, 4) === 'FORM' && /^AIF[FC]$/.test(ascii(head, 8, 12))) return 'AIFF audio';
	if (head[0] === 0x0b && head[1] === 0x77) return 'AC-3 audio';
	if (head.subarray(0, 4).equals(Buffer.from([0x30, 0x26, 0xb2, 0x75]))) return 'WMA audio (ASF)';
	return undefined;
}

function describe(head: Buffer, contentType: string): string {
	if (/^text\/html\b/i.test(contentType) || /^\s*<(!doctype|html)/i.test(ascii(head, 0, 16))) {
		return 'an HTML page';
	}
	if (head.length === 0) return 'an empty body';
	return `unknown data (first bytes: ${head.subarray(0, 8).toString('hex')})`;
}

/** Downloads `url` for a job of `kind` (loopback only); never throws. */
export async function download(
	jobId: string,
	kind: MediaKind,
	url: string,
	signal: AbortSignal,
): Promise<DownloadRecord> {
	const record: DownloadRecord = {
		jobId,
		kind,
		url,
		status: 0,
		contentType: '',
		bytes: 0,
		bodySha256: '',
		found: 'nothing',
	};
	if (!isLoopback(url)) {
		record.error = 'not downloaded: the emulator downloads from loopback addresses only';
		return record;
	}
	try {
		const response = await fetch(url, {
			// Symbl's URL pages: "we do not support any redirected links".
			redirect: 'manual',
			signal: AbortSignal.any([signal, AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS)]),
		});
		record.status = response.status;
		record.contentType = response.headers.get('content-type') ?? '';
		const hash = createHash('sha256');
		let head = Buffer.alloc(0);
		if (response.body) {
			for await (const chunk of response.body) {
				const bytes = Buffer.from(chunk as Uint8Array);
				hash.update(bytes);
				record.bytes += bytes.length;
				if (head.length < SNIFF_BYTES) {
					head = Buffer.concat([head, bytes.subarray(0, SNIFF_BYTES - head.length)]);
				}
			}
		}
		record.bodySha256 = hash.digest('hex');
		const format = response.status === 200 ? recordingFormat(kind, head) : undefined;
		record.found = format ?? describe(head, record.contentType);
		if (response.status >= 300 && response.status < 400) {
			record.error = `the URL answered ${response.status}, a redirect: Symbl does not follow redirected links`;
		} else if (response.status !== 200) {
			record.error = `the URL answered HTTP ${response.status}`;
		} else if (!format) {
			record.error = `the URL gave ${record.found}, not a ${kind === 'video' ? 'MP4 video' : 'recording in an audio format Symbl takes'}`;
		}
	} catch (error) {
		record.error = `the download failed: ${(error as Error).message}`;
	}
	return record;
}
