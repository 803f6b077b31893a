import type { INodeProperties } from 'n8n-workflow';

import { SymblApi } from '../../../credentials/SymblApi.credentials';
import { PROCESSING_PARAMETER_NAMES } from '../../../nodes/Symbl/actions/processingParameters';
import { Symbl } from '../../../nodes/Symbl/Symbl.node';

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
