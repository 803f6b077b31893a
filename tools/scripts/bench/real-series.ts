/**
 * The real-n8n rows: per n8n and file size, BENCH_ROUNDS rounds in which our node (in `n8n start`)
 * and every raw client of the yardstick (raw-clients.ts) upload the same file to the same sink, one
 * after another, the order reversed every other round (A B C D, D C B A, …). Per round, the limit is
 * the fastest raw client, and ours ÷ limit is taken within the round: this VM's speed drifts over
 * minutes, and runners seconds apart see the same machine. Also: the HTTP Request node in a few
 * rounds, /healthz during 1 GiB, 4 uploads at once, and the trigger against n8n's Webhook node.
 */
import type { OnCpu, RawClient, RawPut } from './raw-clients';
import { RAW_CLIENTS, rawPut } from './raw-clients';
import type { RealN8n, RealRunner, TriggerKind, TriggerLoad } from './real-n8n';
import type { RemoteSink } from './remote-sink';

const MiB = 1024 * 1024;

/** Our node's upload in one round, timed three ways. */
export interface OursRound {
	/** n8n's executionTime of the upload node. */
	execMs: number;
	/** The sink's first → last body byte of the same request. */
	sinkMs: number;
	/** The execution's wall time less its other nodes. */
	wallLessOthersMs: number;
	/** Whether the node's run (start, start + executionTime) spans the sink's first → last byte. */
	spansSink: boolean;
	growthMiB: number;
}

export interface Round {
	ours: OursRound;
	raw: Record<RawClient, RawPut>;
}

/** A real-n8n upload that is not in the ratio rounds (HTTP Request node, pinged, parallel). */
export interface RealSample {
	seconds: number;
	growthMiB: number;
	pingP99Ms: number;
	pingMaxMs: number;
	idlePingP99Ms: number;
}

export interface SizeFigures {
	rounds: Round[];
	httpNode: RealSample[];
}

export type TriggerRound = Record<TriggerKind, TriggerLoad>;
const TRIGGER_KINDS: TriggerKind[] = ['symbl', 'webhook', 'symblOff'];

export interface RealFigures {
	label: string;
	spec: string;
	bySize: Map<number, SizeFigures>;
	pinged?: Record<RealRunner, RealSample[]>;
	parallel?: Record<RealRunner, RealSample[]>;
	/** Per concurrency, rounds of both trigger workflows. */
	trigger: Map<number, TriggerRound[]>;
}

export interface SeriesContext {
	sink: RemoteSink;
	token: string;
	onClientCpu: OnCpu;
	/** The Node binary for the raw Node client: the one that runs this n8n. */
	node: string;
	log: (line: string) => void;
}

const fmt = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : '–');

/** One upload through a real n8n's workflow (`conversations.length` at once). */
export async function realUpload(
	real: RealN8n,
	runner: RealRunner,
	file: string,
	sizeMiB: number,
	ctx: SeriesContext,
	{ parallel = 1, ping = false } = {},
) {
	const conversations = await Promise.all(
		Array.from({ length: parallel }, () => ctx.sink.createConversation()),
	);
	const before = ctx.sink.count;
	const upload = await real.upload(runner, file, conversations, ctx.token, {
		idleMs: ping ? 1000 : 0,
		ping,
	});
	const records = (await ctx.sink.uploadsSince(before, parallel)).filter((r) => r.status === 201);
	if (records.length !== parallel || records.some((r) => r.bodyBytes !== sizeMiB * MiB))
		throw new Error(`${real.label} ${runner}: the sink accepted ${records.length} of ${parallel}`);
	return { upload, records };
}

/** BENCH_ROUNDS rounds of ours and every raw client at one size; `httpRounds` of the HTTP Request node. */
export async function sizeSeries(
	real: RealN8n,
	file: string,
	sizeMiB: number,
	rounds: number,
	httpRounds: number,
	ctx: SeriesContext,
): Promise<SizeFigures> {
	const figures: SizeFigures = { rounds: [], httpNode: [] };
	const runners = ['ours', ...RAW_CLIENTS] as const;
	for (let round = 0; round < rounds; round++) {
		const order = round % 2 ? [...runners].reverse() : [...runners];
		const raw = {} as Record<RawClient, RawPut>;
		let ours: OursRound | undefined;
		for (const runner of order) {
			if (runner === 'ours') {
				const { upload, records } = await realUpload(real, 'ours', file, sizeMiB, ctx);
				const [run] = upload.runs;
				const record = records.find((r) => r.path.endsWith(`/${run.conversationId}`)) ?? records[0];
				ours = {
					execMs: run.executionTime,
					sinkMs: record.bodyLastAt - record.bodyFirstAt,
					wallLessOthersMs: run.wallLessOthersMs,
					// n8n's times are whole ms: allow 1 ms either side.
					spansSink:
						run.startTime <= record.bodyFirstAt + 1 &&
						run.startTime + run.executionTime >= record.bodyLastAt - 1,
					growthMiB: (upload.peakKiB - upload.baselineKiB) / 1024,
				};
			} else
				raw[runner] = await rawPut(runner, file, ctx.sink, ctx.token, ctx.onClientCpu, ctx.node);
		}
		const o = ours!;
		const limitMs = Math.min(...RAW_CLIENTS.map((c) => raw[c].clientMs));
		const mibps = (ms: number) => fmt(sizeMiB / (ms / 1000));
		ctx.log(
			`${real.label} ${sizeMiB} MiB round ${round + 1}/${rounds}: ours ${mibps(o.execMs)} MiB/s (sink ${mibps(o.sinkMs)}, wall−others ${mibps(o.wallLessOthersMs)}${o.spansSink ? '' : ', NOT spanning the sink'}), ${RAW_CLIENTS.map((c) => `${c} ${mibps(raw[c].clientMs)}`).join(', ')}; ours ÷ limit ${fmt(limitMs / o.execMs, 2)}, growth ${fmt(o.growthMiB, 1)} MiB`,
		);
		figures.rounds.push({ ours: o, raw });
	}
	for (let round = 0; round < httpRounds; round++) {
		const { upload } = await realUpload(real, 'httpNode', file, sizeMiB, ctx);
		figures.httpNode.push(toSample(upload));
		ctx.log(
			`${real.label} ${sizeMiB} MiB HTTP Request node ${round + 1}/${httpRounds}: ${fmt(sizeMiB / upload.seconds)} MiB/s, growth ${fmt((upload.peakKiB - upload.baselineKiB) / 1024, 1)} MiB`,
		);
	}
	return figures;
}

