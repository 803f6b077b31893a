/**
 * Workflows and checks for real-n8n.sh (the packed package inside a real n8n, any version):
 *   scenarios.ts workflows DIR EMULATOR_URL N8N_PORT   writes credentials.json and workflows.json
 *   scenarios.ts execute OUT EMULATOR_LOG BINARY_MODE  A: checks `n8n execute --rawOutput` and the uploads
 *   scenarios.ts trigger ROWS FLATTED                  B: checks the trigger workflow's executions
 *   scenarios.ts loop ROWS EMULATOR_LOG FLATTED        C: checks the upload → callback → results loop
 *   scenarios.ts wait ROWS EMULATOR_LOG FLATTED        D: checks Submit with Wait for Completion
 *   scenarios.ts request KIND FILES_URL SIGNATURE MEDIA N8N_PORT
 *                                                       E/F: prints the JSON body that starts KIND
 *   scenarios.ts operations KIND ROWS EMULATOR_LOG FILES_LOG FLATTED MEDIA OUT
 *                                                       E/F: checks every operation of KIND (uploads:
 *                                                       E, conversation: F), one row each into OUT
 *   (operations.ts: the E and F workflows and their checks)
 * ROWS is n8n's execution_entity joined with execution_data, as JSON; FLATTED is the n8n install's
 * own `flatted` module, which n8n stores execution data with.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IDataObject, INode, IRunExecutionData } from 'n8n-workflow';

import type { Upload } from './run-data';
import { emulatorUploads, executions, output, runsWithItems } from './run-data';
import type { OPS } from './operations';
import { checkOperations, operationWorkflows, requestBody } from './operations';
import { CREDENTIAL, fail, node, symbl, webhook, workflow } from './workflows';

const FIXTURES = join(__dirname, '..', 'fixtures');
const PART1 = 'meeting-part1.mp4';
const PART2 = 'meeting-part2.mp4';
const APP_ID = 'emulator-app-id';
const APP_SECRET = 'emulator-app-secret';
/** B: the Symbl Trigger that curl calls with hand-made callbacks. */
const TRIGGER = { id: 'e2eTrigger', webhookId: 'e2e-symbl-trigger', token: 'e2e-token' };
/** C: the Symbl Trigger the emulator calls back, and the workflow that uploads with its URL. */
const RESULTS = { id: 'e2eResults', webhookId: 'e2e-symbl-results', token: 'loop-token' };
const LOOP = { id: 'e2eLoop', path: 'e2e-start', name: 'e2e-loop' };
/** D: Webhook → Read → Submit (Wait for Completion) → Get Results, once per way of waiting. */
export const WAIT = {
	callback: { id: 'e2eWaitCallback', path: 'e2e-wait-callback' },
	poll: { id: 'e2eWaitPoll', path: 'e2e-wait-poll' },
} as const;

type Json = IDataObject;

function sha256(file: string): string {
	return createHash('sha256')
		.update(readFileSync(join(FIXTURES, file)))
		.digest('hex');
}

const read = (name: string, file: string) =>
	node(name, 'n8n-nodes-base.readWriteFile', {
		fileSelector: join(FIXTURES, file),
		options: {},
	});

const symblTrigger = (webhookId: string, token: string) =>
	node(
		'Symbl Trigger',
		'n8n-nodes-symbl.symblTrigger',
		{ statuses: ['completed', 'failed'], options: { sharedSecret: token } },
		{ webhookId },
	);

/** Read → Submit → Read → Append, started by `start`. */
function uploads(start: INode, submitOptions: Json, appendOptions: Json): INode[] {
	return [
		start,
		read('Read Part 1', PART1),
		symbl('Submit', {
			resource: 'video',
			operation: 'submit',
			binaryPropertyName: 'data',
			options: submitOptions,
		}),
		read('Read Part 2', PART2),
		symbl('Append', {
			resource: 'video',
			operation: 'append',
			conversationId: '={{ $("Submit").item.json.conversationId }}',
			binaryPropertyName: 'data',
			options: appendOptions,
		}),
	];
}

