/** BENCHMARKS.md's real-n8n sections: uploads against the limit, cross-checks, trigger, targets. */
import { RAW_CLIENT_NAMES, RAW_CLIENTS, type RawClient } from './raw-clients';
import type { RealFigures, RealSample, Round, TriggerRound } from './real-series';
import { median, medianWithInterval, spread } from './stats';

const fmt = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : '–');
const sizeName = (sizeMiB: number) =>
	sizeMiB >= 1024 ? `${sizeMiB / 1024} GiB` : `${sizeMiB} MiB`;
const range = (values: number[], digits = 0) => {
	const finite = values.filter(Number.isFinite);
	return finite.length
		? `${fmt(Math.min(...finite), digits)}–${fmt(Math.max(...finite), digits)}`
		: '–';
};
/** "median (min–max)". */
const cell = (values: number[], digits = 0) =>
	`${fmt(median(values), digits)} (${range(values, digits)})`;
const withInterval = (values: number[], digits = 2) => {
	const m = medianWithInterval(values);
	return `${fmt(m.median, digits)} [${fmt(m.low, digits)}–${fmt(m.high, digits)}]`;
};

/** Per round: the limit (fastest raw client) by the clients' own timing and by the sink's. */
export function roundFigures(sizeMiB: number, round: Round) {
	const limitMs = Math.min(...RAW_CLIENTS.map((c) => round.raw[c].clientMs));
	const fastest = RAW_CLIENTS.find((c) => round.raw[c].clientMs === limitMs)!;
	const limitSinkMs = Math.min(...RAW_CLIENTS.map((c) => round.raw[c].sinkMs));
	return {
		fastest,
		limitMiBps: sizeMiB / (limitMs / 1000),
		oursMiBps: sizeMiB / (round.ours.execMs / 1000),
		ratio: limitMs / round.ours.execMs,
		ratioSink: limitSinkMs / round.ours.sinkMs,
		ratioWall: limitMs / round.ours.wallLessOthersMs,
	};
}

export interface Target {
	what: string;
	measured: string;
	met: boolean;
}

export const TARGET_RATIO = 0.9;
export const TARGET_GROWTH_MIB = 32;
export const TARGET_PING_MS = 20;