function toSample(upload: Awaited<ReturnType<RealN8n['upload']>>): RealSample {
	return {
		seconds: upload.seconds,
		growthMiB: (upload.peakKiB - upload.baselineKiB) / 1024,
		pingP99Ms: upload.pingP99Ms,
		pingMaxMs: upload.pingMaxMs,
		idlePingP99Ms: upload.idlePingP99Ms,
	};
}

/** ours and the HTTP Request node alternately, `rounds` each: with /healthz timed, or `parallel` at once. */
export async function pairSeries(
	real: RealN8n,
	file: string,
	sizeMiB: number,
	rounds: number,
	ctx: SeriesContext,
	options: { parallel?: number; ping?: boolean },
): Promise<Record<RealRunner, RealSample[]>> {
	const samples: Record<RealRunner, RealSample[]> = { ours: [], httpNode: [] };
	for (let round = 0; round < rounds; round++) {
		const order: RealRunner[] = round % 2 ? ['httpNode', 'ours'] : ['ours', 'httpNode'];
		for (const runner of order) {
			const { upload } = await realUpload(real, runner, file, sizeMiB, ctx, options);
			const sample = toSample(upload);
			samples[runner].push(sample);
			ctx.log(
				`${real.label} ${options.parallel ?? 1} × ${sizeMiB} MiB${options.ping ? ', /healthz timed' : ''} ${runner} ${round + 1}/${rounds}: ${fmt(((options.parallel ?? 1) * sizeMiB) / sample.seconds)} MiB/s, growth ${fmt(sample.growthMiB, 1)} MiB${options.ping ? `, /healthz p99 ${fmt(sample.pingP99Ms, 1)} ms` : ''}`,
			);
		}
	}
	return samples;
}

/** Per concurrency, `rounds` of each trigger workflow, alternately (the first alternates too). */
export async function triggerSeries(
	real: RealN8n,
	concurrencies: number[],
	rounds: number,
	requests: number,
	ctx: SeriesContext,
): Promise<Map<number, TriggerRound[]>> {
	const byConcurrency = new Map<number, TriggerRound[]>();
	// A first load of each, not counted: n8n compiles and caches on first use.
	for (const kind of TRIGGER_KINDS)
		await real.triggerLoad(kind, 8, Math.min(200, requests), `warm-${kind}`);
	for (const concurrency of concurrencies) {
		const list: TriggerRound[] = [];
		for (let round = 0; round < rounds; round++) {
			// Symbl and Webhook alternate who goes first (A B C, B A C, …); the third row (Symbl with
			// Ignore Repeated Callbacks off: what de-duplication costs) closes each round.
			const order: TriggerKind[] =
				round % 2 ? ['webhook', 'symbl', 'symblOff'] : ['symbl', 'webhook', 'symblOff'];
			const result = {} as TriggerRound;
			for (const kind of order)
				result[kind] = await real.triggerLoad(
					kind,
					concurrency,
					requests,
					`c${concurrency}-r${round}-${kind}`,
				);
			list.push(result);
			ctx.log(
				`${real.label} trigger, ${concurrency} senders, round ${round + 1}/${rounds}: Symbl Trigger ${fmt(result.symbl.requestsPerSecond)}/s (stored ${fmt(result.symbl.storedPerSecond)}/s), Webhook node ${fmt(result.webhook.requestsPerSecond)}/s (stored ${fmt(result.webhook.storedPerSecond)}/s), Symbl without de-duplication ${fmt(result.symblOff.requestsPerSecond)}/s (stored ${fmt(result.symblOff.storedPerSecond)}/s)`,
			);
		}
		byConcurrency.set(concurrency, list);
	}
	return byConcurrency;
}
