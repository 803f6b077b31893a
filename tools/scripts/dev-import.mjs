// For tools/scripts/dev.sh: turns examples/*.json into files `n8n import:*` takes, wired to the
// local emulator so each example runs as is in the dev n8n. The examples stay untouched.
//   node dev-import.mjs ROOT DEV_FOLDER EMULATOR_URL N8N_URL
// Writes DEV_FOLDER/import/{credentials.json, workflows/*.json, publish.txt (ids to publish)}.
import fs from 'node:fs';
import path from 'node:path';

const [root, dev, emulatorUrl, n8nUrl] = process.argv.slice(2);
const out = path.join(dev, 'import');
fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(path.join(out, 'workflows'), { recursive: true });

const credential = { id: 'symblEmulator', name: 'Symbl (emulator)' };
fs.writeFileSync(
	path.join(out, 'credentials.json'),
	JSON.stringify([
		{
			...credential,
			type: 'symblApi',
			// The emulator's fixed App ID and secret (tools/emulator/server.ts).
			data: { appId: 'emulator-app-id', appSecret: 'emulator-app-secret', baseUrl: emulatorUrl },
		},
	]),
);

const files = fs
	.readdirSync(path.join(root, 'examples'))
	.filter((f) => f.endsWith('.json'))
	.sort();
const workflows = files.map((file) => ({
	file,
	workflow: JSON.parse(fs.readFileSync(path.join(root, 'examples', file), 'utf8')),
}));

// The examples' placeholder webhook URL points at the Symbl Trigger's production URL here.
const trigger = workflows
	.flatMap(({ workflow }) => workflow.nodes)
	.find((node) => node.type === 'n8n-nodes-symbl.symblTrigger');
const triggerUrl = trigger ? `${n8nUrl}/webhook/${trigger.webhookId}/symbl` : undefined;
const fixtures = path.join(root, 'tools', 'test', 'fixtures');

const publish = [];
for (const { file, workflow } of workflows) {
	// A fixed id per example: each start refreshes the same workflow instead of adding a copy.
	const id =
		'ex' +
		path
			.basename(file, '.json')
			.split(/[^A-Za-z0-9]+/)
			.map((w) => w.charAt(0).toUpperCase() + w.slice(1))
			.join('');
	for (const node of workflow.nodes) {
		if (node.credentials?.symblApi) node.credentials.symblApi = credential;
		if (node.type === 'n8n-nodes-base.readWriteFile' && node.parameters.fileSelector) {
			const part = /part2/.test(node.parameters.fileSelector) ? 2 : 1;
			node.parameters.fileSelector = path.join(fixtures, `meeting-part${part}.mp4`);
		}
		const options = node.parameters.options;
		if (
			triggerUrl &&
			typeof options?.webhookUrl === 'string' &&
			options.webhookUrl.includes('YOUR-N8N')
		) {
			options.webhookUrl = triggerUrl;
		}
	}
	if (workflow.nodes.some((node) => node.type === 'n8n-nodes-symbl.symblTrigger')) publish.push(id);
	fs.writeFileSync(
		path.join(out, 'workflows', file),
		JSON.stringify({ ...workflow, id, active: false }, null, '\t'),
	);
}
fs.writeFileSync(path.join(out, 'publish.txt'), publish.map((id) => `${id}\n`).join(''));
