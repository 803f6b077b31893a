/**
 * The benchmark's yardstick: bare clients that PUT a file to the same sink as the node, so that
 * the fastest of them is the limit of this path (loopback, this sink, this machine) at that moment.
 *   curlT     — curl -T FILE -H 'Expect:' (curl's streaming upload, no 100-continue round trip)
 *   nodePipe  — fs.createReadStream(FILE, { highWaterMark: 1 MiB }).pipe(http.request) (raw-put.cjs)
 *   sendfile  — sendfile(2): the kernel copies the file into the socket (sendfile-put.py, python3)
 * Each is timed by itself (from before it connects to the answer's last byte, without the
 * process's own start-up) and by the sink (the emulator's first → last body byte).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';

import type { RemoteSink, SinkUpload } from './remote-sink';

export const RAW_CLIENTS = ['curlT', 'nodePipe', 'sendfile'] as const;
export type RawClient = (typeof RAW_CLIENTS)[number];
export const RAW_CLIENT_NAMES: Record<RawClient, string> = {
	curlT: "curl -T (-H 'Expect:')",
	nodePipe: 'Node createReadStream(1 MiB).pipe(http.request)',
	sendfile: 'sendfile(2) (python3 socket.sendfile)',
};

export type OnCpu = (command: string, args: string[]) => [string, string[]];

const MiB = 1024 * 1024;

/** An MP4 (an ftyp box, then random filler) of `bytes` bytes. */
export function makeMp4(path: string, bytes: number): void {
	const ftyp = Buffer.from('00000018667479706d703432000000006d7034326973366f6d', 'hex').subarray(
		0,
		24,
	);
	const filler = randomBytes(MiB);
	const fd = openSync(path, 'w');
	try {
		writeSync(fd, ftyp);
		let written = ftyp.length;
		while (written < bytes)
			written += writeSync(fd, filler, 0, Math.min(filler.length, bytes - written));
	} finally {
		closeSync(fd);
	}
}

export interface RawPut {
	/** The client's own time: before it connected → the answer's last byte. */
	clientMs: number;
	/** The sink's: first body byte → last body byte. */
	sinkMs: number;
	/** The sink's: the request's headers → its first body byte. */
	waitMs: number;
	record: SinkUpload;
	/** Epoch ms at which the client started (before connecting). */
	startedAt: number;
}

function run(
	command: string,
	args: string[],
): Promise<{ code: number | null; out: string; err: string }> {
	return new Promise((resolve) => {
		const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
		let out = '';
		let err = '';
		child.stdout.on('data', (chunk) => (out += chunk));
		child.stderr.on('data', (chunk) => (err += chunk));
		child.on('close', (code) => resolve({ code, out, err }));
	});
}

/** The sink's timing of one accepted upload. */
export function sinkTimes(record: SinkUpload): { sinkMs: number; waitMs: number } {
	return {
		sinkMs: record.bodyLastAt - record.bodyFirstAt,
		waitMs: record.bodyFirstAt - record.arrivedAt,
	};
}

/**
 * One upload of `file` by a raw client into a new conversation; throws unless the emulator
 * accepted every byte. `node`: the Node binary for nodePipe.
 */
export async function rawPut(
	client: RawClient | 'curlTOld',
	file: string,
	sink: RemoteSink,
	token: string,
	onCpu: OnCpu,
	node = process.execPath,
): Promise<RawPut> {
	const conversationId = await sink.createConversation();
	const url = `${sink.baseUrl}/v1/process/video/${conversationId}?languageCode=en-US`;
	const before = sink.count;
	let command: [string, string[]];
	if (client === 'curlT' || client === 'curlTOld')
		command = onCpu('curl', [
			'-sS',
			'-o',
			'/dev/null',
			'-w',
			'%{time_total}',
			'-X',
			'PUT',
			'-H',
			'Content-Type: video/mp4',
			'-H',
			`Authorization: Bearer ${token}`,
			// Without it curl asks "Expect: 100-continue" first and waits for the answer.
			...(client === 'curlT' ? ['-H', 'Expect:'] : []),
			'-T',
			file,
			url,
		]);
	else if (client === 'nodePipe')
		command = onCpu(node, [join(__dirname, 'raw-put.cjs'), file, url, token]);
	else command = onCpu('python3', [join(__dirname, 'sendfile-put.py'), file, url, token]);
	const { code, out, err } = await run(...command);
	if (code !== 0) throw new Error(`${client} exited ${code}: ${err.trim().slice(0, 300)}`);
	const [record] = await sink.uploadsSince(before, 1);
	if (!record || record.status !== 201)
		throw new Error(`${client}: the sink answered ${record?.status ?? 'nothing'}`);
	// curl's own total (-w %{time_total}) starts as it resolves the name; the others print theirs.
	let clientMs: number;
	let startedAt: number;
	if (client.startsWith('curl')) {
		clientMs = Number(out.trim()) * 1000;
		startedAt = record.bodyLastAt - clientMs;
	} else {
		({ ms: clientMs, startedAt } = JSON.parse(out.trim().split('\n').pop()!) as {
			ms: number;
			startedAt: number;
		});
	}
	return { clientMs, startedAt, ...sinkTimes(record), record };
}