function writeWorkflows(dir: string, emulatorUrl: string, n8nPort: string): void {
	writeFileSync(
		join(dir, 'credentials.json'),
		JSON.stringify([
			{
				...CREDENTIAL.symblApi,
				type: 'symblApi',
				data: { appId: APP_ID, appSecret: APP_SECRET, baseUrl: emulatorUrl },
			},
		]),
	);
	const manual = node('Start', 'n8n-nodes-base.manualTrigger', {});
	const resultsUrl = `http://127.0.0.1:${n8nPort}/webhook/${RESULTS.webhookId}/symbl?token=${RESULTS.token}`;
	// Symbl builds a summary only for uploads that asked for one (enableSummary=true).
	const loopOptions = {
		webhookUrl: resultsUrl,
		correlationKey: '={{ $binary.data.fileName }}',
		enableSummary: true,
	};

	// Symbl documents callbacks as {jobId, status}: only Append Video knows the conversation
	// beforehand and puts it in the URL, so results are read when a callback names one.
	const trigger = symblTrigger(RESULTS.webhookId, RESULTS.token);
	const knows = node(
		'Completed, conversation known?',
		'n8n-nodes-base.if',
		{
			conditions: {
				options: { caseSensitive: true, leftValue: '', typeValidation: 'loose' },
				combinator: 'and',
				conditions: [
					{
						id: 'completed',
						leftValue: '={{ $json.status }}',
						rightValue: 'completed',
						operator: { type: 'string', operation: 'equals' },
					},
					{
						id: 'known',
						leftValue: '={{ $json.conversationId }}',
						rightValue: '',
						operator: { type: 'string', operation: 'notEmpty', singleValue: true },
					},
				],
			},
			options: {},
		},
		{ typeVersion: 2 },
	);
	const getResults = symbl('Get Results', {
		resource: 'conversation',
		operation: 'getResults',
		conversationId: '={{ $json.conversationId }}',
		results: ['messages', 'topics', 'summary'],
	});
	const other = node('Other Callback', 'n8n-nodes-base.noOp', {});

	const workflows = [
		workflow(
			'e2eUpload',
			'e2e upload',
			uploads(
				manual,
				{ name: 'e2e', customVocabulary: ['n8n', 'Symbl'] },
				{
					confidenceThreshold: 0.8,
				},
			),
		),
		workflow(TRIGGER.id, 'e2e trigger', [symblTrigger(TRIGGER.webhookId, TRIGGER.token)]),
		workflow(
			LOOP.id,
			'e2e loop',
			uploads(webhook(LOOP.path), { name: LOOP.name, ...loopOptions }, loopOptions),
		),
		workflow(RESULTS.id, 'e2e results', [trigger, knows, getResults, other], {
			[trigger.name]: { main: [[{ node: knows.name, type: 'main', index: 0 }]] },
			[knows.name]: {
				main: [
					[{ node: getResults.name, type: 'main', index: 0 }],
					[{ node: other.name, type: 'main', index: 0 }],
				],
			},
		}),
	];
	for (const [mode, { id, path }] of Object.entries(WAIT)) {
		workflows.push(
			workflow(id, `e2e wait (${mode})`, [
				webhook(path),
				read('Read Part 1', PART1),
				symbl('Submit', {
					resource: 'video',
					operation: 'submit',
					binaryPropertyName: 'data',
					waitForCompletion: mode,
					pollIntervalSeconds: 5,
					options: { name: `e2e-wait-${mode}` },
				}),
				symbl('Messages', {
					resource: 'conversation',
					operation: 'getMessages',
					conversationId: '={{ $json.conversationId }}',
					splitIntoItems: false,
				}),
			]),
		);
	}
	writeFileSync(
		join(dir, 'workflows.json'),
		JSON.stringify([...workflows, ...operationWorkflows()]),
	);
}

