/** The nodes agree with the contract table: the parameters they send, languages, results, statuses. */
import type { INodeProperties } from 'n8n-workflow';

import { CALLS, LANGUAGE_CODES, PARAMETERS, RESULTS } from '../../emulator/contract';
import {
	LANGUAGE_CODES as NODE_LANGUAGES,
	PROCESSING_PARAMETER_NAMES,
} from '../../../nodes/Symbl/actions/processingOptions';
import { Symbl } from '../../../nodes/Symbl/Symbl.node';
import { JOB_STATUSES } from '../../../nodes/SymblTrigger/SymblTrigger.node';

describe('the nodes and the contract table', () => {
	it('send exactly the processing parameters the table documents', () => {
		expect([...PROCESSING_PARAMETER_NAMES].sort()).toEqual(
			PARAMETERS.map((row) => row.name).sort(),
		);
	});

	it('offer exactly the documented language codes', () => {
		expect(NODE_LANGUAGES.map(([code]) => code)).toEqual([...LANGUAGE_CODES]);
	});

	it('Get Results offers exactly the results the table documents', () => {
		const results = new Symbl().description.properties.find(
			(property: INodeProperties) => property.name === 'results',
		);
		const offered = (results?.options as Array<{ value: string }>).map((option) => option.value);
		expect(offered.sort()).toEqual(RESULTS.map((row) => row.name).sort());
	});

	it('the trigger knows the documented job statuses', () => {
		const documented = CALLS.find((row) => row.id === 'jobStatus')!.response;
		expect(JOB_STATUSES).toHaveLength(4);
		for (const status of JOB_STATUSES) expect(documented).toContain(status);
	});
});
