// The checks of the browser test (tools/browser/run.mjs), each on a page of its own. Each throws
// on the first thing that is wrong; run.mjs reports every check and fails the run if one failed.
import { appendVideoFields, isShown } from './description.mjs';
import {
	canvasNode,
	canvasNodeIssues,
	chooseOption,
	closeNode,
	openAddOption,
	openNode,
	panelIssues,
	parameter,
	sel,
	switchOn,
	waitForCanvasNodes,
} from './editor.mjs';

const SYMBL = 'n8n-nodes-symbl.symbl';
const TRIGGER = 'n8n-nodes-symbl.symblTrigger';

/** n8n's credential issue texts ("Credentials for X are not set.", "… do not exist for X."). */
const CREDENTIAL_ISSUE = /^Credentials? /;

const sameSet = (actual, expected) =>
	actual.length === expected.length &&
	[...actual].sort().join('\n') === [...expected].sort().join('\n');

function expectSame(what, actual, expected) {
	if (!sameSet(actual, expected)) {
		const missing = expected.filter((x) => !actual.includes(x));
		const extra = actual.filter((x) => !expected.includes(x));
		throw new Error(`${what}: missing [${missing.join(', ')}], unexpected [${extra.join(', ')}]`);
	}
}

/** Imports a workflow file into a new workflow the way a user does (… → Import from File). */
async function importFile(page, base, file, nodeCount) {
	await page.goto(`${base}/workflow/new`);
	await page.locator(sel.canvasReady).first().waitFor();
	await page.locator(sel.importInput).setInputFiles(file);
	await waitForCanvasNodes(page, nodeCount);
}

/** The one issue an example may show: about credentials, on a node with the placeholder one. */
const allowedIssue = (node, aboutCredentials) =>
	aboutCredentials && Object.values(node.credentials ?? {}).some((c) => c.id === 'REPLACE');

/**
 * The issues a node of an example shows on the canvas and in its panel, minus the one allowed:
 * a credential issue on a node whose example carries the placeholder credential ("REPLACE").
 * (n8n usually resolves the placeholder itself: with one Symbl API credential in the instance it
 * selects it on import and says "Credentials auto-added".)
 */
async function unexpectedIssues(page, node) {
	const problems = [];
	if (await canvasNode(page, node.name).locator(sel.nodeNotInstalled).count())
		problems.push('canvas: node type not installed');
	for (const issue of await canvasNodeIssues(page, node.name)) {
		if (!allowedIssue(node, CREDENTIAL_ISSUE.test(issue))) problems.push(`canvas: ${issue}`);
	}
	await openNode(page, node.name);
	for (const where of await panelIssues(page)) {
		if (!allowedIssue(node, where === 'credentials')) problems.push(`panel: issue on ${where}`);
	}
	await closeNode(page);
	return problems;
}

/** Every file in examples/ imports and opens with no issue but the placeholder credential. */
export async function examplesCheck(t) {
	const page = await t.newPage();
	// First, that the markers are seen at all: Append Video with its Conversation ID emptied must
	// show them on the canvas and in the panel (if n8n renamed its test ids, this fails, not passes).
	const upload = t.examples.find((e) => e.file === 'upload-recording.json');
	const broken = structuredClone(upload.workflow);
	const append = broken.nodes.find((n) => n.type === SYMBL && n.parameters.operation === 'append');
	append.parameters.conversationId = '';
	await importFile(page, t.base, t.tempFile('broken-append.json', broken), broken.nodes.length);
	const seen = await unexpectedIssues(page, append);
	expectSame('markers for an empty Conversation ID', seen, [
		'canvas: Parameter "Conversation ID" is required.',
		'panel: issue on conversationId',
	]);
	t.log(`  markers seen for a broken copy: ${seen.join('; ')}`);

	const problems = [];
	for (const { file, path, workflow } of t.examples) {
		await importFile(page, t.base, path, workflow.nodes.length);
		const found = [];
		for (const node of workflow.nodes) {
			for (const problem of await unexpectedIssues(page, node))
				found.push(`${node.name}: ${problem}`);
		}
		// The canvas again, after every panel was opened: markers drawn late are caught too.
		for (const node of workflow.nodes) {
			for (const issue of await canvasNodeIssues(page, node.name)) {
				if (
					!allowedIssue(node, CREDENTIAL_ISSUE.test(issue)) &&
					!found.includes(`${node.name}: canvas: ${issue}`)
				)
					found.push(`${node.name}: canvas (later): ${issue}`);
			}
		}
		t.log(
			`  ${file}: ${workflow.nodes.length} nodes, ${found.length ? found.join('; ') : 'no issues'}`,
		);
		problems.push(...found.map((p) => `${file}: ${p}`));
	}
	if (problems.length) throw new Error(`issues shown:\n    ${problems.join('\n    ')}`);
	await page.close();
}

