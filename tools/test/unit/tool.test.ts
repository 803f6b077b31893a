/**
 * The Symbl node as an AI Agent tool (usableAsTool): what n8n's generated tool variant offers, and
 * what n8n tells the model each tool does. n8n builds the tool's description from the chosen
 * operation's `action` ("<action> in Symbl", NodeHelpers.makeDescription); these tests call n8n's
 * own helpers on the node's description. The real agent run is npm run e2e:agent.
 */
import type { INode, INodeProperties, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { deepCopy, NodeHelpers } from 'n8n-workflow';

import { Symbl } from '../../../nodes/Symbl/Symbl.node';

/** The tool variant as n8n generates it (convertNodeToAiTool): the same properties, named …Tool. */
function toolVariant(): INodeTypeDescription {
	const description = deepCopy(new Symbl().description);
	return { ...description, name: `${description.name}Tool`, inputs: [], outputs: ['ai_tool'] };
}

const node = (parameters: INode['parameters'], type = 'n8n-nodes-symbl.symblTool'): INode => ({
	id: 'tool',
	name: 'Symbl Tool',
	type,
	typeVersion: 1,
	position: [0, 0],
	parameters,
});

const RESOURCES = ['audio', 'conversation', 'job', 'text', 'video'];

/** The values of the Operation selector n8n shows for a resource. */
function offered(description: INodeTypeDescription, resource: string): string[] {
	const shown = description.properties.filter(
		(property) =>
			property.name === 'operation' &&
			NodeHelpers.displayParameter({ resource }, property, node({ resource }), description),
	);
	expect(shown).toHaveLength(1);
	return (shown[0].options as Array<{ value: string }>).map((option) => option.value).sort();
}

/** What n8n tells the model a tool does, with the tool's description left to n8n ("auto"). */
const toolDescription = (resource: string, operation: string) =>
	NodeHelpers.getToolDescriptionForNode(node({ resource, operation, descriptionType: 'auto' }), {
		description: toolVariant(),
	} as INodeType);

/** Every operation the tool variant offers, with the description the model gets. */
const EXPECTED: Record<string, Record<string, string>> = {
	audio: {
		appendUrl: 'Append audio from a URL to a conversation in Symbl',
		submitUrl: 'Submit audio from a URL in Symbl',
	},
	conversation: {
		delete: 'Permanently delete a conversation with its transcript and insights in Symbl',
		get: 'Get the name, times and members of a conversation in Symbl',
		getActionItems: 'Get the action items of a conversation in Symbl',
		getAnalytics: 'Get the talk-time analytics of a conversation in Symbl',
		getEntities: 'Get the entities of a conversation in Symbl',
		getFollowUps: 'Get the follow-ups of a conversation in Symbl',
		getInsights: 'Get the questions, action items and follow-ups of a conversation in Symbl',
		getMembers: 'Get the speakers (members) of a conversation in Symbl',
		getMessages:
			'Get the transcript of a conversation as messages with speakers and times in Symbl',
		getQuestions: 'Get the questions of a conversation in Symbl',
		getResults: 'Get the transcript and insights of a conversation in Symbl',
		getSummary: 'Get the summary of a conversation in Symbl',
		getTopics: 'Get the topics of a conversation in Symbl',
		getTrackers: 'Get the trackers detected in a conversation in Symbl',
		getTranscript: 'Get the transcript of a conversation as one Markdown or SRT text in Symbl',
	},
	job: { get: 'Get the processing status of a job in Symbl' },
	text: {
		append: 'Append text messages to a conversation in Symbl',
		submit: 'Submit text messages in Symbl',
	},
	video: {
		appendUrl: 'Append a video from a URL to a conversation in Symbl',
		submitUrl: 'Submit a video from a URL in Symbl',
	},
};

describe('Symbl as an AI Agent tool', () => {
	it.each(RESOURCES)('the tool variant offers the %s operations an agent can use', (resource) => {
		expect(offered(toolVariant(), resource)).toEqual(Object.keys(EXPECTED[resource]).sort());
	});

	it('leaves out only the uploads of binary data, which a tool call cannot carry', () => {
		const node = new Symbl().description;
		const leftOut = RESOURCES.flatMap((resource) =>
			offered(node, resource)
				.filter((operation) => !offered(toolVariant(), resource).includes(operation))
				.map((operation) => `${resource}.${operation}`),
		);
		expect(leftOut.sort()).toEqual([
			'audio.append',
			'audio.submit',
			'video.append',
			'video.submit',
		]);
	});

	it('starts a video or audio tool at Submit URL; the node keeps its own defaults', () => {
		const operation = (description: INodeTypeDescription, resource: string) =>
			NodeHelpers.getNodeParameters(
				description.properties,
				{ resource },
				true,
				false,
				node({ resource }, `n8n-nodes-symbl.${description.name}`),
				description,
			)?.operation;
		expect(operation(toolVariant(), 'video')).toBe('submitUrl');
		expect(operation(toolVariant(), 'audio')).toBe('submitUrl');
		expect(operation(new Symbl().description, 'video')).toBe('append');
		expect(operation(new Symbl().description, 'audio')).toBe('submit');
	});

	it.each(
		Object.entries(EXPECTED).flatMap(([resource, operations]) =>
			Object.entries(operations).map(([operation, text]) => [resource, operation, text]),
		),
	)('tells the model what %s %s does: "%s"', (resource, operation, text) => {
		expect(toolDescription(resource, operation)).toBe(text);
	});

	it('never waits as a tool: Wait for Completion is hidden and stays "Don\'t Wait"', () => {
		const parameters = { resource: 'video', operation: 'submitUrl' };
		const shown = (description: INodeTypeDescription) =>
			description.properties.some(
				(property) =>
					property.name === 'waitForCompletion' &&
					NodeHelpers.displayParameter(
						parameters,
						property,
						node(parameters, `n8n-nodes-symbl.${description.name}`),
						description,
					),
			);
		expect(shown(toolVariant())).toBe(false);
		expect(shown(new Symbl().description)).toBe(true);
		const resolved = NodeHelpers.getNodeParameters(
			toolVariant().properties,
			parameters,
			true,
			false,
			node(parameters),
			toolVariant(),
		);
		expect(resolved?.waitForCompletion ?? 'none').toBe('none');
	});

	it('gives every tool its own description', () => {
		const texts = Object.values(EXPECTED).flatMap((operations) => Object.values(operations));
		expect(new Set(texts).size).toBe(texts.length);
	});

	it('says which tools read a transcript, and that Delete cannot be undone', () => {
		for (const operation of ['getMessages', 'getTranscript', 'getResults']) {
			expect(toolDescription('conversation', operation)).toContain('transcript');
		}
		expect(toolDescription('conversation', 'delete')).toMatch(/^Permanently delete/);
	});

	it('keeps the Operation selector the node creator reads complete (the first one)', () => {
		for (const resource of RESOURCES) {
			const first = new Symbl().description.properties.find(
				(property: INodeProperties) =>
					property.name === 'operation' &&
					property.displayOptions?.show?.resource?.[0] === resource,
			);
			const all = (first?.options as Array<{ value: string }>).map((option) => option.value);
			expect(all.sort()).toEqual(offered(new Symbl().description, resource));
		}
	});
});
