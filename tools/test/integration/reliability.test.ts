/**
 * What a flaky network and a busy Symbl must never do to a workflow: lose, duplicate or reorder
 * uploads, hang, or send a credential anywhere but the Base URL. Faults come from the emulator's
 * controls, never from timing luck.
 */
import { nodeOutput, runError } from '../../harness';
import { loadNode, PART1, PART2, sha256, symblNode, TestBed } from '../support';

let bed: TestBed;
beforeEach(async () => {
	bed = await new TestBed().start();
	bed.emulator.createConversation('7777');
});
afterEach(async () => await bed.stop());

const append = (settings = {}, options = {}) =>
	symblNode(
		'Append',
		bed.credential,
		{ operation: 'append', conversationId: '7777', options },
		settings,
	);

describe('retries', () => {
	it('sends a 429-refused upload again, from a fresh stream, and keeps item order', async () => {
		bed.emulator.failNext({
			method: 'PUT',
			path: /^\/v1\/process\/video\//,
			status: 429,
			message: 'busy',
			times: 2,
		});
		const run = await bed.run(loadNode([{ path: PART1 }, { path: PART2 }]), append());

		expect(runError(run)).toBeUndefined();
		expect(nodeOutput(run, 'Append').map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
		]);
		const uploads = bed.emulator.uploads();
		expect(uploads.map((upload) => upload.status)).toEqual([429, 429, 201, 201]);
		// The accepted bodies are whole, once each, in item order.
		const accepted = uploads.filter((upload) => upload.status === 201);
		expect(accepted.map((upload) => upload.bodySha256)).toEqual([sha256(PART1), sha256(PART2)]);
	});

	it('does not retry a 400: it is final', async () => {
		bed.emulator.failNext({
			path: /^\/v1\/process\/video\//,
			status: 400,
			message: 'Invalid mode',
		});
		const run = await bed.run(loadNode([{ path: PART1 }]), append());
		expect(runError(run)?.message).toMatch(/\(HTTP 400\): Invalid mode$/);
		expect(bed.emulator.uploads()).toHaveLength(1);
	});

	it('honours Max Attempts', async () => {
		bed.emulator.failNext({
			path: /^\/v1\/process\/video\//,
			status: 503,
			message: 'down',
			times: 5,
		});
		const run = await bed.run(loadNode([{ path: PART1 }]), append({}, { maxAttempts: 2 }));
		expect(runError(run)?.message).toMatch(/\(HTTP 503\): down \(after 2 attempts\)/);
		expect(bed.emulator.uploads()).toHaveLength(2);
	});

	it("n8n's Retry On Fail does not upload again the items that had succeeded", async () => {
		// Item 1 fails with a final error; n8n then runs the node again with all three items.
		bed.emulator.failNext({
			path: /^\/v1\/process\/video\//,
			status: 400,
			message: 'once',
			after: 1,
		} as never);
		const run = await bed.run(
			loadNode([{ path: PART1 }, { path: PART2 }, { path: PART1 }]),
			append({ retryOnFail: true, maxTries: 2, waitBetweenTries: 10 }),
		);

		expect(runError(run)).toBeUndefined();
		const uploads = bed.emulator.uploads();
		expect(uploads.map((upload) => upload.status)).toEqual([201, 400, 201, 201]);
		expect(uploads.filter((u) => u.status === 201).map((u) => u.bodySha256)).toEqual(
			[PART1, PART2, PART1].map(sha256),
		);
		const items = nodeOutput(run, 'Append');
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(new Set(items.map((item) => item.json.jobId)).size).toBe(3);
	});
});