/** The README pictures of the canvas and of Append Video's panel, from the dev workflows. */
export async function canvasAndPanelPictures(t) {
	const page = await t.newPage();
	await page.goto(`${t.base}/workflow/${t.ids.onCompleted}`);
	await canvasNode(page, 'Symbl Trigger').waitFor();
	await canvasNode(page, 'Symbl: Get Results').waitFor();
	await t.shot(page, 'workflow-canvas.png');

	// /workflow/ID/NODE_ID opens the node's panel.
	await page.goto(`${t.base}/workflow/${t.ids.upload}/${t.ids.appendNode}`);
	await parameter(page, 'conversationId').first().waitFor();
	await parameter(page, 'webhookUrl').first().waitFor();
	await t.shot(page, 'append-video-panel.png');
	const { labels } = await openAddOption(page, true);
	if (!labels.includes('Confidence Threshold')) throw new Error(`Add Option lists ${labels}`);
	await t.shot(page, 'append-video-options.png');
	await page.close();
}

/**
 * Append Video's panel offers every option of its description: the Add Option list is compared with
 * the description after each addition (an option whose displayOptions wait for a switch appears
 * once it is on), every option is added and shown, and each Wait for Completion choice shows
 * exactly the settings its displayOptions name. Done on an imported copy of the upload example, as
 * n8n 2.x saves edits to the dev workflows by itself.
 */
export async function appendVideoOptionsCheck(t) {
	const { options, wait, waitSettings } = appendVideoFields(t.description);
	const upload = t.examples.find((e) => e.file === 'upload-recording.json');
	const append = upload.workflow.nodes.find(
		(n) => n.type === SYMBL && n.parameters.operation === 'append',
	);
	const page = await t.newPage();
	await importFile(page, t.base, upload.path, upload.workflow.nodes.length);
	await openNode(page, append.name);

	const values = { ...append.parameters.options };
	// Booleans another option waits for (displayOptions show {name: [true]}) are switched on.
	const awaited = new Set(options.flatMap((o) => Object.keys(o.displayOptions?.show ?? {})));
	for (;;) {
		const offered = options.filter((o) => !(o.name in values) && isShown(o, values));
		const { labels, items } = await openAddOption(page, offered.length > 0);
		expectSame(
			`Add Option list (${Object.keys(values).length} options set)`,
			labels,
			offered.map((o) => o.displayName),
		);
		if (!offered.length) break;
		const next = offered[0];
		await items
			.filter({ hasText: new RegExp(`^${next.displayName.replace(/[()]/g, '\\$&')}$`) })
			.click();
		await parameter(page, next.name).first().waitFor();
		values[next.name] = next.default;
		if (next.type === 'fixedCollection') {
			// n8n drops an empty fixed collection when the next option is added (its own nodes too):
			// give it a row, as a user would.
			await parameter(page, next.name).locator(sel.fixedCollectionAdd).click();
			values[next.name] = { added: true };
		}
		if (next.type === 'boolean' && awaited.has(next.name)) {
			await switchOn(page, next.name);
			values[next.name] = true;
		}
	}
	for (const option of options) {
		if (!(await parameter(page, option.name).count()))
			throw new Error(`${option.displayName} is not shown after being added`);
	}
	t.log(
		`  all ${options.length} options added and shown (${t.description.processingParameters.length} processing parameters; ` +
			`${options
				.filter((o) => !t.description.processingParameters.some((p) => p.name === o.name))
				.map((o) => o.displayName)
				.join(', ')})`,
	);

	const nodeValues = { resource: 'video', operation: 'append' };
	for (const choice of wait.options) {
		await chooseOption(page, wait.name, choice.name);
		const expected = waitSettings.filter((f) =>
			isShown(f, { ...nodeValues, [wait.name]: choice.value }),
		);
		const shown = [];
		for (const field of waitSettings) {
			if (await parameter(page, field.name).count()) shown.push(field.displayName);
		}
		expectSame(
			`Wait for Completion "${choice.name}" settings`,
			shown,
			expected.map((f) => f.displayName),
		);
		t.log(`  Wait for Completion "${choice.name}": ${shown.join(', ') || 'no settings'}`);
	}
	await page.close();
}

/**
 * The Symbl Trigger's panel: its Webhook URLs (the README picture shows the production URL), then
 * "Execute step" (n8n 2.x's name for Listen for test event): a callback POSTed to the test URL
 * shows up in the output panel.
 */