/** Both files arrived intact, as POST then PUT to the conversation Submit returned. */
function checkUploads(sent: Upload[], conversationId: string): void {
	const seen = JSON.stringify(
		sent.map(({ method, path, status, bodySha256 }) => ({ method, path, status, bodySha256 })),
	);
	if (sent.length !== 2) fail(`the emulator saw ${sent.length} uploads: ${seen}`);
	const [submit, append] = sent;
	if (submit.method !== 'POST' || submit.path !== '/v1/process/video') fail(`submit ${seen}`);
	if (append.method !== 'PUT' || append.path !== `/v1/process/video/${conversationId}`) {
		fail(`append ${seen}`);
	}
	if (submit.bodySha256 !== sha256(PART1) || append.bodySha256 !== sha256(PART2)) {
		fail(`the uploads differ from the files (sha256): ${seen}`);
	}
	for (const upload of sent) {
		if (upload.status !== 201) fail(`upload answered ${upload.status}: ${seen}`);
		if (upload.headers['content-type'] !== 'video/mp4' || !upload.headers['content-length']) {
			fail(`upload headers ${JSON.stringify(upload.headers)}`);
		}
	}
}

/** A: the run's output, what the emulator received, and no secret in what n8n printed. */
function checkExecute(outFile: string, logFile: string, binaryMode: string): void {
	const text = readFileSync(outFile, 'utf8');
	// n8n 2.x prints log lines before the JSON; the run is the last top-level object.
	const start = text.startsWith('{') ? 0 : text.indexOf('\n{') + 1;
	const run = JSON.parse(text.slice(start)) as { data: IRunExecutionData };
	const error = run.data.resultData.error;
	if (error) fail(`the run failed: ${error.message}`);
	const [submit] = output(run.data, 'Submit');
	const [append] = output(run.data, 'Append');
	const conversationId = String(submit?.conversationId ?? '');
	if (
		!conversationId ||
		!submit.jobId ||
		append?.conversationId !== conversationId ||
		!append.jobId
	) {
		fail(`unexpected output ${JSON.stringify({ submit, append })}`);
	}
	if (Object.keys(submit).sort().join() !== 'conversationId,jobId') {
		fail(`Submit output has more than Symbl's answer: ${JSON.stringify(submit)}`);
	}
	const sent = emulatorUploads(logFile);
	checkUploads(sent, conversationId);
	const queries = JSON.stringify(sent.map((upload) => upload.query));
	if (
		sent[0].query.name !== 'e2e' ||
		sent[0].query.customVocabulary !== '["n8n","Symbl"]' ||
		sent[1].query.confidenceThreshold !== '0.8' ||
		sent.some((upload) => 'webhookUrl' in upload.query)
	) {
		fail(`query ${queries}`);
	}
	if (text.includes(APP_SECRET)) fail('the app secret appears in the output');
	if (/emu\.[\w-]{16,}/.test(text)) fail('an access token appears in the output');
	const binary = run.data.resultData.runData['Read Part 1'][0].data?.main[0]?.[0]?.binary?.data;
	const mode = binary?.id ? binary.id.split(':')[0].replace(/-v\d+$/, '') : 'memory';
	if (mode !== binaryMode) fail(`binary data stored in ${mode} mode, expected ${binaryMode}`);
	console.log(
		`ok: A: conversation ${conversationId}, jobs ${String(submit.jobId)} and ${String(append.jobId)}; ` +
			`both files arrived intact (sha256); query ${queries}; binary data in ${mode} mode; no secret in the output`,
	);
}

/** B: one execution, from the valid callback only, carrying what Symbl and the URL said. */
async function checkTrigger(rowsFile: string, flattedModule: string): Promise<void> {
	const runs = await executions(rowsFile, flattedModule, TRIGGER.id);
	if (runs.length !== 1) fail(`B: expected exactly one trigger execution, got ${runs.length}`);
	const [{ status, run }] = runs;
	if (status !== 'success') fail(`B: the execution ended ${status}`);
	const [item] = output(run, 'Symbl Trigger');
	const { receivedAt, ...rest } = item;
	const expected = { jobId: 'j-1', status: 'completed', conversationId: 'c-1' };
	if (JSON.stringify(rest) !== JSON.stringify(expected) || typeof receivedAt !== 'string') {
		fail(`B: trigger item ${JSON.stringify(item)}`);
	}
	console.log(`ok: B: exactly one execution (${status}); its item is ${JSON.stringify(rest)}`);
}

