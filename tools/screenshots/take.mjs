// Takes the README's screenshots from a running dev n8n (npm run screenshots starts one:
// tools/scripts/screenshots.sh). Logs in through the sign-in page like a person would, then:
//   workflow-canvas.png       the trigger example on the canvas: Symbl Trigger + Symbl node
//   append-video-panel.png    Symbl node on Video → Append Video: its fields
//   append-video-options.png  the same panel with the Add Option list open
//   symbl-trigger-panel.png   the Symbl Trigger's panel with its production webhook URL
//   upload-run.png            the upload example after a run against the emulator
// Env: DEV_URL, DEV_EMAIL, DEV_PASSWORD (from dev.sh); SCREENSHOTS_DIR (default docs/screenshots).
import path from 'node:path';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const outDir = process.env.SCREENSHOTS_DIR ?? path.join(root, 'docs', 'screenshots');
const base = process.env.DEV_URL ?? 'http://localhost:5678';
const { DEV_EMAIL: email, DEV_PASSWORD: password } = process.env;
if (!email || !password)
	throw new Error('DEV_EMAIL and DEV_PASSWORD are set by tools/scripts/dev.sh');

// Workflow and node ids: dev-import.mjs derives the workflow ids; node ids come from examples/*.json.
const examples = {};
for (const file of fs.readdirSync(path.join(root, 'examples')).filter((f) => f.endsWith('.json'))) {
	examples[file] = JSON.parse(fs.readFileSync(path.join(root, 'examples', file), 'utf8'));
}
const nodeId = (file, type, operation) =>
	examples[file].nodes.find(
		(n) => n.type === type && (!operation || n.parameters.operation === operation),
	).id;
const upload = '/workflow/exUploadRecording';
const onCompleted = '/workflow/exOnSymblCompleted';
const appendId = nodeId('upload-recording.json', 'n8n-nodes-symbl.symbl', 'append');
const triggerId = nodeId('on-symbl-completed.json', 'n8n-nodes-symbl.symblTrigger');

fs.mkdirSync(outDir, { recursive: true });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
try {
	const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
	page.setDefaultTimeout(30_000);
	const shot = async (name) => {
		await page.waitForTimeout(800); // let panel and canvas animations settle
		if (new URL(page.url()).pathname.startsWith('/signin'))
			throw new Error(`${name}: not logged in`);
		await page.screenshot({ path: path.join(outDir, name) });
		console.log(`screenshot: ${path.relative(root, path.join(outDir, name))}`);
	};
	const canvasNode = (name) => page.locator(`[data-test-id=canvas-node][data-node-name="${name}"]`);

	await page.goto(`${base}/signin`);
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'));

	await page.goto(`${base}${onCompleted}`);
	await canvasNode('Symbl Trigger').waitFor();
	await canvasNode('Symbl: Get Results').waitFor();
	await shot('workflow-canvas.png');

	// /workflow/ID/NODE_ID opens the node's panel.
	await page.goto(`${base}${upload}/${appendId}`);
	await page.getByText('Conversation ID', { exact: true }).waitFor();
	await page.getByText('Webhook URL', { exact: true }).waitFor();
	await shot('append-video-panel.png');
	await page.getByPlaceholder('Add Option').click();
	await page.getByText('Confidence Threshold', { exact: true }).waitFor();
	await shot('append-video-options.png');

	await page.goto(`${base}${onCompleted}/${triggerId}`);
	await page.getByText('Statuses', { exact: true }).waitFor();
	await page.getByText('Webhook URLs', { exact: true }).click();
	await page.getByText('Production URL', { exact: true }).click();
	await page.getByText('/webhook/').first().waitFor();
	await shot('symbl-trigger-panel.png');

	await page.goto(`${base}${upload}`);
	await page.locator('[data-test-id=execute-workflow-button]').click();
	await canvasNode('Symbl: Append Video').getByText('1 item').waitFor({ timeout: 60_000 });
	await shot('upload-run.png');
} finally {
	await browser.close();
}
