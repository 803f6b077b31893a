/**
 * A bare Node client for the benchmark's yardstick: PUT FILE to URL with
 * fs.createReadStream(file, { highWaterMark: 1 MiB }).pipe(http.request), nothing else.
 *   node raw-put.cjs FILE URL TOKEN
 * Prints one JSON line: {"startedAt": epoch ms before the request, "ms": until the answer's last
 * byte, "status"}. Plain JavaScript, so the timing includes no TypeScript compiler.
 */
const { createReadStream, statSync } = require('node:fs');
const http = require('node:http');

const [file, url, token] = process.argv.slice(2);
const startedAt = Date.now();
const t0 = performance.now();
const request = http.request(url, {
	method: 'PUT',
	headers: {
		'Content-Type': 'video/mp4',
		'Content-Length': statSync(file).size,
		Authorization: `Bearer ${token}`,
	},
});
request.on('response', (response) => {
	response.resume();
	response.on('end', () => {
		const ms = performance.now() - t0;
		process.stdout.write(`${JSON.stringify({ startedAt, ms, status: response.statusCode })}\n`);
		process.exit(response.statusCode === 201 ? 0 : 1);
	});
});
request.on('error', (error) => {
	process.stderr.write(`raw-put: ${error.message}\n`);
	process.exit(1);
});
createReadStream(file, { highWaterMark: 1024 * 1024 }).pipe(request);
