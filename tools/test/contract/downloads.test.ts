/**
 * URL uploads (contract rules `urlSource` and `urlDownload`): the emulator answers 201, then
 * downloads the recording when the job starts, from loopback only, and checks what it got. A URL
 * that gives no recording (404, an HTML page, a redirect, a non-loopback host) fails the job.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { JobStatus } from '../../emulator';
import { SymblEmulator } from '../../emulator';
import { RULES } from '../../emulator/contract';
import { recordingFormat } from '../../emulator/downloads';
import { FileServer } from '../e2e/file-server';
import { PART1 } from '../support';
import { call, Receiver, sendJson, token } from './http';

const SIGNATURE = 'c0ffee';
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A mono 16-bit PCM WAV of `samples` silent samples at 8 kHz. */
function wav(samples: number): Buffer {
	const data = samples * 2;
	const header = Buffer.alloc(44);
	header.write('RIFF', 0, 'latin1');
	header.writeUInt32LE(36 + data, 4);
	header.write('WAVEfmt ', 8, 'latin1');
	header.writeUInt32LE(16, 16);
	header.writeUInt16LE(1, 20);
	header.writeUInt16LE(1, 22);
	header.writeUInt32LE(8000, 24);
	header.writeUInt32LE(16000, 28);
	header.writeUInt16LE(2, 32);
	header.writeUInt16LE(16, 34);
	header.write('data', 36, 'latin1');
	header.writeUInt32LE(data, 40);
	return Buffer.concat([header, Buffer.alloc(data)]);
}

const folder = mkdtempSync(join(tmpdir(), 'symbl-downloads-'));
const MP4 = readFileSync(PART1);
const WAV = wav(4000);
writeFileSync(join(folder, 'meeting.mp4'), MP4);
writeFileSync(join(folder, 'call.wav'), WAV);

