import type { INodeProperties } from 'n8n-workflow';

import { SymblApi } from '../../../credentials/SymblApi.credentials';
import * as audio from '../../../nodes/Symbl/actions/audio/Audio.resource';
import {
	PROCESSING_PARAMETER_NAMES,
	TEXT_PROCESSING_PARAMETERS,
} from '../../../nodes/Symbl/actions/processingParameters';
import * as text from '../../../nodes/Symbl/actions/text/Text.resource';
import * as video from '../../../nodes/Symbl/actions/video/Video.resource';
import { waitForCompletionFields } from '../../../nodes/Symbl/actions/waitForCompletion';
import { Symbl } from '../../../nodes/Symbl/Symbl.node';

/** Every operation of the resources that start Symbl jobs: each module with an execute(). */
const JOB_OPERATIONS = Object.entries({ video, audio, text }).flatMap(([resource, module]) =>
	Object.entries(module)
		.filter(([, value]) => typeof (value as { execute?: unknown }).execute === 'function')
		.map(([operation, value]) => [resource, operation, value as { startsJob?: boolean }] as const),
);

/** A field shown for exactly this resource and operation. */
const fieldOf = (resource: string, operation: string, name: string) =>
	new Symbl().description.properties.filter(
		(candidate) =>
			candidate.name === name &&
			candidate.displayOptions?.show?.resource?.includes(resource) &&
			candidate.displayOptions?.show?.operation?.includes(operation),
	);

const property = (name: string, operation: string): INodeProperties | undefined =>
	new Symbl().description.properties.find(
		(candidate) =>
			candidate.name === name && candidate.displayOptions?.show?.operation?.includes(operation),
	);

describe('Symbl node description', () => {
	it.each(['append', 'submit'])(
		'%s offers a field for each of the 16 Symbl query parameters',
		(operation) => {
			const options = property('options', operation)?.options as INodeProperties[];
			const names = options.map((option) => option.name);
			expect(PROCESSING_PARAMETER_NAMES).toHaveLength(16);
			for (const parameter of PROCESSING_PARAMETER_NAMES) expect(names).toContain(parameter);
		},
	);

	it('offers the 20 supported language codes', () => {
		const options = property('options', 'append')?.options as INodeProperties[];
		const languageCode = options.find((option) => option.name === 'languageCode');
		expect(languageCode?.options).toHaveLength(20);
	});

	it('asks for a conversation ID only when appending', () => {
		expect(property('conversationId', 'append')?.required).toBe(true);
		expect(property('conversationId', 'submit')).toBeUndefined();
	});

	it('covers the ten upload operations', () => expect(JOB_OPERATIONS).toHaveLength(10));

	it.each(JOB_OPERATIONS)(
		'%s %s starts a job, offers Wait for Completion and the upload options',
		(resource, operation, module) => {
			expect(module.startsJob).toBe(true);
			const offered = new Symbl().description.properties.find(
				(property) =>
					property.name === 'operation' &&
					property.displayOptions?.show?.resource?.[0] === resource,
			)?.options as Array<{ value: string }>;
			expect(offered.map((option) => option.value)).toContain(operation);
			for (const { name } of waitForCompletionFields) {
				expect(fieldOf(resource, operation, name)).toHaveLength(1);
			}
			const [options] = fieldOf(resource, operation, 'options');
			const names = (options.options as INodeProperties[]).map((option) => option.name);
			const parameters =
				resource === 'text'
					? TEXT_PROCESSING_PARAMETERS.map(({ name }) => name)
					: PROCESSING_PARAMETER_NAMES;
			for (const parameter of PROCESSING_PARAMETER_NAMES) {
				expect({ parameter, offered: names.includes(parameter) }).toEqual({
					parameter,
					offered: parameters.includes(parameter),
				});
			}
			expect(names.includes('skipFormatCheck')).toBe(
				!/Url$/.test(operation) && resource !== 'text',
			);
		},
	);

	it.each(JOB_OPERATIONS)(
		'%s %s says what Retry On Fail repeats (no duplicate Symbl job), and waits 300 s for silence',
		(resource, operation) => {
			const [notice] = fieldOf(resource, operation, 'retryNotice');
			expect(notice.type).toBe('notice');
			expect(notice.displayName).toMatch(/retries .* itself/);
			expect(notice.displayName).toMatch(
				/no duplicate Symbl job.*Retry On Fail only repeats uploads Symbl refused/,
			);
			const [options] = fieldOf(resource, operation, 'options');
			const timeout = (options.options as INodeProperties[]).find(
				(option) => option.name === 'timeoutSeconds',
			);
			expect(timeout?.default).toBe(300);
		},
	);

	it.each([
		['job', 'get'],
		['conversation', 'getResults'],
		['conversation', 'getMessages'],
		['conversation', 'getTranscript'],
		['conversation', 'delete'],
	])('%s %s (a read) waits 30 s for silence by default', (resource, operation) => {
		const [options] = fieldOf(resource, operation, 'options');
		const timeout = (options.options as INodeProperties[]).find(
			(option) => option.name === 'timeoutSeconds',
		);
		expect(timeout?.default).toBe(30);
	});

	it('is usable as an AI tool and uses the Symbl credential', () => {
		const { description } = new Symbl();
		expect(description.usableAsTool).toBe(true);
		expect(description.credentials).toEqual([{ name: 'symblApi', required: true }]);
	});

	it('keeps the App Secret and the token as password fields', () => {
		const fields = new SymblApi().properties;
		expect(fields.find((field) => field.name === 'appSecret')?.typeOptions?.password).toBe(true);
		expect(fields.find((field) => field.name === 'accessToken')).toMatchObject({
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
		});
	});
});
