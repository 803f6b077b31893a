/**
 * One measured upload, in its own process so its memory figures are its own:
 *   upload-client.ts <ours|httpNode> <file> <baseUrl> <conversationId> <token> [scratchDir]
 * Loads the file into n8n's filesystem binary store, resets the peak-RSS mark,
 * then runs the upload workflow in WorkflowExecute and prints one JSON line.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INode } from 'n8n-workflow';

import { EMULATOR_APP_ID, EMULATOR_APP_SECRET } from '../../emulator';
import { EngineHarness, nodeOutput, runError } from '../../harness';

const [runner, file, baseUrl, conversationId, token, scratchDir] = process.argv.slice(2);

function memoryKiB(field: 'VmRSS' | 'VmHWM'): number {
	const match = new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync('/proc/self/status', 'utf8'));
	return Number(match?.[1] ?? NaN);
}

function uploadNode(): INode {
	if (runner === 'ours') {
		return {
			id: 'upload',
			name: 'Upload',
			type: 'n8n-nodes-symbl.symbl',
			typeVersion: 1,
			position: [0, 0],
			credentials: { symblApi: { id: 'bench', name: 'bench' } },
			parameters: {
				resource: 'video',
				operation: 'append',
				conversationId,
				options: { languageCode: 'en-US' },
			},
		};
	}
	// n8n's HTTP Request node set up by hand for the same call, as a user would today.
	return {
		id: 'upload',
		name: 'Upload',
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position: [0, 0],
		parameters: {
			method: 'PUT',
			url: `${baseUrl}/v1/process/video/${conversationId}`,
			sendQuery: true,
			queryParameters: { parameters: [{ name: 'languageCode', value: 'en-US' }] },
			sendHeaders: true,
			headerParameters: {
				parameters: [
					{ name: 'Authorization', value: `Bearer ${token}` },
					{ name: 'Content-Type', value: 'video/mp4' },
				],
			},
			sendBody: true,
			contentType: 'binaryData',
			inputDataFieldName: 'data',
			options: {},
		},
	};
}

async function main() {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { HttpRequest } = require('../../bench-deps/node_modules/n8n-nodes-base/dist/nodes/HttpRequest/HttpRequest.node');
	const binaryStoragePath = scratchDir ? mkdtempSync(join(scratchDir, 'n8n-binary-')) : undefined;
	if (binaryStoragePath)
		process.once('exit', () => rmSync(binaryStoragePath, { recursive: true, force: true }));
	const harness = new EngineHarness({
		binaryMode: 'filesystem',
		binaryStoragePath,
		nodeTypes: { 'n8n-nodes-base.httpRequest': new HttpRequest() },
	});
	harness.credentials.save('bench', 'symblApi', {
		appId: EMULATOR_APP_ID,
		appSecret: EMULATOR_APP_SECRET,
		baseUrl,
		accessToken: token,
	});

	const load: INode = {
		id: 'load',
		name: 'Load',
		type: 'harness.loadFiles',
		typeVersion: 1,
		position: [0, 0],
		parameters: { files: JSON.stringify([{ path: file }]) },
	};
	const loaded = await harness.run({ nodes: [load], connections: {} });
	const items = nodeOutput(loaded, 'Load');
	if (!items[0]?.binary?.data?.id)
		throw new Error('The file did not land in the filesystem binary store');

	// Flush the copy into the binary store so disk writeback does not compete with the upload.
	execFileSync('sync');
	// The load run has already warmed the engine; growth is measured from here.
	global.gc?.();
	writeFileSync('/proc/self/clear_refs', '5');
	const baselineKiB = memoryKiB('VmRSS');
	const started = performance.now();
	const run = await harness.run({ nodes: [uploadNode()], connections: {} }, { input: items });
	const seconds = (performance.now() - started) / 1000;
	const peakKiB = memoryKiB('VmHWM');
	const error = runError(run);
	if (error) throw new Error(error.message);
	console.log(
		JSON.stringify({
			runner,
			seconds,
			baselineKiB,
			peakKiB,
			response: nodeOutput(run, 'Upload')[0]?.json,
		}),
	);
}

main().then(
	() => process.exit(0),
	(error) => {
		console.error(String(error?.stack ?? error));
		process.exit(1);
	},
);
