/**
 * Workflows and checks for queue.sh (the packed package in n8n's queue mode):
 *   scenarios.ts workflows DIR EMULATOR_URL MEDIA_DIR      writes credentials.json and workflows.json
 *   scenarios.ts check KIND ROWS EMULATOR_LOG FLATTED ...  checks one scenario's executions and uploads
 * ROWS holds the executions the scenario started (Postgres' execution_entity joined with
 * execution_data, as JSON); FLATTED is the n8n install's own `flatted` module.
 * Kinds:  body NAME FILE       the MP4 POSTed as the webhook body reached Symbl whole (Submit)
 *         append CONV FILE     Read Files → Append Video sent FILE whole to conversation CONV
 *         refused FILE         Append refused FILE (database mode, above n8n's read-back limit)
 *         trigger JOB CONV     one callback started exactly one trigger execution
 *         wait NAME            Submit with Wait for Completion resumed on the callback and finished
 *         burst PREFIX COUNT   COUNT executions, keys PREFIX-0…, each ran and uploaded exactly once
 */
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { IDataObject, IRunExecutionData } from 'n8n-workflow';

import { fail, node, workflow } from '../workflows';

export const WORKFLOWS = {
	body: { id: 'qBody', path: 'q-body' },
	append: { id: 'qAppend', path: 'q-append' },
	burst: { id: 'qBurst', path: 'q-burst' },
	wait: { id: 'qWait', path: 'q-wait' },
	trigger: { id: 'qTrigger', webhookId: 'q-symbl-trigger', token: 'q-token' },
} as const;
const CREDENTIAL = { symblApi: { id: 'symblQueue', name: 'Symbl (emulator)' } };
const SEED = 'meeting-part1.mp4';
/** What n8n's database binary mode can read back (Postgres bytea as hex text, V8's string limit). */
const DATABASE_READ_LIMIT = '268,435,443';

type Row = { id: number; workflowId: string; status: string; data: string | null };
type Upload = {
	method: string;
	path: string;
	query: Record<string, string>;
	bodyBytes: number;
	bodySha256: string;
	status: number;
};

const webhook = (path: string, responseMode: 'lastNode' | 'onReceived') =>
	node(
		'Start',
		'n8n-nodes-base.webhook',
		{ httpMethod: 'POST', path, responseMode, options: {} },
		{ typeVersion: 2, webhookId: path },
	);
const read = (fileSelector: string) =>
	node('Read', 'n8n-nodes-base.readWriteFile', { fileSelector, options: {} });
const symbl = (name: string, parameters: object) =>
	node(name, 'n8n-nodes-symbl.symbl', parameters, { credentials: CREDENTIAL });
const submit = (name: string, extra: object = {}) =>
	symbl('Submit', {
		resource: 'video',
		operation: 'submit',
		binaryPropertyName: 'data',
		...extra,
		options: { name },
	});

function writeWorkflows(dir: string, emulatorUrl: string, media: string): void {
	writeFileSync(
		join(dir, 'credentials.json'),
		JSON.stringify([
			{
				...CREDENTIAL.symblApi,
				type: 'symblApi',
				data: { appId: 'emulator-app-id', appSecret: 'emulator-app-secret', baseUrl: emulatorUrl },
			},
		]),
	);
	const { body, append, burst, wait, trigger } = WORKFLOWS;
	const workflows = [
		// The webhook processor stores the request body as binary data; a worker uploads it.
		workflow(body.id, 'queue: body → Submit', [
			webhook(body.path, 'lastNode'),
			submit('={{ $json.query.name }}'),
		]),
		// A worker reads a file into the binary store and streams it to Symbl.
		workflow(append.id, 'queue: file → Append', [
			webhook(append.path, 'lastNode'),
			read('={{ $json.body.file }}'),
			symbl('Append', {
				resource: 'video',
				operation: 'append',
				conversationId: "={{ $('Start').item.json.body.conversationId }}",
				binaryPropertyName: 'data',
				options: {},
			}),
		]),
		workflow(burst.id, 'queue: burst', [
			webhook(burst.path, 'lastNode'),
			read(join(media, SEED)),
			submit("={{ $('Start').item.json.body.key }}"),
		]),
		workflow(wait.id, 'queue: wait for completion', [
			webhook(wait.path, 'onReceived'),
			read(join(media, SEED)),
			submit("={{ $('Start').item.json.body.name }}", {
				waitForCompletion: 'callback',
				pollIntervalSeconds: 5,
			}),
			symbl('Messages', {
				resource: 'conversation',
				operation: 'getResults',
				conversationId: '={{ $json.conversationId }}',
				results: ['messages'],
			}),
		]),
		workflow(trigger.id, 'queue: Symbl Trigger', [
			node(
				'Symbl Trigger',
				'n8n-nodes-symbl.symblTrigger',
				{ statuses: ['completed', 'failed'], options: { sharedSecret: trigger.token } },
				{ webhookId: trigger.webhookId },
			),
		]),
	];
	writeFileSync(join(dir, 'workflows.json'), JSON.stringify(workflows));
}

