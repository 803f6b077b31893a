/** The nodes agree with the contract table: the parameters they send, languages, results, statuses. */
import type { INodeProperties } from 'n8n-workflow';

import { CALLS, LANGUAGE_CODES, PARAMETERS, RESULTS } from '../../emulator/contract';
import {
	LANGUAGE_CODES as NODE_LANGUAGES,
	PROCESSING_PARAMETER_NAMES,
} from '../../../nodes/Symbl/actions/processingParameters';
import { Symbl } from '../../../nodes/Symbl/Symbl.node';
import { JOB_STATUSES } from '../../../nodes/shared/constants';

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

	it('the trigger knows the documented job statuses', () => {
		const documented = CALLS.find((row) => row.id === 'jobStatus')!.response;
		expect(JOB_STATUSES).toHaveLength(4);
		for (const status of JOB_STATUSES) expect(documented).toContain(status);
	});
});
