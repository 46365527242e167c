/**
 * Node options the server process is started with (`npm run server`, and the benchmark that
 * measures it). A 64 MB young-generation semi-space (Node 20's default is 16 MB): an import keeps
 * two batches of 250 parsed, validated bundles alive at once (one being written while the next is
 * prepared), more than the default young generation holds, so each batch was copied into the old
 * generation and collected there. Measured side by side (runs alternating, warm rounds), the import
 * ran faster for less server CPU per bundle (figures in docs/performance.md and docs/operations.md).
 * V8 reads it only at start-up, so it cannot be set from inside the process.
 */
export const SERVER_NODE_ARGS = ['--max-semi-space-size=64'] as const;
