/**
 * The benchmark's uploads inside a real n8n process (`n8n start`, the packed package installed as
 * a community package, n8n's filesystem binary mode), for the rows the harness cannot give: what a
 * user's n8n does. One workflow per runner, started by a webhook:
 *   Webhook (?file=…&conversationId=…) → Read Files (into n8n's binary store) → the upload node
 * where the upload node is Symbl: Append Video (ours) or n8n's HTTP Request node (httpNode).
 * The upload's own time is the node's run in n8n's stored execution (startTime, executionTime),
 * so reading the file into the binary store is not counted; it is checked against the sink's own
 * first → last body byte of the same request and against the execution's wall time less its other
 * nodes. Meanwhile the benchmark samples the n8n process's RSS (/proc/PID/status) and times
 * /healthz, which the same process answers: its round trips during the upload, against the same
 * with nothing running, are how long a webhook or UI request of another user waits.
 * Also two one-node workflows for the trigger's rows: the Symbl Trigger (Ignore Repeated Callbacks
 * on, its default) and n8n's Webhook node (respond at once), each hit with Symbl-shaped callbacks.
 *
 * A version may name the Node major that runs it: "1.123.50@22" (install-n8n.sh 1.123.50 22).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

import type { INode, IRunExecutionData } from 'n8n-workflow';

import { EMULATOR_APP_ID, EMULATOR_APP_SECRET } from '../../emulator';
import { node, workflow } from '../../workflow';
import { appendVideoNode, httpRequestPutNode } from './upload-nodes';

const ROOT = join(__dirname, '..', '..', '..');
const E2E = join(ROOT, 'tools', 'test', 'e2e');
const CACHE = process.env.N8N_SYMBL_CACHE ?? join(homedir(), '.cache', 'n8n-nodes-symbl');
const CREDENTIAL = { symblApi: { id: 'symblBench', name: 'Symbl (emulator)' } };
/** How often RSS is sampled and /healthz is asked, in ms. */
const SAMPLE_MS = 20;
export const PING_GAP_MS = 5;

export type RealRunner = 'ours' | 'httpNode';
const WORKFLOWS: Record<RealRunner, { id: string; path: string }> = {
	ours: { id: 'benchOurs', path: 'bench-ours' },
	httpNode: { id: 'benchHttpNode', path: 'bench-http-node' },
};

/** symbl: Ignore Repeated Callbacks on (its default); symblOff: off (what de-duplication costs). */
export type TriggerKind = 'symbl' | 'symblOff' | 'webhook';
/**
 * The trigger rows' workflows: production URL path under /webhook/. IDs of at most 16 characters:
 * n8n 1.x saves a workflow's static data only for such IDs (its isWorkflowIdValid), 2.x up to 21.
 */
const TRIGGER_WORKFLOWS: Record<TriggerKind, { id: string; path: string }> = {
	symbl: { id: 'benchSymblTrig', path: 'bench-symbl-trigger/symbl' },
	symblOff: { id: 'benchSymblTrgOff', path: 'bench-symbl-trigger-off/symbl' },
	webhook: { id: 'benchWebhookNode', path: 'bench-webhook-node' },
};

export interface TriggerLoad {
	requests: number;
	concurrency: number;
	/** Answered callbacks per second, from the first request to the last answer. */
	requestsPerSecond: number;
	p50Ms: number;
	p95Ms: number;
	/** Executions n8n stored for them, and callbacks per second until the last was stored. */
	executions: number;
	storedPerSecond: number;
	/** Answers 503 ("Database is not ready!": n8n's own database pings timed out), each sent again. */
	refused: number;
}

/** "1.123.50@22" → n8n 1.123.50 on Node 22; "2.40.7" → n8n 2.40.7 on its default Node. */
export function parseSpec(spec: string): { version: string; nodeMajor?: string } {
	const [version, nodeMajor] = spec.split('@');
	return { version, nodeMajor: nodeMajor || undefined };
}

/** One upload node's run, and what else tells how long its upload took. */
export interface RealRun {
	id: number;
	conversationId: string;
	/** The upload node's run as n8n stored it (epoch ms, ms). */
	startTime: number;
	executionTime: number;
	/** The execution's wall time less its other nodes' (Webhook, Read Files, Wait) times, ms. */
	wallLessOthersMs: number;
}

