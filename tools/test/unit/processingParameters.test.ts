import type { INode } from 'n8n-workflow';

import type { ProcessingParameter } from '../../../nodes/Symbl/actions/processingParameters';
import {
	PROCESSING_PARAMETERS,
	processingParameterFields,
	readProcessingParameters,
	toQuery,
} from '../../../nodes/Symbl/actions/processingParameters';

const node = { name: 'Symbl', type: 'n8n-nodes-symbl.symbl' } as INode;

// A made-up parameter: adding it to the table is the whole change a new parameter needs.
const speakerLabels: ProcessingParameter = {
	name: 'speakerLabels',
	requires: 'enableSpeakerDiarization',
	field: { displayName: 'Speaker Labels', type: 'string', default: '' },
	read: (value, fail) => {
		if (value === undefined) return undefined;
		const labels = String(value).split(',');
		if (labels.some((label) => label.trim() === '')) fail('has an empty label');
		return labels;
	},
};
const table = [...PROCESSING_PARAMETERS, speakerLabels];

describe('processing parameter table', () => {
	it('derives the UI field, with the display condition of the parameter it requires', () => {
		const field = processingParameterFields(table).find(({ name }) => name === 'speakerLabels');
		expect(field).toMatchObject({
			displayName: 'Speaker Labels',
			displayOptions: { show: { enableSpeakerDiarization: [true] } },
		});
	});

	it('derives the value for a URL upload body and the query of a file upload', () => {
		const options = { enableSpeakerDiarization: true, speakerLabels: 'Ann,Bob', mode: 'phone' };
		const values = readProcessingParameters(node, 0, options, table);
		expect(values).toEqual({
			enableSpeakerDiarization: true,
			mode: 'phone',
			speakerLabels: ['Ann', 'Bob'],
		});
		expect(toQuery(values)).toEqual({
			enableSpeakerDiarization: 'true',
			mode: 'phone',
			speakerLabels: '["Ann","Bob"]',
		});
	});

	it('derives validation that names the item and the field', () => {
		const options = { enableSpeakerDiarization: true, speakerLabels: 'Ann,' };
		expect(() => readProcessingParameters(node, 3, options, table)).toThrow(
			'Item 3: "Speaker Labels" has an empty label',
		);
	});

	it('sends nothing for a parameter whose required switch is off', () => {
		expect(readProcessingParameters(node, 0, { speakerLabels: 'Ann' }, table)).toEqual({});
	});
});
