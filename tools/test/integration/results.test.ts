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
});