/**
 * C: the loop workflow ran once; the emulator's callbacks started exactly two results runs
 * (Submit's and Append's "completed"); Append's named its conversation through the URL and
 * read both transcribed parts. Submit's callback may or may not carry conversationId.
 */
async function checkLoop(rowsFile: string, logFile: string, flattedModule: string): Promise<void> {
	const loops = await executions(rowsFile, flattedModule, LOOP.id);
	if (loops.length !== 1 || loops[0].status !== 'success') {
		fail(`C: loop executions ${JSON.stringify(loops.map((l) => l.status))}`);
	}
	const [submit] = output(loops[0].run, 'Submit');
	const [append] = output(loops[0].run, 'Append');
	const conversationId = String(submit.conversationId);
	const sent = emulatorUploads(logFile).filter((upload) => 'webhookUrl' in upload.query);
	checkUploads(sent, conversationId);
	const hooks = sent.map((upload) => new URL(upload.query.webhookUrl ?? fail('no webhookUrl')));
	const query = hooks.map((url) => Object.fromEntries(url.searchParams));
	const expectedQuery = [
		{ token: RESULTS.token, correlationKey: PART1 },
		{ token: RESULTS.token, conversationId, correlationKey: PART2 },
	];
	if (JSON.stringify(query) !== JSON.stringify(expectedQuery)) {
		fail(`C: webhook URLs ${JSON.stringify(hooks.map(String))}`);
	}

	const results = await executions(rowsFile, flattedModule, RESULTS.id);
	const statuses = results.map((r) => r.status);
	if (statuses.join() !== 'success,success') fail(`C: results executions ${statuses.join()}`);
	const items = results.map((r) => output(r.run, 'Symbl Trigger')[0]);
	const submitRun = results[items.findIndex((item) => item.jobId === submit.jobId)];
	const appendRun = results[items.findIndex((item) => item.jobId === append.jobId)];
	if (!submitRun || !appendRun)
		fail(`C: callbacks ${JSON.stringify(items)}, jobs ${JSON.stringify({ submit, append })}`);

	const fromSubmit = output(submitRun.run, 'Symbl Trigger')[0];
	if (fromSubmit.status !== 'completed' || fromSubmit.correlationKey !== PART1) {
		fail(`C: Submit's callback ${JSON.stringify(fromSubmit)}`);
	}
	if (fromSubmit.conversationId !== null && fromSubmit.conversationId !== conversationId) {
		fail(`C: Submit's callback names another conversation ${JSON.stringify(fromSubmit)}`);
	}
	const fromAppend = output(appendRun.run, 'Symbl Trigger')[0];
	if (
		fromAppend.status !== 'completed' ||
		fromAppend.conversationId !== conversationId ||
		fromAppend.correlationKey !== PART2
	) {
		fail(`C: Append's callback ${JSON.stringify(fromAppend)}`);
	}
	const [read] = output(appendRun.run, 'Get Results');
	const bytes = (file: string) => statSync(join(FIXTURES, file)).size;
	const texts = JSON.stringify(read);
	for (const expected of [
		`Recording 1 of ${LOOP.name} (${bytes(PART1)} bytes) was transcribed.`,
		`Recording 2 of ${LOOP.name} (${bytes(PART2)} bytes) was transcribed.`,
		'A meeting in 2 part(s).',
		'project timeline',
	]) {
		if (!texts.includes(expected)) fail(`C: "${expected}" not in Get Results: ${texts}`);
	}
	const submitBranch = submitRun.run.resultData.runData['Get Results']
		? 'Get Results'
		: 'Other Callback';
	console.log(
		`ok: C: one upload run; 2 "completed" callbacks started 2 results runs; Append's named conversation ` +
			`${conversationId} (from the URL) and read both transcribed parts; Submit's callback ` +
			`${fromSubmit.conversationId === null ? 'carried no conversationId' : 'carried conversationId'} ` +
			`and went to ${submitBranch}`,
	);
}

/**
 * D: each wait workflow ran once and succeeded; Submit's item is its job, completed, with the
 * conversation; the next node read that conversation's transcript of the uploaded file. With
 * callbacks, Symbl was given the execution's resume URL, and only documented callbacks came.
 */
