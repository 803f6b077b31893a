/**
 * A Symbl (or a proxy in front of it) that misbehaves on loopback, as a red-team pass drove it
 * (issue 21): a connection cut after the whole upload, a refusal answered before the upload was
 * read, a token-renewal read that fails, an error that echoes the webhook URL's secret, a list
 * that comes back empty, n8n's own Retry On Fail. What a user would see: how many uploads Symbl
 * received (jobs, charges), the error text, the items out.
 */

import { nodeOutput, runError } from '../../harness';
import { bedPerTest, itemsNode, symblNode } from '../support';

const bed = bedPerTest('filesystem', ['7777']);

type Run = Awaited<ReturnType<ReturnType<typeof bed>['run']>>;
type ErrorText = { message: string; description?: string };
const errorOf = (run: Run) => runError(run) as unknown as ErrorText | undefined;

describe('every input item gives an output item or an error', () => {
	const summaries = (...bodies: unknown[]) => {
		for (const body of bodies) {
			bed().emulator.failNext({
				path: /\/summary$/,
				status: 200,
				rawBody: JSON.stringify(body),
				contentType: 'application/json',
			});
		}
	};

	it('Get Summary: a summary, an empty one, one still in progress', async () => {
		summaries(
			{ summary: [{ id: 's1', text: 'Ship it.' }] },
			{ summary: [] },
			{ summary: null, status: 'in_progress' },
		);
		const run = await bed().run(
			itemsNode([{}, {}, {}]),
			symblNode(
				'Summary',
				bed().credential,
				{ resource: 'conversation', operation: 'getSummary', conversationId: '7777' },
				{ onError: 'continueRegularOutput' },
			),
		);

		const items = nodeOutput(run, 'Summary');
		expect(items).toEqual([
			{ json: { id: 's1', text: 'Ship it.' }, pairedItem: { item: 0 } },
			{ json: { conversationId: '7777', summary: [] }, pairedItem: { item: 1 } },
			{
				json: { error: 'Symbl has no summary for this conversation yet (status "in_progress")' },
				pairedItem: { item: 2 },
			},
		]);
	});

	it('Get Results: a part still in progress is a note, and the item goes out', async () => {
		bed().emulator.failNext({
			path: /\/messages$/,
			status: 200,
			rawBody: JSON.stringify({ messages: [] }),
			contentType: 'application/json',
		});
		summaries({ summary: null, status: 'in_progress' });
		const run = await bed().run(
			itemsNode([{}]),
			symblNode('Results', bed().credential, {
				resource: 'conversation',
				operation: 'getResults',
				conversationId: '7777',
				results: ['messages', 'summary'],
			}),
		);

		expect(nodeOutput(run, 'Results')).toEqual([
			{
				json: {
					conversationId: '7777',
					messages: [],
					summary: {
						error: 'not ready yet (in_progress)',
						message: 'Symbl has no summary for this conversation yet (status "in_progress")',
					},
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it('Get Results (summary only) still in progress: an error that says so, not silence', async () => {
		summaries({ summary: null, status: 'in_progress' });
		const run = await bed().run(
			itemsNode([{}]),
			symblNode('Results', bed().credential, {
				resource: 'conversation',
				operation: 'getResults',
				conversationId: '7777',
				results: ['summary'],
			}),
		);
		expect(errorOf(run)?.message).toBe(
			'Symbl has no summary for this conversation yet (status "in_progress")',
		);
	});
});
