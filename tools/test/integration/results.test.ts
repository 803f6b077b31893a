/**
 * Conversation → Get Results against the emulator in its documented mode: what each
 * part looks like, and what happens when some parts cannot be read yet.
 */
import type { IDataObject, INode } from 'n8n-workflow';

import type { EmulatorOptions } from '../../emulator';
import { nodeOutput, runError } from '../../harness';
import { loadNode, PART1, symblNode, TestBed } from '../support';

describe('Conversation → Get Results', () => {
	let bed: TestBed;
	afterEach(async () => await bed.stop());

	/** A conversation whose first recording Symbl has processed. */
	async function processed(options: IDataObject = {}, emulatorOptions: EmulatorOptions = {}) {
		bed = await new TestBed(emulatorOptions).start();
		const run = await bed.run(
			loadNode([{ path: PART1 }]),
			symblNode('Submit', bed.credential, { operation: 'submit', options }),
		);
		await bed.jobsDone();
		return nodeOutput(run, 'Submit')[0].json.conversationId as string;
	}

	function getResults(conversationId: string, results: string[], settings: Partial<INode> = {}) {
		return bed.run(
			loadNode([{ path: PART1, json: { conversationId } }]),
			symblNode(
				'Get Results',
				bed.credential,
				{
					resource: 'conversation',
					operation: 'getResults',
					conversationId: '={{ $json.conversationId }}',
					results,
				},
				settings,
			),
		);
	}

	const pricing = { tracker: [{ name: 'Pricing', vocabulary: ['price', 'discount'] }] };

	it('reads trackers from the bare array Symbl returns', async () => {
		const conversationId = await processed({ trackers: pricing });
		const run = await getResults(conversationId, ['trackers']);
		expect(runError(run)).toBeUndefined();
		const [item] = nodeOutput(run, 'Get Results');
		expect(item.json.trackers).toEqual([
			expect.objectContaining({
				name: 'Pricing',
				matches: [
					expect.objectContaining({ value: 'price' }),
					expect.objectContaining({ value: 'discount' }),
				],
			}),
		]);
	});

	it('also reads trackers given as {trackers: […]}', async () => {
		const conversationId = await processed(
			{ trackers: pricing },
			{ trackersDetectedAsObject: true },
		);
		const [item] = nodeOutput(await getResults(conversationId, ['trackers']), 'Get Results');
		expect(item.json.trackers).toEqual([expect.objectContaining({ name: 'Pricing' })]);
	});

	describe('when some parts cannot be read', () => {
		it('returns the transcript while the summary is still pending', async () => {
			const conversationId = await processed({ enableSummary: true });
			// A second recording that Symbl is still processing: the summary waits for it.
			bed.emulator.options.jobStepMs = 5000;
			await bed.run(
				loadNode([{ path: PART1 }]),
				symblNode('Append', bed.credential, { operation: 'append', conversationId }),
			);

			const run = await getResults(conversationId, ['messages', 'summary', 'topics']);

			expect(runError(run)).toBeUndefined();
			const [item] = nodeOutput(run, 'Get Results');
			expect(item.json).toEqual({
				conversationId,
				messages: [expect.objectContaining({ text: expect.stringContaining('Recording 1') })],
				summary: { error: 'not ready yet (404)', message: expect.stringContaining('not ready') },
				topics: [expect.objectContaining({ text: 'project timeline' })],
			});
			expect(item.pairedItem).toEqual({ item: 0 });
		});

		it('notes a summary Symbl will not give (no enableSummary) and keeps the other parts', async () => {
			const conversationId = await processed();
			const run = await getResults(conversationId, ['messages', 'summary']);
			expect(runError(run)).toBeUndefined();
			const [item] = nodeOutput(run, 'Get Results');
			expect(item.json.messages).toHaveLength(1);
			expect(item.json.summary).toEqual({
				error: 'not ready yet (404)',
				message: expect.stringContaining('enableSummary=true'),
			});
		});

		it("notes another error with Symbl's status and message", async () => {
			const conversationId = await processed();
			// 500 is tried again up to Max Attempts (3); it stays down for all three.
			bed.emulator.failNext({
				path: /\/topics$/,
				status: 500,
				message: 'Topics are down',
				times: 3,
			});
			const [item] = nodeOutput(
				await getResults(conversationId, ['messages', 'topics']),
				'Get Results',
			);
			expect(item.json.messages).toHaveLength(1);
			expect(item.json.topics).toEqual({
				error: 'Symbl had an internal error (HTTP 500): Topics are down (after 3 attempts)',
			});
		});

		it('fails the item only when every part failed', async () => {
			await processed();
			const run = await getResults('999', ['messages', 'summary']);
			expect(runError(run)?.message).toBe(
				'Symbl could not find the conversation or job (HTTP 404): Conversation 999 not found',
			);

			const kept = await getResults('999', ['messages'], { onError: 'continueRegularOutput' });
			expect(nodeOutput(kept, 'Get Results')[0].json).toEqual({
				error: expect.stringContaining('(HTTP 404)'),
			});
		});
	});
});