let files: FileServer;
let emulator: SymblEmulator;
let accessToken: string;
beforeEach(async () => {
	files = new FileServer(folder, SIGNATURE);
	await files.start();
	emulator = new SymblEmulator({ jobStepMs: 10, concurrentJobLimit: 50 });
	await emulator.start();
	accessToken = await token(emulator);
});
afterEach(async () => {
	await emulator.stop();
	await files.stop();
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Submits `url` to the kind's URL call and resolves with the job's last status and its download. */
async function submit(kind: 'video' | 'audio', url: string, conversationId?: string) {
	const answer = await sendJson(
		emulator,
		accessToken,
		`/v1/process/${kind}/url`,
		{ url },
		conversationId,
	);
	expect(answer.status).toBe(201);
	const { jobId } = answer.body as { jobId: string; conversationId: string };
	const job = emulator.jobs.get(jobId)!;
	const started = Date.now();
	while (job.status === 'scheduled' || job.status === 'in_progress') {
		if (Date.now() - started > 5000) throw new Error('the job did not end');
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
	return { ...(answer.body as { jobId: string; conversationId: string }), job };
}

const status = async (jobId: string) =>
	(
		(await call(emulator, 'GET', `/v1/job/${jobId}`, { token: accessToken })).body as {
			status: JobStatus;
		}
	).status;

describe('URL uploads: the emulator downloads the recording when the job starts', () => {
	it('is a documented rule', () => {
		expect(RULES.map((rule) => rule.id)).toEqual(expect.arrayContaining(['urlDownload']));
	});

	it('downloads a signed URL as given, hashes what it got, and transcribes that file', async () => {
		const video = await submit('video', files.signedUrl('meeting.mp4'));
		const audio = await submit('audio', files.signedUrl('call.wav'), video.conversationId);
		expect(await status(video.jobId)).toBe('completed');
		expect(await status(audio.jobId)).toBe('completed');

		expect(emulator.downloads).toEqual([
			expect.objectContaining({
				jobId: video.jobId,
				kind: 'video',
				status: 200,
				contentType: 'video/mp4',
				bytes: MP4.length,
				bodySha256: sha256(MP4),
			}),
			expect.objectContaining({
				jobId: audio.jobId,
				kind: 'audio',
				status: 200,
				contentType: 'audio/wav',
				bytes: WAV.length,
				bodySha256: sha256(WAV),
				found: 'WAV audio',
			}),
		]);
		expect(emulator.downloads.every((record) => record.error === undefined)).toBe(true);
		// The signed query string reached the server intact.
		expect(files.requests.map((request) => request.query['X-Amz-Signature'])).toEqual([
			SIGNATURE,
			SIGNATURE,
		]);
		const messages = await call(
			emulator,
			'GET',
			`/v1/conversations/${video.conversationId}/messages`,
			{ token: accessToken },
		);
		expect(JSON.stringify(messages.body)).toContain(`(${MP4.length} bytes) was transcribed`);
		expect(JSON.stringify(messages.body)).toContain(`(${WAV.length} bytes) was transcribed`);
	});

	it.each([
		['404', () => files.signedUrl('missing.mp4'), /answered HTTP 404/],
		['403 (a signature that does not match)', () => `${files.baseUrl}/files/meeting.mp4`, /403/],
		['an HTML page', () => `${files.baseUrl}/html/meeting.mp4`, /gave an HTML page, not a/],
	])('fails the job, after answering 201, for a URL that answers %s', async (_case, url, error) => {
		const receiver = new Receiver();
		const hook = await receiver.start();
		const answer = await sendJson(emulator, accessToken, '/v1/process/video/url', {
			url: url(),
			webhookUrl: hook,
		});
		expect(answer.status).toBe(201);
		const { jobId } = answer.body as { jobId: string };
		await emulator.waitForCallback(
			(record) => record.jobId === jobId && record.status === 'failed',
		);
		await receiver.stop();
		expect(await status(jobId)).toBe('failed');
		expect(receiver.bodies.map((body) => (body as { status: string }).status)).toEqual([
			'scheduled',
			'in_progress',
			'failed',
		]);
		expect(emulator.downloads).toEqual([
			expect.objectContaining({ jobId, error: expect.any(String) }),
		]);
		expect(emulator.downloads[0].error).toMatch(error);
	});

	it('fails an audio job whose URL gives a video file, and a video job given audio', async () => {
		const audio = await submit('audio', files.signedUrl('meeting.mp4'));
		const video = await submit('video', files.signedUrl('call.wav'));
		// M4A is an MP4 container: audio takes any ISO file; video takes nothing but MP4.
		expect(audio.job.status).toBe('completed');
		expect(video.job.status).toBe('failed');
		expect(emulator.downloads[1].error).toMatch(/unknown data .* not a MP4 video/);
	});

	it('does not follow a redirect (Symbl does not support redirected links)', async () => {
		const redirect = createServer((_req, res) => {
			res.writeHead(302, { Location: files.signedUrl('meeting.mp4') }).end();
		});
		await new Promise<void>((resolve) => redirect.listen(0, '127.0.0.1', resolve));
		const { port } = redirect.address() as AddressInfo;
		try {
			const { job } = await submit('video', `http://127.0.0.1:${port}/share/meeting`);
			expect(job.status).toBe('failed');
			expect(job.download).toMatchObject({ status: 302 });
			expect(job.download?.error).toMatch(/redirect/);
			expect(files.requests).toEqual([]);
		} finally {
			redirect.close();
		}
	});

	it('downloads from loopback only: any other host fails the job without a connection', async () => {
		const { job } = await submit('video', 'https://storage.example.com/meeting.mp4');
		expect(job.status).toBe('failed');
		expect(job.download).toMatchObject({
			status: 0,
			bytes: 0,
			error: 'not downloaded: the emulator downloads from loopback addresses only',
		});
	});

	it('recognises the formats the calls take by their first bytes', () => {
		expect(recordingFormat('video', MP4)).toMatch(/^MP4/);
		expect(recordingFormat('audio', WAV)).toBe('WAV audio');
		expect(recordingFormat('audio', Buffer.from('ID3\x04\x00', 'latin1'))).toMatch(/^MP3/);
		expect(recordingFormat('audio', Buffer.from([0xff, 0xfb, 0x90, 0x64]))).toMatch(/^MP3/);
		expect(recordingFormat('audio', Buffer.from('<!DOCTYPE html>'))).toBeUndefined();
		expect(recordingFormat('video', WAV)).toBeUndefined();
	});
});
