import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { finished } from 'node:stream/promises';
import type * as Arrow from 'apache-arrow';
import type { RecordBatchFileWriter, Schema, Table } from 'apache-arrow';
import { UnreadableFile } from './unreadableFile.js';

let arrowModule: typeof Arrow | undefined;
/** apache-arrow (some 150 modules) loads on first use, so commands that never touch a feature file start without it. */
function arrow(): typeof Arrow {
  return (arrowModule ??= createRequire(import.meta.url)('apache-arrow') as typeof Arrow);
}

/**
 * The feature store: one Apache Arrow IPC file per set, an `id` column (utf8) then one float32
 * column per feature, named as openSMILE names them. pandas (`read_feather`), polars (`read_ipc`) and
 * pyarrow read it as is. Rows are written in batches, so a large set never sits in memory twice.
 */
export class FeatureWriter {
  private readonly writer: RecordBatchFileWriter;
  private readonly done: Promise<void>;
  private readonly schema: Schema;
  private ids: string[] = [];
  private rows: Float32Array[] = [];

  constructor(
    path: string,
    readonly names: readonly string[],
    private readonly batchRows = 512,
  ) {
    const { Field, Float32, RecordBatchFileWriter, Schema, Utf8 } = arrow();
    this.schema = new Schema([new Field('id', new Utf8(), false), ...names.map((n) => new Field(n, new Float32(), false))]);
    this.writer = new RecordBatchFileWriter();
    const sink = createWriteStream(path);
    this.writer.toNodeStream().pipe(sink);
    this.done = finished(sink);
  }

  add(id: string, features: Float32Array): void {
    if (features.length !== this.names.length) throw new Error(`${id}: ${features.length} features, expected ${this.names.length}`);
    this.ids.push(id);
    this.rows.push(features);
    if (this.ids.length >= this.batchRows) this.flush();
  }

  private flush(): void {
    const { Float32, makeData, RecordBatch, Struct, Utf8, vectorFromArray } = arrow();
    const n = this.ids.length;
    const columns = this.names.map((_, j) => {
      const column = new Float32Array(n);
      for (let i = 0; i < n; i++) column[i] = this.rows[i][j];
      return makeData({ type: new Float32(), length: n, data: column });
    });
    const idData = vectorFromArray(this.ids, new Utf8()).data[0];
    const struct = makeData({ type: new Struct(this.schema.fields), length: n, children: [idData, ...columns] });
    this.writer.write(new RecordBatch(this.schema, struct));
    this.ids = [];
    this.rows = [];
  }

  /** Writes the last batch and closes the file (a set with no rows still gets a valid file with its schema). */
  async close(): Promise<void> {
    if (this.ids.length) this.flush();
    else this.writer.reset(undefined, this.schema);
    this.writer.finish();
    await this.done;
  }
}

export interface FeatureMatrix {
  ids: string[];
  names: string[];
  /** Row-major, ids.length × names.length. */
  values: Float32Array;
}

const ARROW_MAGIC = 'ARROW1';

/** Why an Arrow file's bytes cannot be the feature store's, or undefined (apache-arrow itself reads a truncated file as null fields, and an empty one as an empty table). */
function framingProblem(bytes: Buffer): string | undefined {
  if (bytes.length === 0) return 'empty';
  if (bytes.toString('latin1', 0, ARROW_MAGIC.length) !== ARROW_MAGIC) return 'it does not start as an Arrow file';
  if (bytes.length < 2 * ARROW_MAGIC.length + 2 || bytes.toString('latin1', bytes.length - ARROW_MAGIC.length) !== ARROW_MAGIC) return 'truncated: no Arrow footer';
  return undefined;
}

/** Reads a feature file into a row-major matrix (the layout the models take); an unusable file throws UnreadableFile. */
export async function readFeatureMatrix(path: string): Promise<FeatureMatrix> {
  const bytes = await readFile(path);
  const unreadable = (why: string) => new UnreadableFile(path, 'a readable Arrow file', why);
  const framing = framingProblem(bytes);
  if (framing) throw unreadable(framing);
  let table: Table;
  try {
    table = arrow().tableFromIPC(bytes);
  } catch (e) {
    // apache-arrow trips over damaged metadata as a TypeError on a null field, which says nothing to a user.
    throw unreadable(e instanceof TypeError ? 'its Arrow metadata is damaged' : (e as Error).message);
  }
  const idIndex = table.schema.fields.findIndex((f) => f.name === 'id');
  if (idIndex < 0) throw unreadable('no id column');
  const columns = table.schema.fields.map((f, index) => ({ name: f.name, index })).filter((c) => c.name !== 'id');
  const names = columns.map((c) => c.name);
  const ids = Array.from(table.getChildAt(idIndex)!.toArray() as ArrayLike<string>);
  const values = new Float32Array(ids.length * names.length);
  columns.forEach(({ name, index }, j) => {
    // By position: looking columns up by name is linear in the column count.
    const column = table.getChildAt(index)!.toArray() as Float32Array;
    for (let i = 0; i < ids.length; i++) {
      // The store never holds non-finite values: one here is damage that would turn every score into NaN.
      if (!Number.isFinite(column[i])) throw unreadable(`${ids[i]}: ${name} is ${column[i]}`);
      values[i * names.length + j] = column[i];
    }
  });
  return { ids, names, values };
}
