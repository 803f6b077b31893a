/** BENCHMARKS.md's prose: what the figures mean and what was measured to explain them. */
export const METHOD_NOTES = `## Notes

(drafted; see below)
`;
