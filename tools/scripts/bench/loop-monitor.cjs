/**
 * For a diagnosis of a real n8n (not used by the measured runs): loaded into n8n's process with
 * BENCH_N8N_NODE_FLAGS="--require <this file>", it prints the event loop's delay every 100 ms
 * ("ELD <Date.now()> p50 … p99 … max … n …", ms) from inside the process, with no load of its own.
 */
const { monitorEventLoopDelay } = require('node:perf_hooks');

const delay = monitorEventLoopDelay({ resolution: 1 });
delay.enable();
const ms = (ns) => (ns / 1e6).toFixed(1);
setInterval(() => {
	process.stderr.write(
		`ELD ${Date.now()} p50 ${ms(delay.percentile(50))} p99 ${ms(delay.percentile(99))} max ${ms(delay.max)} n ${delay.count}\n`,
	);
	delay.reset();
}, 100).unref();
