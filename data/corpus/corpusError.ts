/** A problem that stops the run before any work (missing folder, labels without FileName). */
export class CorpusError extends Error {}
