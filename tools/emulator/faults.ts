/** Faults tests inject: answers Symbl would give under conditions the emulator cannot reach by itself. */
import type { JobInput, RecordedRequest } from './model';

export interface InjectedFailure {
	method?: string;
	/** Matches the request path. */
	path: RegExp;
	status: number;
	message: string;
	/** How many matching requests fail; then the failure is gone. */
	times?: number;
}

export class Faults {
	/** Decides which accepted uploads end as a failed job (none by default). */
	failJobs: (job: JobInput) => boolean = () => false;

	private failures: InjectedFailure[] = [];

	failNext(failure: InjectedFailure): void {
		this.failures.push({ times: 1, ...failure });
	}

	/** The injected failure this request meets, if any (used up as it is taken). */
	take(record: RecordedRequest): InjectedFailure | undefined {
		const index = this.failures.findIndex(
			(failure) =>
				(!failure.method || failure.method === record.method) && failure.path.test(record.path),
		);
		if (index === -1) return undefined;
		const failure = this.failures[index];
		failure.times = (failure.times ?? 1) - 1;
		if (failure.times <= 0) this.failures.splice(index, 1);
		return failure;
	}

	reset(): void {
		this.failures = [];
	}
}
