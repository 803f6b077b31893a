/** Medians, percentiles and a bootstrap interval for the benchmark's per-round ratios. */

export function median(values: number[]): number {
	const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
	if (!sorted.length) return NaN;
	const mid = sorted.length >> 1;
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** A small seeded generator (mulberry32): the same data gives the same interval in every report. */
function random(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/**
 * The median of `values` with a percentile-bootstrap 95% interval: the rounds resampled with
 * replacement `resamples` times, the 2.5th and 97.5th percentiles of the resampled medians.
 */
export function medianWithInterval(
	values: number[],
	resamples = 10_000,
): { median: number; low: number; high: number; n: number } {
	const finite = values.filter(Number.isFinite);
	if (!finite.length) return { median: NaN, low: NaN, high: NaN, n: 0 };
	const next = random(0x5eed);
	const medians: number[] = [];
	for (let b = 0; b < resamples; b++) {
		const sample = Array.from(
			{ length: finite.length },
			() => finite[Math.floor(next() * finite.length)],
		);
		medians.push(median(sample));
	}
	medians.sort((a, b) => a - b);
	return {
		median: median(finite),
		low: medians[Math.floor(0.025 * resamples)],
		high: medians[Math.ceil(0.975 * resamples) - 1],
		n: finite.length,
	};
}

/** How much a series moves: (max − min) ÷ median, and the median change from one round to the next. */
export function spread(values: number[]): { range: number; roundToRound: number } {
	const finite = values.filter(Number.isFinite);
	const m = median(finite);
	const steps = finite.slice(1).map((value, i) => Math.abs(value / finite[i] - 1));
	return {
		range: (Math.max(...finite) - Math.min(...finite)) / m,
		roundToRound: median(steps),
	};
}