async function sha256(file: string): Promise<string> {
	const hash = createHash('sha256');
	for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) hash.update(chunk);
	return hash.digest('hex');
}

function uploads(logFile: string): Upload[] {
	return readFileSync(logFile, 'utf8')
		.split('\n')
		.filter((line) => line.startsWith('{'))
		.map((line) => JSON.parse(line) as Upload)
		.filter((request) => request.path.startsWith('/v1/process/video'));
}

type Run = Row & { run: IRunExecutionData };

async function executions(rowsFile: string, flattedModule: string, workflowId: string) {
	const flatted = (await import(flattedModule)) as { parse: (text: string) => unknown };
	return (JSON.parse(readFileSync(rowsFile, 'utf8')) as Row[])
		.filter((row) => row.workflowId === workflowId)
		.map((row) => ({ ...row, run: flatted.parse(row.data ?? 'null') as IRunExecutionData }));
}

function output(run: IRunExecutionData, name: string): IDataObject[] {
	const runs = run?.resultData?.runData?.[name];
	if (!runs) fail(`node "${name}" did not run`);
	return (runs[runs.length - 1].data?.main[0] ?? []).map((item) => item.json);
}

function only(runs: Run[], what: string, status = 'success'): Run {
	if (runs.length !== 1 || runs[0].status !== status) {
		const error = runs[0]?.run?.resultData?.error?.message;
		fail(
			`${what}: expected one ${status} execution, got ${JSON.stringify(runs.map((r) => r.status))}${error ? `: ${error}` : ''}`,
		);
	}
	return runs[0];
}

/** The one upload matching `match` arrived whole: its byte count and sha256 are the file's. */
async function arrivedWhole(sent: Upload[], file: string, what: string): Promise<Upload> {
	if (sent.length !== 1) fail(`${what}: the emulator saw ${sent.length} matching uploads`);
	const [upload] = sent;
	const size = statSync(file).size;
	if (upload.status !== 201) fail(`${what}: the upload was answered ${upload.status}`);
	if (upload.bodyBytes !== size || upload.bodySha256 !== (await sha256(file))) {
		fail(`${what}: ${upload.bodyBytes} bytes arrived (sha256 ${upload.bodySha256}), sent ${size}`);
	}
	return upload;
}

