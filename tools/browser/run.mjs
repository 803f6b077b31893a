// npm run test:browser (tools/scripts/browser-test.sh): n8n's editor in Debian's chromium, driven by
// playwright-core, against the dev n8n 2.40.7 that tools/scripts/dev.sh --headless starts with this
// build, the emulator, the "Symbl (emulator)" credential and the example workflows. Each check runs
// on its own page; every check is reported, and the run fails if one failed or if the browser
// logged an error that names the package (monitor.mjs). It also takes the README's pictures:
//   workflow-canvas.png          the trigger example on the canvas
//   append-video-panel.png       Symbl node on Video → Append Video
//   append-video-options.png     the same panel with the Add Option list open
//   symbl-trigger-panel.png      the Symbl Trigger's panel with its production webhook URL
//   symbl-trigger-test-event.png a test callback in the Symbl Trigger's output panel
//   upload-run.png               the upload example after a run against the emulator
//   credential-test.png          the Symbl API credential, tested against the emulator
// Env: DEV_URL, DEV_EMAIL, DEV_PASSWORD, DEV_LOGS (set by dev.sh); SCREENSHOTS_DIR (default
// .tmp/browser/screenshots; npm run screenshots writes docs/screenshots); CHROMIUM (default
// /usr/bin/chromium), BROWSER_ONLY.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

import {
	appendVideoOptionsCheck,
	canvasAndPanelPictures,
	credentialCheck,
	examplesCheck,
	triggerCheck,
	uploadRunCheck,
} from './checks.mjs';
import { loadDescription } from './description.mjs';
import { login } from './editor.mjs';
import { ConsoleMonitor } from './monitor.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { DEV_URL: base = 'http://localhost:5678', DEV_EMAIL, DEV_PASSWORD, DEV_LOGS } = process.env;
if (!DEV_EMAIL || !DEV_PASSWORD || !DEV_LOGS)
	throw new Error('DEV_EMAIL, DEV_PASSWORD and DEV_LOGS are set by tools/scripts/dev.sh');
const work = path.join(root, '.tmp', 'browser');
const outDir = path.resolve(process.env.SCREENSHOTS_DIR ?? path.join(work, 'screenshots'));
const failDir = path.join(work, 'failures');
fs.rmSync(failDir, { recursive: true, force: true });
fs.mkdirSync(outDir, { recursive: true });
fs.mkdirSync(work, { recursive: true });

// What dev.sh imported (tools/scripts/dev-import.mjs): the credential and the workflows, with ids.
const imported = path.join(path.dirname(DEV_LOGS), 'import');
const [credential] = JSON.parse(fs.readFileSync(path.join(imported, 'credentials.json'), 'utf8'));
const devWorkflow = (file) =>
	JSON.parse(fs.readFileSync(path.join(imported, 'workflows', file), 'utf8'));
const examples = fs
	.readdirSync(path.join(root, 'examples'))
	.filter((file) => file.endsWith('.json'))
	.sort()
	.map((file) => {
		const filePath = path.join(root, 'examples', file);
		return { file, path: filePath, workflow: JSON.parse(fs.readFileSync(filePath, 'utf8')) };
	});
const upload = devWorkflow('upload-recording.json');
const onCompleted = devWorkflow('on-symbl-completed.json');
const trigger = onCompleted.nodes.find((n) => n.type === 'n8n-nodes-symbl.symblTrigger');
const ids = {
	upload: upload.id,
	appendNode: upload.nodes.find((n) => n.parameters.operation === 'append').id,
	onCompleted: onCompleted.id,
	triggerNode: trigger.id,
	triggerWebhookId: trigger.webhookId,
	credential: credential.id,
};

const checks = [
	['every example imports and opens without issues', examplesCheck],
	['README pictures: canvas, Append Video panel and its options', canvasAndPanelPictures],
	["Append Video's Add Option offers every option of its description", appendVideoOptionsCheck],
	['Symbl Trigger: Execute step receives a posted callback', triggerCheck],
	['the upload example runs against the emulator', uploadRunCheck],
	["Symbl API credential's Test: right secret passes, wrong one fails", credentialCheck],
];

// BROWSER_ONLY=REGEX runs only the checks whose name matches (while working on one).
const only = process.env.BROWSER_ONLY ? new RegExp(process.env.BROWSER_ONLY, 'i') : undefined;
const selected = checks.filter(([name]) => !only || only.test(name));

const monitor = new ConsoleMonitor();
const browser = await chromium.launch({
	executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
	// As on these machines: no GPU, no QUIC, none of Chrome's background calls (the network is
	// closed; they would only be refused). Playwright adds --headless, --no-sandbox and a new
	// empty user data dir.
	args: [
		'--disable-gpu',
		'--disable-quic',
		'--no-first-run',
		'--disable-background-networking',
		'--disable-component-update',
		'--disable-sync',
	],
});
const results = [];
try {
	const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
	context.setDefaultTimeout(60_000); // a shared 2-core machine: every wait is on a condition
	context.setDefaultNavigationTimeout(120_000);
	monitor.attach(context);
	const first = await context.newPage();
	await login(first, base, DEV_EMAIL, DEV_PASSWORD);
	await first.close();

	const t = {
		base,
		examples,
		ids,
		credential: credential.data,
		description: loadDescription(root),
		newPage: () => context.newPage(),
		log: (line) => console.log(line),
		tempFile(name, json) {
			const file = path.join(work, name);
			fs.writeFileSync(file, JSON.stringify(json));
			return file;
		},
		async shot(page, name) {
			// Let panel and canvas animations settle: the picture is all a wait here is for.
			await page.waitForTimeout(800);
			await page.screenshot({ path: path.join(outDir, name) });
			console.log(`  screenshot: ${path.relative(root, path.join(outDir, name))}`);
		},
	};
	for (const [name, check] of selected) {
		const started = Date.now();
		console.log(`\n[browser] ${name}`);
		try {
			await check(t);
			results.push([name, true, Date.now() - started]);
		} catch (error) {
			results.push([name, false, Date.now() - started]);
			console.log(`  FAILED: ${error.message}`);
			fs.mkdirSync(failDir, { recursive: true });
			for (const [index, page] of context.pages().entries()) {
				const file = path.join(failDir, `${name.replace(/\W+/g, '-')}-${index}.png`);
				await page.screenshot({ path: file }).catch(() => {});
				console.log(`  page ${page.url()} → ${path.relative(root, file)}`);
			}
		}
		for (const page of context.pages()) await page.close();
	}
	const files = [...monitor.packageFiles].map(([url, status]) => `${url} ${status}`);
	console.log(`\n[browser] the package's files the editor loaded: ${files.join(', ') || 'none'}`);
	if (!files.length) monitor.failures.push('the editor loaded no file of the package (its icons)');
} finally {
	await browser.close();
}

console.log('\n[browser] browser console, ignored (not about the package):');
for (const [line, count] of monitor.ignored) console.log(`  ${count}× ${line}`);
results.push(['no browser error about the package', monitor.failures.length === 0, 0]);
for (const failure of monitor.failures) console.log(`  PACKAGE: ${failure}`);

console.log('\n[browser] results');
for (const [name, ok, ms] of results)
	console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${name}${ms ? ` (${(ms / 1000).toFixed(1)} s)` : ''}`);
const failed = results.filter(([, ok]) => !ok).length;
console.log(failed ? `\n[browser] ${failed} check(s) failed` : '\n[browser] all checks passed');
process.exitCode = failed ? 1 : 0;
