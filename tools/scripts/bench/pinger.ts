/**
 * Times GET URL over and over, a few ms apart, and prints "<Date.now() at the answer> <round trip ms>"
 * per answer until killed: pinger.ts URL GAP_MS. A process of its own, so the benchmark's sink (busy
 * hashing the upload in the benchmark's process) does not delay the timings it takes.
 */
const [url, gapMs] = process.argv.slice(2);

async function main(): Promise<never> {
	for (;;) {
		const started = performance.now();
		try {
			await (await fetch(url)).arrayBuffer();
			process.stdout.write(`${Date.now()} ${(performance.now() - started).toFixed(2)}\n`);
		} catch {
			// n8n not listening (yet, or any more): try again
		}
		await new Promise((resolve) => setTimeout(resolve, Number(gapMs)));
	}
}

void main();