async function check(kind: string, rows: string, log: string, flatted: string, args: string[]) {
	const mib = (file: string) => `${(statSync(file).size / 1048576).toFixed(0)} MiB`;
	switch (kind) {
		case 'body': {
			const [name, file] = args;
			const { id, run } = only(await executions(rows, flatted, WORKFLOWS.body.id), 'body');
			const [answer] = output(run, 'Submit');
			const sent = uploads(log).filter((u) => u.method === 'POST' && u.query.name === name);
			await arrivedWhole(sent, file, 'body');
			const stored = (
				run.resultData.runData.Start[0].data?.main[0]?.[0]?.binary?.data?.id ?? ''
			).split(':')[0];
			return `execution ${id}: the webhook processor stored ${mib(file)} (${stored || 'memory'}), Submit sent it whole → conversation ${String(answer.conversationId)}`;
		}
		case 'append': {
			const [conversationId, file] = args;
			const { id, run } = only(await executions(rows, flatted, WORKFLOWS.append.id), 'append');
			const [answer] = output(run, 'Append');
			if (answer.conversationId !== conversationId) fail(`append: ${JSON.stringify(answer)}`);
			const sent = uploads(log).filter(
				(u) =>
					u.method === 'PUT' &&
					u.path === `/v1/process/video/${conversationId}` &&
					u.bodyBytes === statSync(file).size,
			);
			await arrivedWhole(sent, file, 'append');
			return `execution ${id}: ${basename(file)} (${mib(file)}) arrived whole (sha256) → job ${String(answer.jobId)}`;
		}
		case 'refused': {
			const [file] = args;
			const { id, run } = only(
				await executions(rows, flatted, WORKFLOWS.append.id),
				'refused',
				'error',
			);
			const message = run.resultData.error?.message ?? '';
			const lastNode = run.resultData.lastNodeExecuted;
			if (lastNode !== 'Append' || !message.includes(DATABASE_READ_LIMIT)) {
				fail(`refused: ${lastNode}: ${message}`);
			}
			const size = statSync(file).size;
			if (uploads(log).some((u) => u.bodyBytes === size)) fail('refused: the file was sent');
			return `execution ${id}: Append refused ${size} bytes before loading them: "${message}"`;
		}
		case 'trigger': {
			const [jobId, conversationId] = args;
			const { id, run } = only(await executions(rows, flatted, WORKFLOWS.trigger.id), 'trigger');
			const [item] = output(run, 'Symbl Trigger');
			if (
				item.jobId !== jobId ||
				item.status !== 'completed' ||
				item.conversationId !== conversationId
			) {
				fail(`trigger: item ${JSON.stringify(item)}`);
			}
			return `execution ${id}: ${JSON.stringify({ jobId, status: item.status, conversationId })}`;
		}
		case 'wait': {
			const [name] = args;
			const { id, run } = only(await executions(rows, flatted, WORKFLOWS.wait.id), 'wait');
			const [submitted] = output(run, 'Submit');
			const [messages] = output(run, 'Messages');
			const sent = uploads(log).filter((u) => u.query.name === name);
			const resumeUrl = sent[0]?.query.webhookUrl ?? '';
			// The execution's resume URL plus the node: /webhook-waiting/<id>/Submit in n8n 1.x;
			// n8n 2.x signs it (?signature=<token>) and reads the node after the token's slash.
			const url = URL.canParse(resumeUrl) ? new URL(resumeUrl) : undefined;
			const node =
				url?.pathname === `/webhook-waiting/${id}`
					? url.searchParams.get('signature')?.split('/')[1]
					: url?.pathname.replace(`/webhook-waiting/${id}/`, '');
			if (sent.length !== 1 || node !== 'Submit') {
				fail(`wait: the upload's webhookUrl was ${resumeUrl}`);
			}
			if (
				submitted.status !== 'completed' ||
				typeof submitted.conversationId !== 'string' ||
				messages.conversationId !== submitted.conversationId
			) {
				fail(`wait: Submit ${JSON.stringify(submitted)}, Messages ${JSON.stringify(messages)}`);
			}
			return `execution ${id}: resumed by the callback to ${new URL(resumeUrl).origin}; Submit → ${JSON.stringify(submitted)}`;
		}
		case 'burst': {
			const [prefix, count] = [args[0], Number(args[1])];
			const runs = await executions(rows, flatted, WORKFLOWS.burst.id);
			const keys = runs.map(
				(r) => (output(r.run, 'Start')[0]?.body as IDataObject | undefined)?.key,
			);
			const expected = Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
			const failed = runs.filter((r) => r.status !== 'success');
			if (
				runs.length !== count ||
				failed.length ||
				[...keys].sort().join() !== expected.sort().join()
			) {
				fail(
					`burst: ${runs.length} executions (${failed.length} not successful), keys ${JSON.stringify(keys)}`,
				);
			}
			const sent = uploads(log).filter((u) => u.query.name?.startsWith(`${prefix}-`));
			const names = sent.map((u) => u.query.name).sort();
			if (names.join() !== expected.join() || sent.some((u) => u.status !== 201)) {
				fail(`burst: the emulator saw uploads ${JSON.stringify(names)}`);
			}
			return `${count} executions, ${count} uploads, each key once`;
		}
		default:
			fail(`unknown check ${kind}`);
	}
}

async function main(): Promise<void> {
	const [command, ...args] = process.argv.slice(2);
	if (command === 'workflows') return writeWorkflows(args[0], args[1], args[2]);
	if (command === 'check') {
		const [kind, rows, log, flatted, ...rest] = args;
		console.log(`ok: ${kind}: ${await check(kind, rows, log, flatted, rest)}`);
		return;
	}
	fail(`unknown command ${command}`);
}

main().catch((error: Error) => {
	console.error(`FAIL: ${error.message}`);
	process.exit(1);
});