export async function triggerCheck(t) {
	const page = await t.newPage();
	await page.goto(`${t.base}/workflow/${t.ids.onCompleted}/${t.ids.triggerNode}`);
	await parameter(page, 'statuses').first().waitFor();
	await page.getByText('Webhook URLs', { exact: true }).click();
	await page.locator(sel.webhookProductionUrl).click();
	await page.locator(sel.webhookUrl).filter({ hasText: '/webhook/' }).waitFor();
	await t.shot(page, 'symbl-trigger-panel.png');
	await page.locator(sel.webhookTestUrl).click();
	const testUrl = (
		await page.locator(sel.webhookUrl).filter({ hasText: '/webhook-test/' }).innerText()
	).trim();
	const expectedPath = `/webhook-test/${t.ids.triggerWebhookId}/symbl`;
	if (new URL(testUrl).pathname !== expectedPath)
		throw new Error(`test URL ${testUrl}, expected …${expectedPath}`);

	const run = page.waitForResponse(
		(r) => r.request().method() === 'POST' && new URL(r.url()).pathname.endsWith('/run'),
	);
	await page.locator(sel.triggerExecute).first().click();
	const started = await (await run).json();
	if (!started?.data?.waitingForWebhook)
		throw new Error(`"Execute step" answered ${JSON.stringify(started)}`);
	await page.locator(sel.triggerListening).waitFor();

	const jobId = `browser-test-${Date.now()}`;
	const body = JSON.stringify({ jobId, status: 'completed' });
	const answer = await fetch(testUrl, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body,
	});
	const answered = await answer.text();
	if (answer.status !== 200 || !JSON.parse(answered).started)
		throw new Error(`the test webhook answered ${answer.status} ${answered}`);
	const output = page.locator(sel.outputPanel);
	await output.getByText(jobId, { exact: true }).waitFor();
	await output.getByText('1 item', { exact: true }).waitFor();
	await output.getByText('completed', { exact: true }).first().waitFor();
	t.log(`  POST ${testUrl} ${body} → ${answered}; the output panel shows ${jobId}, completed`);
	await t.shot(page, 'symbl-trigger-test-event.png');
	await page.close();
}

/** The upload example runs against the emulator: Append Video ends with one item. */
export async function uploadRunCheck(t) {
	const page = await t.newPage();
	await page.goto(`${t.base}/workflow/${t.ids.upload}`);
	const upload = t.examples.find((e) => e.file === 'upload-recording.json').workflow;
	await waitForCanvasNodes(page, upload.nodes.length);
	await page.locator(sel.executeWorkflow).click();
	await canvasNode(page, 'Symbl: Append Video').getByText('1 item').waitFor({ timeout: 180_000 });
	for (const node of upload.nodes) {
		const issues = await canvasNodeIssues(page, node.name);
		if (issues.length) throw new Error(`${node.name} after the run: ${issues.join('; ')}`);
	}
	await t.shot(page, 'upload-run.png');
	await page.close();
}

/**
 * The Symbl API credential's Test: n8n tests a saved credential when its dialog opens and on Save,
 * and its banner's Retry button tests again. The emulator's App ID and Secret pass; a wrong secret
 * fails with the credential's own message; the right one is put back and passes again.
 */
export async function credentialCheck(t) {
	const page = await t.newPage();
	const tests = [];
	page.on('response', async (response) => {
		if (new URL(response.url()).pathname === '/rest/credentials/test')
			tests.push((await response.json().catch(() => ({}))).data);
	});
	const nextTest = async (count) => {
		const deadline = Date.now() + 120_000;
		while (tests.length < count) {
			if (Date.now() > deadline) throw new Error('no credential test answered');
			await page.waitForTimeout(200);
		}
		return tests[count - 1];
	};
	await page.goto(`${t.base}/home/credentials/${t.ids.credential}`);
	const modal = page.locator(sel.credentialModal);
	const success = modal.locator(sel.credentialTestSuccess);
	await success.waitFor();
	const opened = await nextTest(1);
	if (opened?.status !== 'OK') throw new Error(`test on open: ${JSON.stringify(opened)}`);

	await success.getByRole('button', { name: 'Retry' }).click();
	const retried = await nextTest(2);
	if (retried?.status !== 'OK') throw new Error(`Retry: ${JSON.stringify(retried)}`);
	await success.waitFor();
	await t.shot(page, 'credential-test.png');

	const secret = modal.locator('[data-test-id=parameter-input-appSecret] input');
	await secret.fill('not-the-emulator-secret');
	await modal.locator(sel.credentialSave).click();
	try {
		const wrong = await nextTest(3);
		if (wrong?.status !== 'Error') throw new Error(`wrong secret tested ${JSON.stringify(wrong)}`);
		await modal.getByText('Couldn’t connect with these settings').waitFor();
		await modal.getByText('More details').click();
		await modal.getByText(/^Symbl rejected the App ID or App Secret/).waitFor();
		t.log(`  wrong secret: "Couldn’t connect with these settings", More details: ${wrong.message}`);
	} finally {
		// The wrong secret was saved: put the right one back whatever happened.
		await secret.fill(t.credential.appSecret);
		await modal.locator(sel.credentialSave).click();
	}
	const fixed = await nextTest(4);
	if (fixed?.status !== 'OK') throw new Error(`right secret again: ${JSON.stringify(fixed)}`);
	await success.waitFor();
	t.log(`  emulator's App ID and Secret: "Connection tested successfully" (on open, Retry, Save)`);
	await page.close();
}
