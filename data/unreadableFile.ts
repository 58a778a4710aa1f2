/** A file a reader cannot use, and why; whoever knows where the file came from can say how to make it again. */
export class UnreadableFile extends Error {
  constructor(
    readonly path: string,
    /** What the file should be, e.g. "a readable Arrow file". */
    readonly expected: string,
    readonly why: string,
  ) {
    super(`${path} is not ${expected} (${why})`);
  }
}
