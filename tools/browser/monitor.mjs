// Watches every page of the browser context for what the package could break in the editor:
// console errors and uncaught page errors that name it, and failed or refused requests for its
// files (n8n serves a community node's icons under /icons/n8n-nodes-symbl/…). Everything else n8n
// logs is counted and reported as ignored, so the noise is visible but fails nothing.

/**
 * Text that points at this package: its name (node types n8n-nodes-symbl.*, icon paths), or a word
 * starting with Symbl (Symbl Trigger, symblApi). Not the example workflows' ids (exOnSymblCompleted).
 */
const OURS = /n8n-nodes-symbl|\bsymbl/i;
/** Requests for the package's own files or node types. */
const OUR_URL = /n8n-nodes-symbl/i;

/**
 * n8n's own probes that name the package but are not its errors. The editor asks for a node's
 * output schema (/schemas/TYPE/VERSION[/RESOURCE/OPERATION].json, served from a __schema__ folder
 * beside the node, as 175 of n8n's own nodes ship) to preview the data of a node that has not run;
 * a 404 means "no preview" and is cached. Chrome logs each as "Failed to load resource: 404".
 */
const N8N_PROBES = [
	{
		url: /^\/schemas\/n8n-nodes-symbl\.\w+\/[\d.]+(\/\w+){0,2}\.json$/,
		status: 404,
		why: "n8n's schema-preview probe (the package ships no __schema__ output schemas)",
	},
];
const probe = (url, status) => {
	const { pathname } = new URL(url, 'http://n8n');
	return N8N_PROBES.find(
		(p) => p.url.test(pathname) && (status === undefined || p.status === status),
	);
};

export class ConsoleMonitor {
	failures = [];

	ignored = new Map();

	/** Requests for the package's files that answered, by URL (icons, …). */
	packageFiles = new Map();

	attach(context) {
		context.on('console', (message) => {
			if (message.type() !== 'error') return;
			const text = message.text();
			const where = message.location()?.url ?? '';
			const known = where && /status of 404/.test(text) && probe(where, 404);
			if (known) this.ignore(`console error: ${text} (${known.why})`);
			else if (OURS.test(text) || OUR_URL.test(where))
				this.failures.push(`console error: ${text} at ${where}`);
			else this.ignore(`console error: ${text}`);
		});
		context.on('weberror', (error) => {
			const text = `${error.error().message}\n${error.error().stack ?? ''}`;
			if (OURS.test(text)) this.failures.push(`page error: ${error.error().message}`);
			else this.ignore(`page error: ${error.error().message}`);
		});
		context.on('requestfailed', (request) => {
			const reason = request.failure()?.errorText ?? 'failed';
			const line = `request ${request.method()} ${request.url()}: ${reason}`;
			// ERR_ABORTED: the browser dropped it (the page navigated on), not an answer.
			if (OUR_URL.test(request.url()) && reason !== 'net::ERR_ABORTED') this.failures.push(line);
			else this.ignore(line.replace(/[?#].*$/, ''));
		});
		context.on('response', (response) => {
			const url = response.url();
			if (!OUR_URL.test(url)) return;
			const known = probe(url, response.status());
			if (known) return this.ignore(`HTTP ${response.status()} for ${known.why}`);
			this.packageFiles.set(new URL(url).pathname, response.status());
			if (response.status() >= 400) this.failures.push(`request ${url}: HTTP ${response.status()}`);
		});
	}

	ignore(line) {
		const key = line.replace(/\s+/g, ' ').slice(0, 200);
		this.ignored.set(key, (this.ignored.get(key) ?? 0) + 1);
	}
}