export function realReport(
	real: RealFigures[],
	{
		parallel,
		parallelMiB,
		pingGapMs,
	}: { parallel: number; parallelMiB: number; pingGapMs: number },
): { sections: string; targets: Target[] } {
	const targets: Target[] = [];
	const sections = real.map((r) => {
		const mainRows: string[] = [];
		const rawRows: string[] = [];
		const checkRows: string[] = [];
		const httpRows: string[] = [];
		for (const [size, figures] of r.bySize) {
			const per = figures.rounds.map((round) => roundFigures(size, round));
			const ratios = per.map((x) => x.ratio);
			const limit = per.map((x) => x.limitMiBps);
			const drift = spread(limit);
			const fastest = RAW_CLIENTS.map(
				(c) => [c, per.filter((x) => x.fastest === c).length] as const,
			)
				.filter(([, n]) => n)
				.map(([c, n]) => `${c} ${n}`)
				.join(', ');
			const growth = figures.rounds.map((x) => x.ours.growthMiB);
			mainRows.push(
				`| ${sizeName(size)} | ${cell(per.map((x) => x.oursMiBps))} | ${cell(limit)} | ${fastest} | **${withInterval(ratios)}** | ±${fmt(drift.range * 50, 0)} % (${fmt(drift.roundToRound * 100, 0)} %) | ${withInterval(per.map((x) => x.ratioSink))} | ${fmt(Math.max(...growth), 1)} |`,
			);
			rawRows.push(
				`| ${sizeName(size)} | ${RAW_CLIENTS.map((c) => {
					const own = figures.rounds.map((x) => size / (x.raw[c].clientMs / 1000));
					const sink = figures.rounds.map((x) => size / (x.raw[c].sinkMs / 1000));
					return `${cell(own)} / ${fmt(median(sink))}`;
				}).join(' | ')} |`,
			);
			const o = figures.rounds.map((x) => x.ours);
			const notSpanning = o.filter((x) => !x.spansSink).length;
			checkRows.push(
				`| ${sizeName(size)} | ${cell(o.map((x) => x.execMs))} | ${cell(o.map((x) => x.sinkMs))} | ${cell(o.map((x) => x.wallLessOthersMs))} | ${cell(
					o.map((x) => x.execMs - x.sinkMs),
					1,
				)} | ${notSpanning} of ${o.length} | ${withInterval(per.map((x) => x.ratioWall))} |`,
			);
			if (figures.httpNode.length)
				httpRows.push(
					`| ${sizeName(size)} | ${cell(figures.httpNode.map((x) => size / x.seconds))} | ${cell(
						figures.httpNode.map((x) => x.growthMiB),
						1,
					)} | ${fmt(Math.max(...growth), 1)} |`,
				);
			if (size >= 256) {
				const m = medianWithInterval(ratios);
				targets.push({
					what: `${r.label}: ours ≥ ${TARGET_RATIO} × the fastest raw client at ${sizeName(size)} (median [95% interval])`,
					measured: `${fmt(m.median, 2)} [${fmt(m.low, 2)}–${fmt(m.high, 2)}]`,
					met: m.median >= TARGET_RATIO,
				});
			}
			targets.push({
				what: `${r.label}: RSS growth ≤ ${TARGET_GROWTH_MIB} MiB per upload at ${sizeName(size)} (worst of ${growth.length})`,
				measured: `${fmt(Math.max(...growth), 1)} MiB`,
				met: Math.max(...growth) <= TARGET_GROWTH_MIB,
			});
		}
		const pairRows = (
			samples: Record<string, RealSample[]> | undefined,
			row: (name: string, x: RealSample[]) => string,
		) => (samples ? [row('ours', samples.ours), row('HTTP Request node', samples.httpNode)] : []);
		const pingRows = pairRows(
			r.pinged,
			(name, x) =>
				`| ${name} | ${cell(
					x.map((y) => y.idlePingP99Ms),
					1,
				)} | ${cell(
					x.map((y) => y.pingP99Ms),
					1,
				)} | ${cell(
					x.map((y) => y.pingMaxMs),
					1,
				)} | ${cell(x.map((y) => 1024 / y.seconds))} |`,
		);
		const parallelRows = pairRows(
			r.parallel,
			(name, x) =>
				`| ${name} | ${cell(x.map((y) => (parallel * parallelMiB) / y.seconds))} | ${cell(
					x.map((y) => y.seconds),
					2,
				)} | ${cell(
					x.map((y) => y.growthMiB),
					1,
				)} |`,
		);
		if (r.pinged) {
			const p = median(r.pinged.ours.map((x) => x.pingP99Ms));
			targets.push({
				what: `${r.label}: /healthz p99 ≤ ${TARGET_PING_MS} ms during a 1 GiB upload (HTTP Request node: ${fmt(median(r.pinged.httpNode.map((x) => x.pingP99Ms)), 1)} ms)`,
				measured: `${fmt(p, 1)} ms`,
				met: p <= TARGET_PING_MS,
			});
		}
		if (r.parallel) {
			const g = Math.max(...r.parallel.ours.map((x) => x.growthMiB));
			targets.push({
				what: `${r.label}: RSS growth ≤ ${parallel} × ${TARGET_GROWTH_MIB} MiB with ${parallel} uploads at once (worst)`,
				measured: `${fmt(g, 1)} MiB`,
				met: g <= parallel * TARGET_GROWTH_MIB,
			});
		}
		const triggerRows: string[] = [];
		for (const [concurrency, rounds] of r.trigger) {
			const ratio = rounds.map((x) => x.symbl.requestsPerSecond / x.webhook.requestsPerSecond);
			const m = medianWithInterval(ratio);
			const row = (name: string, pick: (x: TriggerRound) => TriggerRound['symbl']) =>
				`| ${name} | ${concurrency} | ${cell(rounds.map((x) => pick(x).requestsPerSecond))} | ${fmt(median(rounds.map((x) => pick(x).p50Ms)), 1)} | ${fmt(median(rounds.map((x) => pick(x).p95Ms)), 1)} | ${cell(rounds.map((x) => pick(x).storedPerSecond))} | ${rounds.reduce((n, x) => n + pick(x).executions, 0)} of ${rounds.reduce((n, x) => n + pick(x).requests, 0)} | ${rounds.reduce((n, x) => n + pick(x).refused, 0)} |`;
			triggerRows.push(
				row('Symbl Trigger', (x) => x.symbl),
				row("n8n's Webhook node", (x) => x.webhook),
				row('Symbl Trigger, Ignore Repeated Callbacks off', (x) => x.symblOff),
				`| **Symbl ÷ Webhook** | ${concurrency} | **${fmt(m.median, 2)} [${fmt(m.low, 2)}–${fmt(m.high, 2)}]** | | | ${withInterval(rounds.map((x) => x.symbl.storedPerSecond / x.webhook.storedPerSecond))} | | |`,
			);
			targets.push({
				what: `${r.label}: Symbl Trigger (repeats ignored) ≥ Webhook node's callbacks/s at ${concurrency} sender${concurrency > 1 ? 's' : ''} (ratio, median [95% interval])`,
				measured: `${fmt(m.median, 2)} [${fmt(m.low, 2)}–${fmt(m.high, 2)}]`,
				met: m.median >= 1,
			});
		}
		const rounds = [...r.bySize.values()][0]?.rounds.length ?? 0;
		return `## ${r.label}: Append Video against the limit of the path

\`n8n start\` with the packed package installed as a community package, n8n's filesystem binary mode, no
V8 flags; the workflow Webhook → Read Files (the file into n8n's binary store) → Wait 1 s → Append Video.
${rounds} rounds per size; in each, ours and the three raw clients upload the same file to the same sink one
after another (the order reversed every other round). **Limit** = the fastest raw client of the round,
timed by itself (from before it connects to the answer's last byte; its process start-up not counted).
**Ours** = the upload node's executionTime as n8n stored it. **ours ÷ limit** is taken per round (the
same machine seconds apart): median [bootstrap 95% interval over rounds]. **Yardstick spread**: the
limit's own movement over the rounds, ±(max − min)/2 of its median, and in brackets its median change
from one round to the next — the machine's drift, beside which a ratio's difference means something.
Sink-timed: the same ratio with every upload timed by the sink (first → last body byte).

| size | ours MiB/s | limit MiB/s | fastest (rounds) | ours ÷ limit [95%] | yardstick spread | ours ÷ limit, sink-timed [95%] | ours RSS growth, worst MiB |
|---|---|---|---|---|---|---|---|
${mainRows.join('\n')}

**The raw clients**, MiB/s by their own timing, median (min–max) / median by the sink's:

| size | ${RAW_CLIENTS.map((c) => RAW_CLIENT_NAMES[c as RawClient]).join(' | ')} |
|---|${RAW_CLIENTS.map(() => '---').join('|')}|
${rawRows.join('\n')}

**Where the upload's time is measured** (ms, median (min–max)): n8n's executionTime of the upload node;
the sink's first → last body byte of the same request; the execution's wall time (stoppedAt − startedAt)
less the Webhook, Read Files and Wait nodes' times; executionTime − sink time (the node's own overhead:
token, opening the stream, the answer); rounds whose executionTime did not span the sink's first →
last byte (would mean n8n's timing leaves part of the upload out); ours ÷ limit with ours timed by the
execution's wall time less the other nodes.

| size | executionTime | sink first → last byte | execution wall − other nodes | executionTime − sink | not spanning the sink | ours ÷ limit, wall-timed [95%] |
|---|---|---|---|---|---|---|
${checkRows.join('\n')}

**n8n's HTTP Request node** doing the same PUT (${[...r.bySize.values()][0]?.httpNode.length ?? 0} uploads per size, for comparison; not in the ratio rounds):

| size | MiB/s | RSS growth MiB | ours: RSS growth, worst MiB |
|---|---|---|---|
${httpRows.join('\n')}
${
	pingRows.length
		? `
**Responsiveness, 1 GiB.** A separate process asks n8n's \`/healthz\` every ${pingGapMs} ms and times the round
trip: for 1 s with nothing running, then throughout the upload. Separate uploads from the rows above (the
~200 requests a second are work for n8n's main thread too; the last column is the upload's speed under it).

| runner | /healthz p99 ms, idle | p99 during the upload | max during the upload | MiB/s under the load |
|---|---|---|---|---|
${pingRows.join('\n')}
`
		: ''
}${
			parallelRows.length
				? `
**${parallel} uploads of ${sizeName(parallelMiB)} at once**, each its own execution: total MiB/s from the first upload
node's start to the last one's end, and the n8n process's RSS growth.

| runner | total MiB/s | seconds | RSS growth MiB |
|---|---|---|---|
${parallelRows.join('\n')}
`
				: ''
		}${
			triggerRows.length
				? `
**Trigger: callbacks per second in this n8n.** Two one-node workflows, both active: the Symbl Trigger
(statuses completed and failed, Ignore Repeated Callbacks on — its default) and n8n's Webhook node (POST,
respond immediately); a third, the Symbl Trigger with Ignore Repeated Callbacks off, shows what the
de-duplication costs. Each load is ${[...r.trigger.values()][0]?.[0]?.symbl.requests ?? 0} Symbl callbacks \`{jobId, status: "completed"}\`, every one a
new job (each starts an execution), from N senders over keep-alive loopback connections; callbacks/s
from the first request to the last answer, then n8n is left to store every execution before the next
load (stored/s: until the last is stored). Rounds alternate the two; the ratio is per round, median
[bootstrap 95%]. 503s: n8n's own "Database is not ready!" answers (its database pings timed out under the
load), each callback sent again after 100 ms and counted once answered.

| node | senders | callbacks/s | p50 ms | p95 ms | stored/s | executions | 503s |
|---|---|---|---|---|---|---|---|
${triggerRows.join('\n')}
`
				: ''
		}`;
	});
	return { sections: sections.join('\n\n'), targets };
}