/** n8n 1.x: /webhook-waiting/{id}/{node}; 2.x adds its resume token: /{id}?signature={token}/{node}. */
/** The execution's own resume URL and the node's suffix (2.x puts it after its resume token). */
const RESUME_URL = /\/webhook-waiting\/\d+(\/Submit|\?signature=[0-9a-f]+(\/|%2F)Submit)$/;

async function checkWait(rowsFile: string, logFile: string, flattedModule: string): Promise<void> {
	const bytes = statSync(join(FIXTURES, PART1)).size;
	for (const [mode, { id }] of Object.entries(WAIT)) {
		const runs = await executions(rowsFile, flattedModule, id);
		if (runs.length !== 1 || runs[0].status !== 'success') {
			fail(`D (${mode}): executions ${JSON.stringify(runs.map((r) => r.status))}`);
		}
		const [submit] = output(runs[0].run, 'Submit');
		if (submit.status !== 'completed' || typeof submit.conversationId !== 'string') {
			fail(`D (${mode}): Submit ${JSON.stringify(submit)}`);
		}
		const sent = emulatorUploads(logFile).find(
			(upload) => upload.query.name === `e2e-wait-${mode}`,
		);
		const webhookUrl = sent?.query.webhookUrl;
		if (mode === 'callback' ? !RESUME_URL.test(webhookUrl ?? '') : webhookUrl) {
			fail(`D (${mode}): the upload's webhookUrl was ${webhookUrl}`);
		}
		// Woken by the callback: the Symbl node's wake, then its run with the item; the next node once.
		const submitRuns = runs[0].run.resultData.runData.Submit.length;
		if (
			runsWithItems(runs[0].run, 'Submit') !== 1 ||
			runsWithItems(runs[0].run, 'Messages') !== 1
		) {
			fail(
				`D (${mode}): Submit ran ${submitRuns} times, Messages ${runsWithItems(runs[0].run, 'Messages')}`,
			);
		}
		if (mode === 'callback' && submitRuns !== 2)
			fail(`D (callback): Submit ran ${submitRuns} times`);
		const [read] = output(runs[0].run, 'Messages');
		const expected = `Recording 1 of e2e-wait-${mode} (${bytes} bytes) was transcribed.`;
		if (read.conversationId !== submit.conversationId || !JSON.stringify(read).includes(expected)) {
			fail(`D (${mode}): Messages ${JSON.stringify(read)}`);
		}
		console.log(
			`ok: D: Submit (wait: ${mode}) → ${JSON.stringify(submit)}; the next node read its transcript`,
		);
	}
}

async function main(): Promise<void> {
	const [command, ...args] = process.argv.slice(2);
	switch (command) {
		case 'workflows':
			return writeWorkflows(args[0], args[1], args[2]);
		case 'execute':
			return checkExecute(args[0], args[1], args[2]);
		case 'trigger':
			return await checkTrigger(args[0], args[1]);
		case 'loop':
			return await checkLoop(args[0], args[1], args[2]);
		case 'wait':
			return await checkWait(args[0], args[1], args[2]);
		case 'request': {
			const [kind, filesUrl, signature, mediaDir, n8nPort] = args;
			// The failed jobs of E call back B's Symbl Trigger.
			const triggerUrl = `http://127.0.0.1:${n8nPort}/webhook/${TRIGGER.webhookId}/symbl?token=${TRIGGER.token}`;
			const setup = { filesUrl, signature, mediaDir, triggerUrl };
			return console.log(JSON.stringify(requestBody(kind as keyof typeof OPS, setup)));
		}
		case 'operations': {
			const [kind, rows, emulatorLog, filesLog, flatted, mediaDir, out] = args;
			const files = { rows, emulatorLog, filesLog, flatted, mediaDir, triggerId: TRIGGER.id };
			return await checkOperations(kind as keyof typeof OPS, files, out);
		}
		default:
			fail(`unknown command ${command}`);
	}
}

main().catch((error: Error) => {
	console.error(`FAIL: ${error.message}`);
	process.exit(1);
});