export interface RealUpload {
	seconds: number;
	runs: RealRun[];
	/** RSS of the n8n process just before the upload node started, and its peak during the node. */
	baselineKiB: number;
	peakKiB: number;
	/**
	 * /healthz round trips (ms) during the upload, and for idleMs with nothing running before it;
	 * NaN when the upload ran without the pinger.
	 */
	pingP99Ms: number;
	pingMaxMs: number;
	idlePingP99Ms: number;
	idlePingMaxMs: number;
	/** When the upload node ran, in ms since n8n's process was started (to read a --trace-gc log). */
	fromMs: number;
	toMs: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(values: number[], p: number): number {
	if (!values.length) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * The command at the highest CPU priority when it may (root), else as it is. Not a real-time
 * class: V8's helper threads spin on locks, and a spinning real-time thread starves the one it
 * waits for (the pinger's first request took 80 s under chrt -f).
 */
function highPriority(command: string, args: string[]): [string, string[]] {
	if (process.getuid?.() !== 0) return [command, args];
	return ['nice', ['-n', '-20', command, ...args]];
}

function uploadNode(runner: RealRunner, emulatorUrl: string): INode {
	const query = (name: string) => `{{ $("Webhook").item.json.query.${name} }}`;
	if (runner === 'ours') return appendVideoNode(`=${query('conversationId')}`, CREDENTIAL.symblApi);
	return httpRequestPutNode(
		`=${emulatorUrl}/v1/process/video/${query('conversationId')}`,
		`=Bearer ${query('token')}`,
	);
}

function triggerWorkflows() {
	const symbl = (kind: 'symbl' | 'symblOff', options: object) =>
		workflow(TRIGGER_WORKFLOWS[kind].id, `bench ${kind}`, [
			node(
				'Symbl Trigger',
				'n8n-nodes-symbl.symblTrigger',
				{ statuses: ['completed', 'failed'], options },
				{ webhookId: TRIGGER_WORKFLOWS[kind].path.split('/')[0] },
			),
		]);
	return [
		symbl('symbl', {}),
		symbl('symblOff', { ignoreRepeats: false }),
		workflow(TRIGGER_WORKFLOWS.webhook.id, 'bench Webhook node', [
			node(
				'Webhook',
				'n8n-nodes-base.webhook',
				{
					httpMethod: 'POST',
					path: TRIGGER_WORKFLOWS.webhook.path,
					responseMode: 'onReceived',
					options: {},
				},
				{ typeVersion: 2, webhookId: TRIGGER_WORKFLOWS.webhook.path },
			),
		]),
	];
}

function uploadWorkflow(runner: RealRunner, emulatorUrl: string) {
	const { id, path } = WORKFLOWS[runner];
	return workflow(id, `bench ${runner}`, [
		node(
			'Webhook',
			'n8n-nodes-base.webhook',
			{ httpMethod: 'POST', path, responseMode: 'lastNode', options: {} },
			{ typeVersion: 2, webhookId: path },
		),
		node('Read', 'n8n-nodes-base.readWriteFile', {
			fileSelector: '={{ $json.query.file }}',
			options: {},
		}),
		// Copying the file into the binary store leaves garbage whose full marks (up to 200 ms of
		// n8n's main thread) would otherwise end inside the upload node's first moments, for either
		// runner. Waiting (in-process under 65 s) times the upload node on its own.
		node(
			'Settle',
			'n8n-nodes-base.wait',
			{ resume: 'timeInterval', amount: 1, unit: 'seconds' },
			{ typeVersion: 1.1, webhookId: `${path}-settle` },
		),
		uploadNode(runner, emulatorUrl),
	]);
}

export class RealN8n {
	private process?: ChildProcess;
	private log = '';
	private readonly userFolder: string;
	private n8n = '';
	private nodeBin?: string;
	private flatted?: { parse: (text: string) => unknown };
	nodeVersion = '';
	readonly version: string;
	private readonly nodeMajor?: string;

	constructor(
		/** "2.40.7", or "1.123.50@22" for another Node major than the version's default. */
		readonly spec: string,
		private readonly dir: string,
		private readonly port: number,
		/** Prefix for the n8n process's command line (CPU pinning). */
		private readonly onCpu: (command: string, args: string[]) => [string, string[]],
	) {
		({ version: this.version, nodeMajor: this.nodeMajor } = parseSpec(spec));
		this.userFolder = join(dir, `n8n-${spec.replace('@', '-node')}`);
	}

	/** The node binary that runs this n8n (once started). */
	get nodeBinary(): string {
		return this.nodeBin ? join(this.nodeBin, 'node') : 'node';
	}

	/** "n8n 1.123.50 on Node 22.23.5" once started. */
	get label(): string {
		return `n8n ${this.version} on Node ${this.nodeVersion.replace(/^v/, '')}`;
	}

	private env(): NodeJS.ProcessEnv {
		return {
			...process.env,
			PATH: `${this.nodeBin ? `${this.nodeBin}:` : ''}${process.env.PATH}`,
			N8N_USER_FOLDER: this.userFolder,
			N8N_PORT: String(this.port),
			N8N_RUNNERS_BROKER_PORT: String(this.port + 1),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_ENCRYPTION_KEY: 'bench-key',
			N8N_LOG_LEVEL: process.env.BENCH_N8N_LOG_LEVEL ?? 'warn',
			// 2.x's default; 1.x would keep a file in the item as base64 (n8n's memory mode).
			N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem',
			N8N_RESTRICT_FILE_ACCESS_TO: this.dir,
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_SECURE_COOKIE: 'false',
			TMPDIR: join(this.dir, 'tmp'),
		};
	}

	/** n8n's own output (the last 20 kB), for a diagnosis. */
	get output(): string {
		return this.log;
	}

	private cli(...args: string[]): void {
		execFileSync(this.n8n, args, { env: this.env(), stdio: ['ignore', 'pipe', 'pipe'] });
	}

	/** Installs n8n (once per machine) and the packed package, imports the workflows, starts n8n. */
	async start(emulatorUrl: string, tarball: string): Promise<void> {
		this.n8n = execFileSync(
			'bash',
			[join(E2E, 'install-n8n.sh'), this.version, ...(this.nodeMajor ? [this.nodeMajor] : [])],
			{ stdio: ['ignore', 'pipe', 'inherit'] },
		)
			.toString()
			.trim()
			.split('\n')
			.pop()!;
		const major = this.nodeMajor ?? (this.version.startsWith('2.') ? '24' : undefined);
		if (major) this.nodeBin = join(CACHE, `node-${major}`, 'bin');
		this.nodeVersion = execFileSync('node', ['-v'], { env: this.env() }).toString().trim();
		this.flatted = (await import(join(dirname(dirname(this.n8n)), 'flatted'))) as {
			parse: (text: string) => unknown;
		};
		mkdirSync(join(this.dir, 'tmp'), { recursive: true });
		execFileSync('bash', [join(E2E, 'install-package.sh'), this.userFolder, tarball]);
		const credentials = join(this.dir, 'bench-credentials.json');
		writeFileSync(
			credentials,
			JSON.stringify([
				{
					...CREDENTIAL.symblApi,
					type: 'symblApi',
					data: { appId: EMULATOR_APP_ID, appSecret: EMULATOR_APP_SECRET, baseUrl: emulatorUrl },
				},
			]),
		);
		const workflows = join(this.dir, 'bench-workflows.json');
		writeFileSync(
			workflows,
			JSON.stringify([
				...(['ours', 'httpNode'] as const).map((r) => uploadWorkflow(r, emulatorUrl)),
				...triggerWorkflows(),
			]),
		);
		this.cli('import:credentials', `--input=${credentials}`);
		this.cli('import:workflow', `--input=${workflows}`);
		for (const { id } of [...Object.values(WORKFLOWS), ...Object.values(TRIGGER_WORKFLOWS)]) {
			if (this.version.startsWith('1.')) this.cli('update:workflow', `--id=${id}`, '--active=true');
			else this.cli('publish:workflow', `--id=${id}`);
		}

		// BENCH_N8N_NODE_FLAGS (e.g. --trace-gc) is for a diagnosis; the measured runs pass no V8 flags.
		const flags = (process.env.BENCH_N8N_NODE_FLAGS ?? '').split(' ').filter(Boolean);
		const [command, args] = this.onCpu('setsid', [
			...(flags.length ? ['node', ...flags] : []),
			this.n8n,
			'start',
		]);
		this.spawnedAt = Date.now();
		const child = spawn(command, args, { env: this.env(), stdio: ['ignore', 'pipe', 'pipe'] });
		this.process = child;
		// BENCH_N8N_LOG: a file for n8n's whole output (a diagnosis); else its last 20 kB are kept.
		const logFile = process.env.BENCH_N8N_LOG;
		const keep = (chunk: Buffer) => {
			this.log = (this.log + chunk).slice(-20_000);
			if (logFile) appendFileSync(logFile, chunk);
		};
		child.stdout!.on('data', keep);
		child.stderr!.on('data', keep);
		const exited = new Promise<never>((_, reject) =>
			child.once('exit', (code) =>
				reject(new Error(`n8n ${this.version} exited ${code}: ${this.log.slice(-2000)}`)),
			),
		);
		exited.catch(() => undefined);
		// Ready when the webhooks are registered: a bare POST then fails in the workflow (no file,
		// no callback), not with 404.
		let readyPasses = 0;
		for (let i = 0; ; i++) {
			const codes = await Promise.race([
				Promise.all(
					[...Object.values(WORKFLOWS), ...Object.values(TRIGGER_WORKFLOWS)].map(async ({ path }) =>
						fetch(`${this.baseUrl}/webhook/${path}`, { method: 'POST' })
							.then((response) => response.arrayBuffer().then(() => response.status))
							.catch(() => 0),
					),
				),
				exited,
			]);
			// 503: n8n still starting up (it answers before its webhooks are registered). Three
			// passes in a row: once, n8n 2.x answered every probe and then "Cannot POST" (404) for
			// the first upload, its start not finished under a heavy load.
			readyPasses = codes.every((code) => ![0, 404, 503].includes(code)) ? readyPasses + 1 : 0;
			if (readyPasses >= 3) break;
			if (i > 1500)
				throw new Error(`n8n ${this.version} did not register its webhooks in 5 minutes`);
			await sleep(200);
		}
		// Those probing runs are not uploads: the measured executions are the ones after them.
		await sleep(1000);
		const [[last]] = this.query<[number]>('select coalesce(max(id), 0) from execution_entity');
		this.lastExecutionId = last;
	}

	get baseUrl(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	/** The PID of the n8n process itself (setsid execs into n8n's node; taskset execs into setsid). */
	private get pid(): number {
		return this.process!.pid!;
	}

	/** Rows of a read-only query on n8n's SQLite database (python3's sqlite3: no native module here). */
	private query<Row extends unknown[]>(sql: string, ...params: Array<string | number>): Row[] {
		const out = execFileSync(
			'python3',
			[
				'-c',
				`import json, sqlite3, sys
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True, timeout=30)
print(json.dumps(db.execute(sys.argv[2], json.loads(sys.argv[3])).fetchall()))`,
				join(this.userFolder, '.n8n', 'database.sqlite'),
				sql,
				JSON.stringify(params),
			],
			{ stdio: ['ignore', 'pipe', 'pipe'] },
		);
		return JSON.parse(out.toString()) as Row[];
	}

	private rssKiB(): number {
		const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
		return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
	}

	/** The upload node's runs in the workflow's executions after `after`, once n8n stored `count`. */
	private async uploadRuns(workflowId: string, after: number, count: number): Promise<RealRun[]> {
		for (let i = 0; i < 600; i++) {
			const rows = this.query<[number, string, string, string, string]>(
				'select e.id, e.status, e.startedAt, e.stoppedAt, d.data from execution_entity e join execution_data d on d.executionId = e.id where e.workflowId = ? and e.id > ? order by e.id',
				workflowId,
				after,
			).filter(([, status]) => !['new', 'running'].includes(status));
			if (rows.length >= count)
				return rows.map(([id, status, startedAt, stoppedAt, data]) => {
					const run = this.flatted!.parse(data) as IRunExecutionData;
					const { runData } = run.resultData;
					const upload = runData.Upload?.[0];
					if (status !== 'success' || !upload)
						throw new Error(
							`n8n ${this.version}: execution ${id} ended ${status}: ${run.resultData.error?.message ?? 'no upload ran'}`,
						);
					const others = ['Webhook', 'Read', 'Settle']
						.map((name) => runData[name]?.[0]?.executionTime ?? 0)
						.reduce((a, b) => a + b, 0);
					// SQLite keeps them as UTC "YYYY-MM-DD HH:MM:SS.SSS".
					const at = (text: string) => Date.parse(`${text.replace(' ', 'T')}Z`);
					const webhook = runData.Webhook?.[0]?.data?.main?.[0]?.[0]?.json as
						| { query?: { conversationId?: string } }
						| undefined;
					return {
						id,
						conversationId: webhook?.query?.conversationId ?? '',
						startTime: upload.startTime,
						executionTime: upload.executionTime ?? NaN,
						wallLessOthersMs: at(stoppedAt) - at(startedAt) - others,
					};
				});
			await sleep(100);
		}
		throw new Error(`n8n ${this.version}: the executions were not stored within 60 s`);
	}

	private lastExecutionId = 0;
	private spawnedAt = 0;

	/**
	 * Uploads the file once per conversation ID through the workflow of `runner`, all at once (one
	 * execution each); fails when any execution did not succeed. Timing spans the first upload
	 * node's start to the last one's end. With `ping`, a separate process asks n8n's /healthz every
	 * PING_GAP_MS meanwhile; that load is itself work for n8n's main thread (about 200 requests a
	 * second: it cost the upload ~15 % of its speed), so throughput is measured without it.
	 */
	async upload(
		runner: RealRunner,
		file: string,
		conversationIds: string[],
		token: string,
		{ idleMs, ping }: { idleMs: number; ping: boolean },
	): Promise<RealUpload> {
		const rss: Array<{ at: number; kib: number }> = [];
		const pings: Array<{ at: number; ms: number }> = [];
		let running = true;
		const sampler = (async () => {
			while (running) {
				rss.push({ at: Date.now(), kib: this.rssKiB() });
				await sleep(SAMPLE_MS);
			}
		})();
		let pinger: ReturnType<typeof spawn> | undefined;
		let pingLines = '';
		if (ping) {
			// The pinger shares a CPU with the busy sink and must not wait for it, or its round trips
			// would measure the sink rather than n8n: it runs at the highest priority.
			const [pingCommand, pingArgs] = highPriority(process.execPath, [
				'-r',
				'ts-node/register',
				join(__dirname, 'pinger.ts'),
				`${this.baseUrl}/healthz`,
				String(PING_GAP_MS),
			]);
			pinger = spawn(pingCommand, pingArgs, {
				env: { ...process.env, TS_NODE_TRANSPILE_ONLY: '1' },
				stdio: ['ignore', 'pipe', 'inherit'],
			});
			pinger.stdout!.on('data', (chunk) => (pingLines += chunk));
			// The pinger has answered once: it is running.
			while (!pingLines.includes('\n')) await sleep(20);
		}
		const idleFrom = Date.now();
		await sleep(idleMs);
		const idleTo = Date.now();
		let runs: RealRun[];
		try {
			await Promise.all(
				conversationIds.map(async (conversationId) => {
					const query = new URLSearchParams({ file, conversationId, token });
					for (let attempt = 1; ; attempt++) {
						const response = await fetch(
							`${this.baseUrl}/webhook/${WORKFLOWS[runner].path}?${query}`,
							{ method: 'POST' },
						);
						const body = await response.text();
						if (response.status === 200) break;
						// Under a heavy load n8n 2.x answers 503 "Database is not ready!" while its
						// database pings time out, and once answered 404 for a registered webhook.
						if ([404, 503].includes(response.status) && attempt < 5) {
							process.stderr.write(
								`n8n ${this.version} answered ${response.status} (${body.slice(0, 80)}): trying again in 2 s\n`,
							);
							await sleep(2000);
							continue;
						}
						throw new Error(
							`n8n ${this.version} answered ${response.status}: ${body.slice(0, 300)}`,
						);
					}
				}),
			);
			runs = await this.uploadRuns(
				WORKFLOWS[runner].id,
				this.lastExecutionId,
				conversationIds.length,
			);
			this.lastExecutionId = Math.max(...runs.map((run) => run.id));
		} finally {
			running = false;
			pinger?.kill();
			await sampler;
			for (const line of pingLines.trim().split('\n').filter(Boolean)) {
				const [at, ms] = line.split(' ').map(Number);
				pings.push({ at, ms });
			}
			// The executions' copies of the file (1.x: binaryData, 2.x: storage): the next upload
			// brings its own, and on tmpfs a 4 GiB series would otherwise fill the machine's memory.
			for (const folder of [['binaryData', 'workflows'], ['storage']])
				rmSync(join(this.userFolder, '.n8n', ...folder), { recursive: true, force: true });
		}
		const from = Math.min(...runs.map((run) => run.startTime));
		const to = Math.max(...runs.map((run) => run.startTime + run.executionTime));
		const during = <T extends { at: number }>(xs: T[]) =>
			xs.filter((x) => x.at >= from && x.at <= to);
		const before = rss.filter((x) => x.at <= from).pop() ?? rss[0];
		const idle = pings.filter((x) => x.at >= idleFrom && x.at <= idleTo).map((x) => x.ms);
		const busy = during(pings).map((x) => x.ms);
		return {
			seconds: (to - from) / 1000,
			runs,
			baselineKiB: before.kib,
			peakKiB: Math.max(before.kib, ...during(rss).map((x) => x.kib)),
			pingP99Ms: percentile(busy, 99),
			pingMaxMs: percentile(busy, 100),
			idlePingP99Ms: percentile(idle, 99),
			idlePingMaxMs: percentile(idle, 100),
			fromMs: from - this.spawnedAt,
			toMs: to - this.spawnedAt,
		};
	}

	/**
	 * `requests` Symbl-shaped callbacks (each a new job, as Symbl sends them) to the trigger
	 * workflow of `kind`, from `concurrency` senders over loopback keep-alive connections; then
	 * waits until n8n has stored an execution for each (the next load starts on an idle n8n).
	 */
	async triggerLoad(
		kind: TriggerKind,
		concurrency: number,
		requests: number,
		jobPrefix: string,
	): Promise<TriggerLoad> {
		const { id, path } = TRIGGER_WORKFLOWS[kind];
		const [[after]] = this.query<[number]>('select coalesce(max(id), 0) from execution_entity');
		const url = `${this.baseUrl}/webhook/${path}?conversationId=5815170693595136`;
		const latencies: number[] = [];
		let sent = 0;
		let refused = 0;
		let resent = 0;
		const started = performance.now();
		await Promise.all(
			Array.from({ length: concurrency }, async () => {
				while (sent < requests) {
					const n = sent++;
					const t0 = performance.now();
					for (;;) {
						let response: Response;
						try {
							response = await fetch(url, {
								method: 'POST',
								headers: { 'Content-Type': 'application/json' },
								body: JSON.stringify({ jobId: `${jobPrefix}-${n}`, status: 'completed' }),
							});
						} catch (error) {
							// A keep-alive connection n8n closed as it was reused ("other side closed"):
							// the callback never reached n8n (nothing answered), so it is sent again.
							if (++resent > requests) throw error;
							continue;
						}
						const answer = await response.text();
						if (response.status === 200) break;
						// n8n's own refusal while its database pings time out: counted, sent again
						// (for up to a minute per callback).
						if (response.status === 503 && performance.now() - t0 < 60_000) {
							refused++;
							await sleep(100);
							continue;
						}
						throw new Error(`${kind}: HTTP ${response.status} ${answer.slice(0, 300)}`);
					}
					latencies.push(performance.now() - t0);
				}
			}),
		);
		const answered = performance.now();
		let executions = 0;
		for (let i = 0; i < 1200; i++) {
			[[executions]] = this.query<[number]>(
				"select count(*) from execution_entity where workflowId = ? and id > ? and status not in ('new', 'running')",
				id,
				after,
			);
			if (executions >= requests) break;
			await sleep(100);
		}
		const stored = performance.now();
		latencies.sort((a, b) => a - b);
		return {
			requests,
			concurrency,
			requestsPerSecond: requests / ((answered - started) / 1000),
			p50Ms: percentile(latencies, 50),
			p95Ms: percentile(latencies, 95),
			executions,
			storedPerSecond: requests / ((stored - started) / 1000),
			refused,
		};
	}

	async stop(): Promise<void> {
		const child = this.process;
		if (!child || child.exitCode !== null) return;
		const exited = new Promise((resolve) => child.once('exit', resolve));
		try {
			process.kill(-child.pid!, 'SIGTERM');
		} catch {
			child.kill('SIGTERM');
		}
		await Promise.race([exited, sleep(15_000)]);
		try {
			process.kill(-child.pid!, 'SIGKILL');
		} catch {
			// already gone
		}
	}
}
