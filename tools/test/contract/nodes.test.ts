/** The nodes agree with the contract table: the parameters they send, languages, results, statuses. */
import type { INodeProperties } from 'n8n-workflow';

import {
	AUDIO_CONTENT_TYPES,
	CALLS,
	CONVERSATION_CALLS,
	CONVERSATION_PARAMETERS,
	LANGUAGE_CODES,
	PARAMETERS,
	RESULTS,
	TEXT_PARAMETER_NAMES,
	UPLOAD_CALLS,
} from '../../emulator/contract';
import type { ListName } from '../../../nodes/Symbl/actions/conversation/lists';
import { LISTS } from '../../../nodes/Symbl/actions/conversation/lists';
import {
	LANGUAGE_CODES as NODE_LANGUAGES,
	PROCESSING_PARAMETER_NAMES,
	TEXT_PROCESSING_PARAMETERS,
} from '../../../nodes/Symbl/actions/processingParameters';
import { AUDIO_CONTENT_TYPES as NODE_AUDIO_TYPES } from '../../../nodes/Symbl/helpers/media';
import { Symbl } from '../../../nodes/Symbl/Symbl.node';
import { JOB_STATUSES } from '../../../nodes/shared/constants';

/** The names in the Conversation resource's Operation selector. */
function conversationOperationNames(): string[] {
	const selector = new Symbl().description.properties.find(
		(property: INodeProperties) =>
			property.name === 'operation' &&
			property.displayOptions?.show?.resource?.includes('conversation'),
	);
	return (selector?.options as Array<{ name: string }>).map((option) => option.name);
}

describe('the nodes and the contract table', () => {
	it('send exactly the processing parameters the table documents', () => {
		expect([...PROCESSING_PARAMETER_NAMES].sort()).toEqual(
			PARAMETERS.map((row) => row.name).sort(),
		);
	});

	it('offer exactly the documented language codes', () => {
		// The UI lists them by name; the table in the docs' order.
		const offered = NODE_LANGUAGES.map(([code]: readonly [string, string]) => code);
		expect(offered.sort()).toEqual([...LANGUAGE_CODES].sort());
	});

	it('Get Results offers exactly the results the table documents', () => {
		const results = new Symbl().description.properties.find(
			(property: INodeProperties) => property.name === 'results',
		);
		const offered = (results?.options as Array<{ value: string }>).map((option) => option.value);
		expect(offered.sort()).toEqual(
			RESULTS.filter((row) => row.inGetResults)
				.map((row) => row.name)
				.sort(),
		);
	});

	it('has one Conversation operation per documented list, reading its path and key', () => {
		const offered = conversationOperationNames();
		for (const row of RESULTS) {
			expect(offered).toContain(row.operation);
			expect(LISTS[row.name as ListName]).toEqual(expect.objectContaining({ path: row.path }));
		}
		expect(Object.keys(LISTS).sort()).toEqual(RESULTS.map((row) => row.name).sort());
	});

	it('has an operation for every other documented conversation call', () => {
		const offered = conversationOperationNames();
		for (const row of CONVERSATION_CALLS) {
			expect(offered).toContain(row.usedBy.replace('Conversation: ', ''));
		}
	});

	it('offers exactly the documented query parameters and transcript members', () => {
		const optionNames = (operation: string) =>
			(
				new Symbl().description.properties.find(
					(property: INodeProperties) =>
						property.name === 'options' &&
						property.displayOptions?.show?.operation?.includes(operation),
				)?.options as INodeProperties[]
			)
				.map((option) => option.name)
				.filter((name) => !['maxAttempts', 'timeoutSeconds'].includes(name));
		const documented = (call: string) =>
			CONVERSATION_PARAMETERS.filter((row) => row.call === call)
				.flatMap((row) =>
					row.rule.kind === 'flags' ? row.rule.members : row.name === 'contentType' ? [] : row.name,
				)
				.sort();
		expect(optionNames('getMessages').sort()).toEqual(documented('messages'));
		expect(optionNames('getTopics').sort()).toEqual(documented('topics'));
		expect(optionNames('getSummary').sort()).toEqual(documented('summary'));
		expect(optionNames('getTranscript').sort()).toEqual(documented('transcript'));
		for (const list of ['getActionItems', 'getEntities', 'getInsights', 'getTrackers']) {
			expect(optionNames(list)).toEqual([]);
		}
	});

	it('send text only the parameters the text calls list', () => {
		expect(TEXT_PROCESSING_PARAMETERS.map(({ name }) => name).sort()).toEqual(
			[...TEXT_PARAMETER_NAMES].sort(),
		);
	});

	it('send audio only with a Content-Type the audio calls list', () => {
		expect([...NODE_AUDIO_TYPES].sort()).toEqual([...AUDIO_CONTENT_TYPES].sort());
	});

	it.each(UPLOAD_CALLS.map((call) => [call.usedBy, call] as const))(
		'offer the operation "%s" the table names',
		(usedBy) => {
			const [resource, operation] = usedBy.split(': ');
			const { properties } = new Symbl().description;
			const selector = properties.find(
				(property: INodeProperties) =>
					property.name === 'operation' &&
					property.displayOptions?.show?.resource?.includes(resource.toLowerCase()),
			);
			const names = (selector?.options as Array<{ name: string }>).map((option) => option.name);
			expect(names).toContain(operation);
		},
	);

	it('the trigger knows the documented job statuses', () => {
		const documented = CALLS.find((row) => row.id === 'jobStatus')!.response;
		expect(JOB_STATUSES).toHaveLength(4);
		for (const status of JOB_STATUSES) expect(documented).toContain(status);
	});
});
