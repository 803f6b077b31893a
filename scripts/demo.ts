/**
 * The main job: a sample meeting recording in two parts goes through the Symbl
 * node inside n8n's execution engine, against the embedded Symbl emulator.
 *   Load part 1 → Submit Video → Load part 2 → Append Video
 * Prints what the workflow returned and what the emulator received.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { SymblEmulator } from '../emulator';
import { EngineHarness, nodeOutput, runError } from '../harness';

const FIXTURES = join(__dirname, '..', 'test', 'fixtures');
const PARTS = [join(FIXTURES, 'meeting-part1.mp4'), join(FIXTURES, 'meeting-part2.mp4')];

function sha256(path: string): string {
	return createHash('sha256').update(readFileSync(path)).digest('hex');
}

async function main(): Promise<number> {
	const emulator = new SymblEmulator();
	const baseUrl = await emulator.start();
	try {
		const harness = new EngineHarness({ binaryMode: 'filesystem' });
		const credential = harness.credentials.save('demo', 'symblApi', {
			appId: emulator.appId,
			appSecret: emulator.appSecret,
			baseUrl,
		});
		const node = (name: string, type: string, parameters: object, extra = {}) => ({
			id: name,
			name,
			type,
			typeVersion: 1,
			position: [0, 0] as [number, number],
			parameters: parameters as never,
			...extra,
		});
		const symbl = { credentials: { symblApi: credential } };
		const nodes = [
			node('Load Part 1', 'harness.loadFiles', { files: JSON.stringify([{ path: PARTS[0] }]) }),
			node('Submit Video', 'n8n-nodes-symbl.symbl', { resource: 'video', operation: 'submit', options: { name: 'Demo weekly sync', languageCode: 'en-US' } }, symbl),
			node('Load Part 2', 'harness.loadFiles', { files: JSON.stringify([{ path: PARTS[1] }]) }),
			node(
				'Append Video',
				'n8n-nodes-symbl.symbl',
				{ resource: 'video', operation: 'append', conversationId: '={{ $json.conversationId }}', options: { detectPhrases: true } },
				symbl,
			),
		];
		const connections = Object.fromEntries(
			nodes.slice(0, -1).map((from, i) => [from.name, { main: [[{ node: nodes[i + 1].name, type: 'main' as const, index: 0 }]] }]),
		);

		console.log(`Symbl emulator on ${baseUrl}; running the workflow in n8n-core's WorkflowExecute (filesystem binary mode)\n`);
		const run = await harness.run({ nodes, connections });
		const error = runError(run);
		if (error) {
			console.error(`The workflow failed: ${error.message}`);
			return 1;
		}
		for (const name of ['Submit Video', 'Append Video']) {
			console.log(`${name} →`, JSON.stringify(nodeOutput(run, name).map((item) => item.json)));
		}
		console.log('\nWhat the emulator received:');
		const uploads = emulator.uploads();
		uploads.forEach((upload, i) => {
			const intact = upload.bodySha256 === sha256(PARTS[i]) ? 'intact' : 'CORRUPTED';
			console.log(`  ${upload.method} ${upload.path}?${new URLSearchParams(upload.query as Record<string, string>)} → ${upload.status}, ${upload.bodyBytes} bytes, sha256 ${upload.bodySha256.slice(0, 16)}… (${intact})`);
		});
		const appended = nodeOutput(run, 'Append Video')[0]?.json;
		const ok =
			uploads.length === 2 &&
			uploads.every((upload, i) => upload.status === 201 && upload.bodySha256 === sha256(PARTS[i])) &&
			typeof appended?.conversationId === 'string' &&
			typeof appended?.jobId === 'string';
		console.log(ok ? `\nconversationId=${appended.conversationId} jobId=${appended.jobId}` : '\nUnexpected result');
		return ok ? 0 : 1;
	} finally {
		await emulator.stop();
	}
}

main().then(
	(code) => process.exit(code),
	(error) => {
		console.error(error);
		process.exit(1);
	},
);
